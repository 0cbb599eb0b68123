import ArgumentParser
import Foundation
import PressKit

extension Presskit {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check that the links of events' assets and web stories work, and record the results.",
            discussion: """
                Each distinct URL is fetched once (HEAD, or a bounded ranged GET when HEAD is refused) and gets a \
                verdict: ok, redirected, broken, server-error, rate-limited, timeout, dns, refused, reset, tls, \
                wrong-type, too-large, blocked or unverifiable (rules in README.md). Results are committed as they \
                arrive. A working link's file is also probed for its media properties (size in pixels, duration, \
                codecs, pages; policy `probe`, by default when the file is new or changed) with range requests \
                within a byte budget; a file short of the policy's `expect` is reported off-spec. --due checks only the links that are due (Policies/link-check.yaml, `recheck`), most \
                urgent first, within --max-urls and --max-duration; --notify then sends what changed to the \
                channels of Policies/notifications.yaml. One check runs at a time per database.
                """ + "\n\n" + ExitStatus.paragraph(ExitStatus.allCases, details: [
                    .success: "no link has a --fail-on verdict",
                    .problemsFound: "a link has a --fail-on verdict",
                    .checkRunning: "after --wait, if given",
                    .networkUnavailable: "the network is down on this side; nothing recorded",
                ]))

        @Argument(help: ArgumentHelp("Events to check (ids or unambiguous prefixes).", valueName: "event"))
        var events: [String] = []

        @Flag(help: "Check every event in the catalogue.")
        var all = false

        @Flag(help: "Check only the links that are due, most urgent first (for a schedule).")
        var due = false

        @Option(name: .customLong("max-urls"), help: ArgumentHelp("With --due: check at most this many links.", valueName: "n"))
        var maxURLs: Int?

        @Option(name: .customLong("max-duration"), help: ArgumentHelp(
            "Stop after this long (e.g. 12m); links not reached stay due.", valueName: "duration"), transform: ArgumentDuration.parse)
        var maxDuration: ArgumentDuration?

        @Flag(name: .customLong("dry-run"), help: "With --due: list the links that are due, most urgent first, with why, their phase and events; check and change nothing.")
        var dryRun = false

        @Flag(help: "After the run, send what changed to the channels in notifications.yaml (and retry what failed before).")
        var notify = false

        @Option(help: ArgumentHelp("Wait this long (e.g. 5m) for another check of the database to end (default: do not wait).", valueName: "duration"),
                transform: ArgumentDuration.parse)
        var wait: ArgumentDuration?

        @Option(name: .customLong("kind"), help: ArgumentHelp("Only assets of this kind (webstory includes stories' web stories); repeatable.", valueName: "kind"))
        var kinds: [AssetKind] = []

        @Option(help: "Output format: text, json, junit or markdown.")
        var format: CheckFormat = .text

        @Option(help: ArgumentHelp("Links checked at once (default: the policy's concurrency, \(LinkCheckPolicy().fetch.totalConcurrency)).", valueName: "n"))
        var concurrency: Int?

        @Option(name: .customLong("fail-on"), parsing: .upToNextOption, help: ArgumentHelp(
            "Verdicts that make the run exit \(ExitStatus.problemsFound.rawValue), in any case, repeated or as a comma list (default: all but ok, redirected and unverifiable; add off-spec to fail on media short of the policy's expect).",
            valueName: "verdict"), transform: FailOnList.parse)
        var failOn: [FailOnList] = []

        @Flag(inversion: .prefixedNo, help: ArgumentHelp(
            "Probe every working link's media this run (--no-probe: none); default: the policy's probe, changed files only."))
        var probe: Bool?

        @Flag(help: "No progress bar on a terminal.")
        var quiet = false

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if [all, due, !events.isEmpty].filter({ $0 }).count > 1 { throw ValidationError("name events, or pass --all or --due, not several") }
            if !all && !due && events.isEmpty { throw ValidationError("name the events to check, or pass --all or --due") }
            if due && !kinds.isEmpty { throw ValidationError("--due checks every due link; --kind does not apply") }
            if maxURLs != nil && !due { throw ValidationError("--max-urls applies to --due") }
            if dryRun && (!due || notify) { throw ValidationError("--dry-run applies to --due, without --notify") }
            if let maxURLs, maxURLs < 1 { throw ValidationError("--max-urls must be at least 1") }
            if let concurrency, !(1...10_000).contains(concurrency) { throw ValidationError("--concurrency must be from 1 to 10000") }
        }

        func run() async throws {
            var check = CheckOperation(database: database.resolvedPath, policies: policies.folder,
                                       scope: due ? .due(limit: maxURLs) : all ? .all : .events(events))
            check.kinds = kinds
            check.format = format
            check.failOn = failOn.isEmpty ? nil : Set(failOn.flatMap(\.problems))
            check.budget = maxDuration?.duration
            check.wait = wait?.stated
            check.concurrency = concurrency
            check.probe = probe
            check.notify = notify
            check.dryRun = dryRun
            check.outputWidth = Terminal.outputWidth
            let bar = ProgressBar(enabled: !quiet && Terminal.standardErrorIsTerminal)
            // Only the checks are interrupted this way; afterwards (notifications) a signal acts as usual.
            let interruption = Interruption()
            let hooks = CheckOperation.Hooks(progress: { bar.update($0) },
                                             checksStarted: { interruption.watch($0) },
                                             checksEnded: { bar.finish(); return interruption.end() != nil })
            var output = BufferedStandardOutput()
            switch try await check.run(writingTo: &output, notes: Terminal.notes, hooks: hooks) {
            case .finished(let failing):
                if failing > 0 { throw ExitStatus.problemsFound }
            case .networkUnavailable:
                throw ExitStatus.networkUnavailable
            case .interrupted:
                throw interruption.exitStatus.flatMap(ExitStatus.init(rawValue:)) ?? ExitStatus.interrupted
            }
        }
    }
}
