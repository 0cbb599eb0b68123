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

        /// What was asked, as plain values: the same whether ArgumentParser read the command line or
        /// `CheckCommandLine` did.
        var request: CheckRequest {
            CheckRequest(events: events, all: all, due: due, maxURLs: maxURLs, maxDuration: maxDuration, dryRun: dryRun,
                         notify: notify, wait: wait, kinds: kinds, format: format, concurrency: concurrency, failOn: failOn,
                         probe: probe, quiet: quiet, policies: policies.folder, database: database.resolvedPath)
        }

        func validate() throws {
            if let problem = request.problem { throw ValidationError(problem) }
        }

        func run() async throws {
            try await request.run()
        }
    }
}

/// A check as asked on the command line.
struct CheckRequest {
    var events: [String] = []
    var all = false
    var due = false
    var maxURLs: Int?
    var maxDuration: ArgumentDuration?
    var dryRun = false
    var notify = false
    var wait: ArgumentDuration?
    var kinds: [AssetKind] = []
    var format: CheckFormat = .text
    var concurrency: Int?
    var failOn: [FailOnList] = []
    var probe: Bool?
    var quiet = false
    var policies: PolicySet
    var database: String

    /// What is wrong with the combination asked for, if anything.
    var problem: String? {
        if [all, due, !events.isEmpty].filter({ $0 }).count > 1 { return "name events, or pass --all or --due, not several" }
        if !all && !due && events.isEmpty { return "name the events to check, or pass --all or --due" }
        if due && !kinds.isEmpty { return "--due checks every due link; --kind does not apply" }
        if maxURLs != nil && !due { return "--max-urls applies to --due" }
        if dryRun && (!due || notify) { return "--dry-run applies to --due, without --notify" }
        if let maxURLs, maxURLs < 1 { return "--max-urls must be at least 1" }
        if let concurrency, !(1...10_000).contains(concurrency) { return "--concurrency must be from 1 to 10000" }
        return nil
    }

    func run() async throws {
        var check = CheckOperation(database: database, policies: policies,
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
