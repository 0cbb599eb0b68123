import ArgumentParser
import Catalogue
import Foundation
import PressKit
import StrictYAML

extension Presskit {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that the links of events' assets and web stories work, and record the results.",
            discussion: """
                Each distinct URL is fetched once (HEAD, or a bounded ranged GET when HEAD is refused) and gets a
                verdict: ok, redirected, broken, server-error, rate-limited, timeout, dns, refused, reset, tls,
                wrong-type, too-large, blocked or unverifiable (rules in README.md). Results are committed as they
                arrive. Exit 0 when no link has a --fail-on verdict, 1 when some has, 2 for usage or input errors.
                """)

        @Argument(help: ArgumentHelp("Events to check (ids or unambiguous prefixes).", valueName: "event"))
        var events: [String] = []

        @Flag(help: "Check every event in the catalogue.")
        var all = false

        @Option(name: .customLong("kind"), help: ArgumentHelp("Only assets of this kind (webstory includes stories' web stories); repeatable.", valueName: "kind"))
        var kinds: [AssetKind] = []

        @Option(help: "Output format: text, json, junit or markdown.")
        var format: CheckFormat = .text

        @Option(help: ArgumentHelp("Links checked at once (default: the policy's concurrency, \(LinkCheckPolicy().fetch.totalConcurrency)).", valueName: "n"))
        var concurrency: Int?

        @Option(name: .customLong("fail-on"), parsing: .upToNextOption, help: ArgumentHelp(
            "Verdicts that make the run exit 1 (default: all but ok, redirected and unverifiable).", valueName: "verdict"))
        var failOn: [String] = []

        @Flag(help: "No progress bar on a terminal.")
        var quiet = false

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if all && !events.isEmpty { throw ValidationError("name events or pass --all, not both") }
            if !all && events.isEmpty { throw ValidationError("name the events to check, or pass --all") }
            if let concurrency, !(1...10_000).contains(concurrency) { throw ValidationError("--concurrency must be from 1 to 10000") }
            let unknown = failOn.flatMap { $0.split(separator: ",").map(String.init) }.filter { !FailurePolicy.allVerdicts.contains($0) }
            if !unknown.isEmpty {
                throw ValidationError("unknown verdict \(unknown.map { "'\($0)'" }.joined(separator: ", ")) for --fail-on; use \(FailurePolicy.allVerdicts.joined(separator: ", "))")
            }
        }

        func run() async throws {
            var policy = try policies.linkCheckPolicy()
            if let concurrency { policy.fetch.totalConcurrency = concurrency }
            let store = try database.openExisting()
            let eventIDs = try all ? nil : events.map { try resolveEvent($0, in: store) }
            let selection = LinkSelection(events: eventIDs, kinds: kinds)
            let total = try withDatabase(store) { try store.linkTargetCount(selection) }
            let failOn = failOn.isEmpty ? FailurePolicy.defaultFailOn : Set(failOn.flatMap { $0.split(separator: ",").map(String.init) })
            let listing = try LinkListing.needed(for: format, failOn: failOn)
            let bar = ProgressBar(enabled: !quiet && Terminal.standardErrorIsTerminal)
            let report: CheckReport
            do {
                report = try await LinkCheckRun(store: store, policy: policy).run(selection, total: total, listing: listing) {
                    bar.update($0)
                }
            } catch let failure as LinkCheckRun.StoreFailure {
                // Reported like the store's other failures (see withDatabase).
                throw DatabaseFailure(description: "catalogue '\(store.path)': \(failure.underlying)")
            }
            bar.finish()
            var output = BufferedStandardOutput()
            try CheckRenderers.write(report, format: format, failOn: failOn, listing: listing, to: &output)
            output.flush()
            if report.failureCount(failOn: failOn) > 0 { throw ExitStatus.problemsFound.code }
        }
    }
}
