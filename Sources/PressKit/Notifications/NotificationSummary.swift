import Foundation

/// What one `Notifier` run did: queued, delivered, failed (kept for the next run), and what waits.
/// Every error in it is already redacted.
public struct NotificationSummary: Sendable, Equatable {
    public struct Outcome: Sendable, Equatable {
        /// The outbox row.
        public var id: Int64
        public var channel: String
        public var queuedAt: Date
        /// Attempts so far, this run's included.
        public var attempts: Int
        /// Why it failed or waits; nil when delivered.
        public var error: String?
    }

    /// Notifications added to the outbox for this run's digest (one per channel).
    public var queued = 0
    public var delivered: [Outcome] = []
    /// Tried and failed this run; kept in the outbox for the next.
    public var failed: [Outcome] = []
    /// Not tried this run because an older notification to the same channel just failed.
    public var waiting: [Outcome] = []
    /// Queued for a channel the policy no longer configures; kept in case it comes back.
    public var unconfigured: [Outcome] = []

    public init() {}

    /// Whether everything queued so far has gone out.
    public var isComplete: Bool { failed.isEmpty && waiting.isEmpty && unconfigured.isEmpty }

    /// One line per outcome, for the check's output and cron mail.
    public var lines: [String] {
        delivered.map { "notification sent to \($0.channel)" }
            + failed.map { "notification to \($0.channel) failed (attempt \($0.attempts)): \($0.error ?? "unknown error"); kept for the next run" }
            + waiting.map { "notification to \($0.channel) waits for the next run behind an older one that failed" }
            + unconfigured.map { "notification \($0.id) kept: \($0.error ?? "")" }
    }
}
