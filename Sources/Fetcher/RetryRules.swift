#if canImport(Glibc)
import Glibc
#endif

/// What is retried, how long to wait, and how `Retry-After` caps the wait (model: lychee's retry.rs).
///
/// Retried: 429, 502, 503, 504, connection resets and timeouts — conditions that pass. Not retried:
/// DNS failures, refused connections and TLS errors (they will not fix themselves within seconds),
/// 500/501 (a server's code failing the same way again), and every 4xx but 429.
struct RetryRules: Sendable {
    var maxRetries: Int
    var baseDelay: Duration
    var maxDelay: Duration
    var retryAfterCap: Duration

    init(_ configuration: FetchConfiguration) {
        maxRetries = configuration.maxRetries
        baseDelay = configuration.retryBaseDelay
        maxDelay = configuration.maxRetryDelay
        retryAfterCap = configuration.retryAfterCap
    }

    static let retriedStatuses: Set<Int> = [429, 502, 503, 504]

    /// Whether this outcome deserves another attempt at all (ignoring the attempt budget): a
    /// retryable verdict (`Verdict.isRetryable`), and for a status verdict one of `retriedStatuses`.
    static func isRetryable(verdict: Verdict, status: Int?) -> Bool {
        guard verdict.isRetryable else { return false }
        switch verdict {
        case .rateLimited, .serverError: return status.map(retriedStatuses.contains) ?? false
        default: return true
        }
    }

    /// Whether attempt number `attempt` (1-based) may be followed by another.
    func allowsRetry(after attempt: Int) -> Bool { attempt <= maxRetries }

    /// The wait before the next attempt: the server's `Retry-After` when it sent one (capped),
    /// otherwise exponential backoff `base × 2^(attempt-1)`, capped, with "equal jitter" (a random
    /// half of it) so many checks against one host do not retry in lockstep.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?, jitter: Double = .random(in: 0...1)) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), retryAfterCap) }
        let exponent = Double(max(0, min(attempt - 1, 30)))
        let backoff = min(baseDelay.seconds * pow(2, exponent), maxDelay.seconds)
        return .milliseconds(Int((backoff / 2 + backoff / 2 * jitter) * 1_000))
    }

    /// Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, relative to `now`
    /// (seconds since 1970). A date in the past means "now"; garbage means no header.
    static func retryAfter(_ header: String?, now: Double) -> Duration? {
        guard let value = header?.trimmingCharacters(in: " \t") else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
        guard let date = HTTPDate.parse(value) else { return nil }
        return .milliseconds(Int(max(0, date - now) * 1_000))
    }
}
