import ArgumentParser
import PressKit

extension Presskit {
    struct Draft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft",
            abstract: "Draft catalogue stories from published web story pages, for review.",
            discussion: """
                Fetches each page (through the link checker's engine and its policy, at most 2 MB a page) \
                and drafts one story per page: headline, date, summary, the page as webstory, and the videos, \
                photos, audio and documents it links, from JSON-LD, Open Graph, media elements and file links. \
                Kinds are guessed by the rules in draft.yaml of the policies folder; every guess carries a \
                YAML comment. The output is a catalogue file that `presskit validate` accepts.
                """ + "\n\n" + ExitStatus.paragraph([.success, .problemsFound, .invalidInput, .databaseUnavailable], details: [
                    .problemsFound: "some pages could not be drafted (the others are written)",
                    .invalidInput: "no page could be drafted, an unknown --event, or -o names an existing file without --force",
                    .databaseUnavailable: "--event with no usable catalogue database",
                ]))

        @Argument(help: ArgumentHelp("Web story pages (http or https).", valueName: "url"))
        var urls: [String]

        @Option(help: ArgumentHelp("Draft the stories for this event of the catalogue database (an id or unambiguous prefix) instead of an event stub.", valueName: "id"))
        var event: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the draft to this file (atomically); default standard output.", valueName: "file"))
        var output: String?

        @Flag(help: "Replace the file named by -o if it exists.")
        var force = false

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if urls.isEmpty { throw ValidationError("name at least one page to draft") }
        }

        func run() async throws {
            // Refused before any page is fetched; checked again when writing.
            if let output { try DraftOperation.checkOutput(output, force: force) }
            let outcome = try await DraftOperation(pages: urls, eventID: event, database: database.resolvedPath, policies: policies.folder).run(notes: Terminal.notes)
            if let output {
                try DraftOperation.write(outcome.yaml, to: output, force: force)
            } else {
                Terminal.write(outcome.yaml)
            }
            if !outcome.failures.isEmpty { throw ExitStatus.problemsFound }
        }
    }
}
