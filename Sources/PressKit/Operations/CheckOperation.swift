import Catalogue
import Fetcher
import Foundation

/// A link check as `presskit check` runs it, scheduled or by hand: the policies read, the database
/// opened and its run lock taken (waiting up to `wait`), the links brought up to date and the due
/// ones chosen, the run itself with its progress, then the report, and with `notify` the digest
/// sent and committed. `dryRun` lists what is due instead, reading only.
///
/// What the terminal owns stays outside: the progress bar and the signals that stop a run reach
/// it through `Hooks`.
public struct CheckOperation: Sendable {
    /// Which links: those of the named events (ids or unambiguous prefixes), of every event, or
    /// the ones that are due, most urgent first, at most `limit`.
    public enum Scope: Sendable, Equatable {
        case events([String])
        case all
        case due(limit: Int?)
    }

    /// How the run ended, for the exit status; the report is written already.
    public enum Outcome: Sendable, Equatable {
        /// Checked (or listed, for a dry run); `failing` links have a `failOn` verdict or flag.
        case finished(failing: Int)
        /// No host could be reached: the network is down on this side; nothing was recorded.
        case networkUnavailable
        /// Stopped from outside (`Hooks.checksEnded` said so); what was checked is recorded.
        case interrupted
    }

    /// The terminal's part: the progress of the checks, and stopping them from outside.
    public struct Hooks {
        /// Every so often while links are checked.
        public var progress: @Sendable (CheckProgress) -> Void
        /// When the checks start, with the action that stops them (the run then records what it has).
        public var checksStarted: (_ stop: @escaping @Sendable () -> Void) -> Void
        /// When the checks end, before the report; true when they were stopped from outside.
        /// Afterwards (notifications) nothing is stopped this way.
        public var checksEnded: () -> Bool

        public init(progress: @escaping @Sendable (CheckProgress) -> Void = { _ in },
                    checksStarted: @escaping (_ stop: @escaping @Sendable () -> Void) -> Void = { _ in },
                    checksEnded: @escaping () -> Bool = { false }) {
            self.progress = progress
            self.checksStarted = checksStarted
            self.checksEnded = checksEnded
        }
    }

    public var database: String
    public var policies: PolicySet
    public var scope: Scope
    /// Only assets of these kinds (not with `.due`); empty for all.
    public var kinds: [AssetKind] = []
    public var format: CheckFormat = .text
    /// What makes a link count as failing; nil for the default (every verdict that is not working).
    public var failOn: Set<LinkProblem>?
    /// Stop after this long; links not reached stay due.
    public var budget: Duration?
    /// How long to wait for another check of the database to end, as the person wrote it; nil: do not wait.
    public var wait: StatedDuration?
    /// Links checked at once instead of the policy's concurrency.
    public var concurrency: Int?
    /// Probe every working link's media (true) or none (false) instead of the policy's `probe`.
    public var probe: Bool?
    public var notify = false
    public var dryRun = false
    /// The width a dry run's listing may take (a terminal's), nil for no limit.
    public var outputWidth: Int?

    public init(database: String, policies: PolicySet, scope: Scope) {
        self.database = database
        self.policies = policies
        self.scope = scope
    }

    /// The verdicts and flags counted as failing: `failOn`, else the default.
    var failingConditions: Set<LinkProblem> {
        failOn ?? FailurePolicy.defaultFailOn
    }

    public func run(writingTo output: inout some FlushingOutput, notes: OperationNotes, hooks: Hooks = Hooks()) async throws -> Outcome {
        var policy = try policies.linkCheckPolicy()
        if let concurrency { policy.fetch.totalConcurrency = concurrency }
        if let probe { policy.probe = probe ? .always : .never }
        let notificationPolicy = try notify ? policies.notificationPolicy() : nil
        // libcurl loads while the database opens and the links are counted (a dry run fetches nothing).
        let libcurl = dryRun ? nil : LibcurlPreload()
        defer { libcurl?.wait() }
        // A dry run reads only: the database file is byte for byte the same afterwards.
        let store = try dryRun ? CatalogueDatabase.openExisting(database) : CatalogueDatabase.openForChecks(database)
        // The process may end as soon as this returns: the database file is whole before it does.
        defer { store.close() }
        if dryRun {
            let limit: Int? = if case .due(let limit) = scope { limit } else { nil }
            let now = Date()
            let due = try withDatabase(store) { try store.dueLinks(at: now, limit: limit) }
            output.write(due.isEmpty ? "Nothing is due.\n" : DueListing(due, rules: policy.recheck, now: now).render(maxWidth: outputWidth))
            output.flush()
            return .finished(failing: 0)
        }
        let lock: CheckLock
        do {
            lock = try await CheckLock(database: store.path, wait: wait?.duration ?? .zero)
        } catch let busy as CheckLock.Busy {
            let advice = wait.map { "it was still running after --wait \($0.text)" } ?? "try again when it ends, or pass --wait"
            throw OperationFailure("\(busy); \(advice)", reason: .checkRunning)
        } catch let unavailable as CheckLock.Unavailable {
            throw OperationFailure("\(unavailable); the database's folder must be writable", reason: .databaseUnavailable)
        }
        defer { withExtendedLifetime(lock) {} }
        // Links of events changed by an import are due at once; bringing them up to date before
        // any check (not only --due) lets this run's results set when they are due next.
        try withDatabase(store) { try store.syncLinks() }
        let selection: LinkSelection
        switch scope {
        case .due(let limit):
            selection = LinkSelection(urls: try withDatabase(store) { try store.dueURLs(at: Date(), limit: limit) })
        case .all:
            selection = LinkSelection(events: nil, kinds: kinds)
        case .events(let references):
            selection = LinkSelection(events: try references.map { try resolveEvent($0, in: store) }, kinds: kinds)
        }
        notes.staleCatalogue(store, events: selection.events)
        let total = try withDatabase(store) { try store.linkTargetCount(selection) }
        let failOn = failingConditions
        let listing = try LinkListing.needed(for: format, failOn: failOn)
        // Loaded before the checks start: from here on a signal or a failed write may end the process.
        libcurl?.wait()
        let report: CheckReport
        do {
            var run = LinkCheckRun(store: store, policy: policy)
            // This process ends with the run: its bookkeeping may leave threads lowered.
            run.lowersBookkeepingPriority = true
            let budget = self.budget
            let progress = hooks.progress
            let checking = Task { try await run.run(selection, total: total, listing: listing, budget: budget, progress: progress) }
            hooks.checksStarted { checking.cancel() }
            report = try await checking.value
        } catch let failure as LinkCheckRun.StoreFailure {
            _ = hooks.checksEnded()
            // Reported like the store's other failures (see withDatabase).
            throw CatalogueDatabase.failure(store, failure.underlying)
        }
        let stopped = hooks.checksEnded()
        if report.interrupted && stopped {
            notes.line("presskit: \(report.interruptionSummary)")
            return .interrupted
        }
        if let outage = report.outage {
            notes.line("presskit: \(outage.message)")
            if let notificationPolicy {
                try await sendDigest(store: store, policy: policy, notifications: notificationPolicy, notes: notes) { try $0.buildOutageNotice(outage) }
            }
            return .networkUnavailable
        }
        try format.renderer(failOn: failOn).write(report, listing: listing, to: &output)
        output.flush()
        if let notificationPolicy {
            let reachedHosts = report.total > 0
            try await sendDigest(store: store, policy: policy, notifications: notificationPolicy, notes: notes) { try $0.build(reachedHosts: reachedHosts) }
        }
        return .finished(failing: report.failureCount(failOn: failOn))
    }

    /// Queues what changed since the last digest for every channel, then delivers everything
    /// pending; a failed delivery stays queued for the next run and never fails the check.
    private func sendDigest(store: CatalogueStore, policy: LinkCheckPolicy, notifications: NotificationPolicy, notes: OperationNotes,
                            build: (DigestBuilder) throws -> DigestBuilder.Outcome) async throws {
        if !notifications.isConfigured {
            notes.line("presskit: no notification channels in \(policies.notificationsPath): nothing sent")
        }
        let builder = DigestBuilder(store: store, certificateWarningDays: policy.certificateWarningDays,
                                    reminderAfter: notifications.reminderAfter)
        let outcome = try withDatabase(store) { try build(builder) }
        let summary: NotificationSummary
        do {
            summary = try await Notifier(policy: notifications, store: store).notify(outcome.digest.isEmpty ? nil : outcome.digest)
        } catch {
            throw OperationFailure("catalogue '\(store.path)': \(error)", reason: .databaseUnavailable)
        }
        try withDatabase(store) { try builder.commit(outcome) }
        for line in summary.lines { notes.line(line) }
    }
}
