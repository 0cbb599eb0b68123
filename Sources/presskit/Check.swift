import ArgumentParser
import Catalogue
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

                Exit 0 when no link has a --fail-on verdict, 1 when some has, 2 for usage or input errors, 3 when \
                the database is unavailable, 4 when another check holds the database (after --wait), 5 when no host \
                could be reached (the network is down on this side; nothing recorded), 130 or 143 when interrupted.
                """)

        @Argument(help: ArgumentHelp("Events to check (ids or unambiguous prefixes).", valueName: "event"))
        var events: [String] = []

        @Flag(help: "Check every event in the catalogue.")
        var all = false

        @Flag(help: "Check only the links that are due, most urgent first (for a schedule).")
        var due = false

        @Option(name: .customLong("max-urls"), help: ArgumentHelp("With --due: check at most this many links.", valueName: "n"))
        var maxURLs: Int?

        @Option(name: .customLong("max-duration"), help: ArgumentHelp(
            "Stop after this long (e.g. 12m); links not reached stay due.", valueName: "duration"))
        var maxDuration: String?

        @Flag(name: .customLong("dry-run"), help: "With --due: list the links that are due, most urgent first, with why, their phase and events; check and change nothing.")
        var dryRun = false

        @Flag(help: "After the run, send what changed to the channels in notifications.yaml (and retry what failed before).")
        var notify = false

        @Option(help: ArgumentHelp("Wait this long (e.g. 5m) for another check of the database to end (default: do not wait).", valueName: "duration"))
        var wait: String?

        @Option(name: .customLong("kind"), help: ArgumentHelp("Only assets of this kind (webstory includes stories' web stories); repeatable.", valueName: "kind"))
        var kinds: [AssetKind] = []

        @Option(help: "Output format: text, json, junit or markdown.")
        var format: CheckFormat = .text

        @Option(help: ArgumentHelp("Links checked at once (default: the policy's concurrency, \(LinkCheckPolicy().fetch.totalConcurrency)).", valueName: "n"))
        var concurrency: Int?

        @Option(name: .customLong("fail-on"), parsing: .upToNextOption, help: ArgumentHelp(
            "Verdicts that make the run exit 1 (default: all but ok, redirected and unverifiable; add off-spec to fail on media short of the policy's expect).", valueName: "verdict"))
        var failOn: [String] = []

        @Flag(inversion: .prefixedNo, help: ArgumentHelp(
            "Probe every working link's media this run (--no-probe: none); default: the policy's probe, changed files only."))
        var probe: Bool?

        @Flag(help: "No progress bar on a terminal.")
        var quiet = false

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        /// `--fail-on` as verdict names: comma lists split, any case accepted (`--fail-on Broken,DNS`).
        private var failOnVerdicts: [String] {
            failOn.flatMap { $0.split(separator: ",").map { $0.lowercased() } }
        }

        func validate() throws {
            if [all, due, !events.isEmpty].filter({ $0 }).count > 1 { throw ValidationError("name events, or pass --all or --due, not several") }
            if !all && !due && events.isEmpty { throw ValidationError("name the events to check, or pass --all or --due") }
            if due && !kinds.isEmpty { throw ValidationError("--due checks every due link; --kind does not apply") }
            if maxURLs != nil && !due { throw ValidationError("--max-urls applies to --due") }
            if dryRun && (!due || notify) { throw ValidationError("--dry-run applies to --due, without --notify") }
            if let maxURLs, maxURLs < 1 { throw ValidationError("--max-urls must be at least 1") }
            for (name, value) in [("--max-duration", maxDuration), ("--wait", wait)] {
                if let value, PolicyDuration.parse(value, maximumSeconds: 7 * 86_400) == nil {
                    throw ValidationError("\(name) '\(value)' is not a duration like 90s, 12m or 2h")
                }
            }
            if let concurrency, !(1...10_000).contains(concurrency) { throw ValidationError("--concurrency must be from 1 to 10000") }
            let names = FailurePolicy.names
            let unknown = failOnVerdicts.filter { !names.contains($0) }
            if !unknown.isEmpty {
                throw ValidationError("unknown verdict \(unknown.map { "'\($0)'" }.joined(separator: ", ")) for --fail-on; use \(names.joined(separator: ", "))")
            }
        }

        func run() async throws {
            var policy = try policies.linkCheckPolicy()
            if let concurrency { policy.fetch.totalConcurrency = concurrency }
            if let probe { policy.probe = probe ? .always : .never }
            let notificationPolicy = try notify ? policies.notificationPolicy() : nil
            // A dry run reads only: the database file is byte for byte the same afterwards.
            let store = try dryRun ? database.openExisting() : database.openForChecks()
            if dryRun {
                let now = Date()
                let due = try withDatabase(store) { try store.dueLinks(at: now, limit: maxURLs) }
                if due.isEmpty {
                    Terminal.write("Nothing is due.\n")
                } else {
                    Terminal.write(DueListing(due, rules: policy.recheck, now: now).render(maxWidth: Terminal.outputWidth))
                }
                return
            }
            let lock: CheckLock
            do {
                lock = try await CheckLock(database: store.path, wait: wait.flatMap { PolicyDuration.parse($0, maximumSeconds: 7 * 86_400) } ?? .zero)
            } catch let busy as CheckLock.Busy {
                let advice = wait == nil ? "try again when it ends, or pass --wait" : "it was still running after --wait \(wait ?? "")"
                throw CommandFailure(message: "\(busy); \(advice)", status: .checkRunning)
            } catch let unavailable as CheckLock.Unavailable {
                throw CommandFailure(message: "\(unavailable); the database's folder must be writable", status: .databaseUnavailable)
            }
            defer { withExtendedLifetime(lock) {} }
            // Links of events changed by an import are due at once; bringing them up to date before
            // any check (not only --due) lets this run's results set when they are due next.
            try withDatabase(store) { try store.syncLinks() }
            let selection: LinkSelection
            if due {
                selection = LinkSelection(urls: try withDatabase(store) { try store.dueURLs(at: Date(), limit: maxURLs) })
            } else {
                selection = LinkSelection(events: try all ? nil : events.map { try resolveEvent($0, in: store) }, kinds: kinds)
            }
            warnAboutStaleCatalogue(store, events: selection.events)
            let total = try withDatabase(store) { try store.linkTargetCount(selection) }
            let failOn = failOn.isEmpty ? FailurePolicy.defaultFailOn : FailurePolicy.failOn(named: failOnVerdicts)
            let listing = try LinkListing.needed(for: format, failOn: failOn)
            let bar = ProgressBar(enabled: !quiet && Terminal.standardErrorIsTerminal)
            // Only the checks are interrupted this way; afterwards (notifications) a signal acts as usual.
            var interruption: Interruption? = Interruption()
            let report: CheckReport
            do {
                let budget = maxDuration.flatMap { PolicyDuration.parse($0, maximumSeconds: 7 * 86_400) }
                let run = LinkCheckRun(store: store, policy: policy)
                let checking = Task { try await run.run(selection, total: total, listing: listing, budget: budget) { bar.update($0) } }
                interruption?.onSignal { checking.cancel() }
                report = try await checking.value
            } catch let failure as LinkCheckRun.StoreFailure {
                // Reported like the store's other failures (see withDatabase).
                throw DatabaseFailure(description: "catalogue '\(store.path)': \(CatalogueStore.describe(failure.underlying))")
            }
            bar.finish()
            let interruptedBy = interruption?.exitStatus
            interruption = nil
            if report.interrupted, let status = interruptedBy {
                Terminal.printToStandardError("presskit: \(report.interruptionSummary)\n")
                Foundation.exit(status)
            }
            if let outage = report.outage {
                Terminal.printToStandardError("presskit: \(outage.message)\n")
                if let notificationPolicy {
                    try await sendDigest(store: store, policy: policy, notifications: notificationPolicy) { try $0.buildOutageNotice(outage) }
                }
                throw ExitStatus.networkUnavailable.code
            }
            var output = BufferedStandardOutput()
            try format.renderer(failOn: failOn).write(report, listing: listing, to: &output)
            output.flush()
            if let notificationPolicy {
                let reachedHosts = report.total > 0
                try await sendDigest(store: store, policy: policy, notifications: notificationPolicy) { try $0.build(reachedHosts: reachedHosts) }
            }
            if report.failureCount(failOn: failOn) > 0 { throw ExitStatus.problemsFound.code }
        }

        /// Queues what changed since the last digest for every channel, then delivers everything
        /// pending; a failed delivery stays queued for the next run and never fails the check.
        private func sendDigest(store: CatalogueStore, policy: LinkCheckPolicy, notifications: NotificationPolicy,
                                build: (DigestBuilder) throws -> DigestBuilder.Outcome) async throws {
            if !notifications.isConfigured {
                Terminal.printLineToStandardError("presskit: no notification channels in \(policies.notificationsPath): nothing sent")
            }
            let builder = DigestBuilder(store: store, certificateWarningDays: policy.certificateWarningDays,
                                        reminderAfter: notifications.reminderAfter)
            let outcome = try withDatabase(store) { try build(builder) }
            let summary: NotificationSummary
            do {
                summary = try await Notifier(policy: notifications, store: store).notify(outcome.digest.isEmpty ? nil : outcome.digest)
            } catch {
                throw DatabaseFailure(description: "catalogue '\(store.path)': \(error)")
            }
            try withDatabase(store) { try builder.commit(outcome) }
            for line in summary.lines { Terminal.printLineToStandardError(line) }
        }
    }
}
