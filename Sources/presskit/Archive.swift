import ArgumentParser
import Foundation
import PressKit

extension Presskit {
    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: "Keep the press office's own copy of each asset file whose link works, or verify the copies kept.",
            discussion: """
                Downloads each chosen asset whose last check says its link works into a content-addressed store \
                (Policies/archive.yaml: archive_dir, default archive/ beside the database; files at sha256/ab/cdef…), \
                hashing while it streams; identical files are stored once. Limits: max_file_bytes, max_total_bytes, \
                kinds. An interrupted download resumes (Range + If-Range); a file is fetched again only when its \
                validators say it changed. --verify re-hashes every stored file instead and reports any whose bytes \
                changed.
                """ + "\n\n" + ExitStatus.paragraph([.success, .problemsFound, .invalidInput, .databaseUnavailable, .checkRunning], details: [
                    .success: "every chosen link is archived or unchanged",
                    .problemsFound: "a link could not be archived (not working, over a limit, failed), or --verify found a damaged file",
                    .checkRunning: "another archive is running on the same folder",
                ]))

        @Argument(help: ArgumentHelp("Events whose assets to archive (ids or unambiguous prefixes).", valueName: "event"))
        var events: [String] = []

        @Flag(help: "Archive the assets of every event.")
        var all = false

        @Option(name: .customLong("kind"), help: ArgumentHelp("Only assets of this kind; repeatable.", valueName: "kind"))
        var kinds: [AssetKind] = []

        @Flag(help: "Re-hash every stored file and report those whose bytes no longer match (downloads nothing).")
        var verify = false

        @Option(help: "Output format: text or json.")
        var format: ArchiveFormat = .text

        @Option(help: ArgumentHelp("Downloads at once (default: link-check.yaml's concurrency).", valueName: "n"))
        var concurrency: Int?

        @Flag(help: "No progress bar on a terminal.")
        var quiet = false

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if verify {
                if all || !events.isEmpty || !kinds.isEmpty { throw ValidationError("--verify checks the whole archive; name no events, --all or --kind") }
                return
            }
            if all && !events.isEmpty { throw ValidationError("name events, or pass --all, not both") }
            if !all && events.isEmpty { throw ValidationError("name the events to archive, or pass --all (or --verify)") }
            if let concurrency, !(1...1_000).contains(concurrency) { throw ValidationError("--concurrency must be from 1 to 1000") }
        }

        func run() async throws {
            if verify {
                let report = try ArchiveVerification(database: database.resolvedPath, policies: policies.folder).run()
                Terminal.write(format == .json ? report.json() : report.text())
                if !report.failures.isEmpty { throw ExitStatus.problemsFound }
                return
            }
            var operation = ArchiveOperation(database: database.resolvedPath, policies: policies.folder, scope: all ? .all : .events(events))
            operation.kinds = kinds
            operation.concurrency = concurrency
            let bar = ProgressBar(enabled: !quiet && Terminal.standardErrorIsTerminal)
            let summary: ArchiveSummary
            do {
                defer { bar.finish() }
                summary = try await operation.run(notes: Terminal.notes) { bar.update($0) }
            }
            Terminal.write(format == .json ? summary.json() : summary.text())
            if summary.problems > 0 { throw ExitStatus.problemsFound }
        }
    }
}
