import Catalogue
import Foundation

/// One URL's outcome in a run: the check as recorded, the catalogue items using it, and what to do.
public struct CheckedLink: Sendable, Hashable {
    public var target: LinkTarget
    public var check: LinkCheck
    public var hint: String
    /// Set when a working https link's certificate expires within the policy's warning window.
    public var certificateWarning: String?
}

/// Everything a `presskit check` run found, in URL order, for the renderers.
public struct CheckReport: Sendable {
    public var links: [CheckedLink]
    public var startedAt: Date
    public var duration: Duration

    public init(links: [CheckedLink], startedAt: Date, duration: Duration) {
        self.links = links.sorted { $0.target.url < $1.target.url }
        self.startedAt = startedAt
        self.duration = duration
    }

    /// How many links got each verdict, by verdict name.
    public var counts: [String: Int] {
        Dictionary(grouping: links, by: \.check.verdict).mapValues(\.count)
    }

    public var problems: [CheckedLink] { links.filter { $0.check.verdict != "ok" || $0.certificateWarning != nil } }

    /// Links whose verdict is one of `failOn`: what makes the run exit 1.
    public func failures(failOn: Set<String>) -> [CheckedLink] {
        links.filter { failOn.contains($0.check.verdict) }
    }
}

/// Verdict names a run fails on unless `--fail-on` says otherwise: every verdict but ok, redirected
/// (the link works; the catalogue should be updated) and unverifiable (a bot wall says nothing).
public enum FailurePolicy {
    public static let allVerdicts = ["ok", "redirected", "broken", "server-error", "rate-limited", "timeout", "dns",
                                     "refused", "reset", "tls", "wrong-type", "too-large", "blocked", "unverifiable"]
    public static let defaultFailOn: Set<String> = Set(allVerdicts).subtracting(["ok", "redirected", "unverifiable"])
}
