import ArgumentParser
import PressKit

extension Presskit {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Draft catalogue stories from the new items of RSS, Atom and JSON feeds, for review.",
            discussion: """
                Reads RSS 2.0 (enclosures and Media RSS), Atom 1.0 (enclosure links, media:group) and JSON Feed 1.1 \
                (attachments), from a URL or a file; a page URL whose <link rel="alternate"> names a feed is followed \
                to it. Each item not drafted before becomes a story with its media (an item without media has its \
                page drafted as `presskit draft` would), written to one file per feed and day under \
                \(IngestOperation.defaultFolder)/, never into the live catalogue: `import` skips drafts/ folders \
                unless one is named. Items drafted are remembered in the database by feed and GUID (else link), \
                so a scheduled ingest drafts only what is new.
                """ + "\n\n" + ExitStatus.paragraph([.success, .problemsFound, .invalidInput, .databaseUnavailable], details: [
                    .problemsFound: "some feeds could not be read (the others are drafted)",
                    .invalidInput: "no feed could be read",
                ]))

        @Argument(help: ArgumentHelp("Feeds: URLs (http or https) or files.", valueName: "feed"))
        var feeds: [String]

        @Option(help: ArgumentHelp("Draft only items dated on or after this day (YYYY-MM-DD); undated items are kept.", valueName: "date"))
        var since: CalendarDate?

        @Option(name: .shortAndLong, help: ArgumentHelp("The folder drafts are written to (default: \(IngestOperation.defaultFolder)).", valueName: "dir"))
        var output: String?

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if feeds.isEmpty { throw ValidationError("name at least one feed to ingest") }
        }

        func run() async throws {
            let operation = IngestOperation(feeds: feeds, since: since, folder: output, database: database.resolvedPath, policies: policies.folder)
            let outcome = try await operation.run(notes: Terminal.notes)
            Terminal.write(outcome.lines.joined(separator: "\n") + "\n")
            if !outcome.failures.isEmpty { throw ExitStatus.problemsFound }
        }
    }
}
