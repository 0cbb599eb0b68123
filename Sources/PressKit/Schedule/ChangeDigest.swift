import LinkVocabulary

/// What changed about the links since staff were last told: the payload of every notification
/// (webhook, email) after a scheduled run, and the core of `presskit report`.
///
/// Only changes are in it (a link that broke, recovered, moved or was replaced; a certificate about
/// to expire) plus reminders for links still broken after the policy's reminder interval, so the
/// same broken link is not announced on every run.
public struct ChangeDigest: Codable, Hashable, Sendable {
    public static let schemaVersion = "presskit.digest/1"

    public var schema: String = ChangeDigest.schemaVersion
    /// When the digest was made, RFC 3339 UTC.
    public var createdAt: String
    /// The start of the period it covers (the previous digest), RFC 3339 UTC; nil for the first.
    public var since: String?
    /// In the order staff should read them: broke, moved, changed, certificate-expiring, reminder,
    /// recovered; within a kind by URL.
    public var items: [Item]
    /// Whether scheduled checks could run: set only on the notice that an outage began (no host
    /// could be reached, nothing recorded) and on the first digest after it ended.
    public var checks: ChecksNotice?

    enum CodingKeys: String, CodingKey { case schema, createdAt = "created_at", since, items, checks }

    /// Nothing to tell: no item and no notice.
    public var isEmpty: Bool { items.isEmpty && checks == nil }

    /// Checks stopped by an outage on presskit's side, or running again after one: said once each.
    public struct ChecksNotice: Codable, Hashable, Sendable {
        public enum State: String, Codable, Hashable, Sendable {
            case couldNotRun = "could-not-run"
            case runningAgain = "running-again"
        }

        public var state: State
        /// When the outage began (the first run that could not reach any host), RFC 3339 UTC.
        public var since: String
        /// For `could-not-run`: what the run met (`no host could be reached (12 of 12 failed at DNS)…`).
        public var reason: String?

        public init(state: State, since: String, reason: String? = nil) {
            self.state = state
            self.since = since
            self.reason = reason
        }
    }

    public init(createdAt: String, since: String?, items: [Item]) {
        self.createdAt = createdAt
        self.since = since
        self.items = items
    }

    public enum Kind: String, Codable, CaseIterable, Hashable, Sendable, Comparable {
        /// Worked (or was new) and now fails.
        case broke
        /// Now answers with a permanent redirect to a new URL (or a different one than before).
        case moved
        /// Still works but serves another file: its ETag, size or Last-Modified differ from the last
        /// successful check (a b-roll silently replaced).
        case changed
        /// A working https link whose certificate expires within the warning window.
        case certificateExpiring = "certificate-expiring"
        /// Still broken, announced again after the reminder interval.
        case reminder
        /// Failed and now works.
        case recovered

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public struct Item: Codable, Hashable, Sendable {
        public var kind: Kind
        public var url: String
        /// The verdict now (`broken`, `ok`, …) and before.
        public var verdict: LinkVerdict
        public var previousVerdict: LinkVerdict?
        /// When the current state began, RFC 3339 UTC.
        public var since: String
        /// For `moved`: the URL to put in the catalogue.
        public var newURL: String?
        /// For `changed`: what differs (`size 412 MB → 398 MB`); for failures the check's detail.
        public var detail: String?
        /// For `certificate-expiring`: the expiry, RFC 3339 UTC.
        public var certificateExpiry: String?
        /// The assets (and web stories) that use the URL, so staff know which kits are affected.
        public var usedBy: [AssetReference]

        enum CodingKeys: String, CodingKey {
            case kind, url, verdict, previousVerdict = "previous_verdict", since, newURL = "new_url", detail
            case certificateExpiry = "certificate_expiry", usedBy = "used_by"
        }

        public init(kind: Kind, url: String, verdict: LinkVerdict, previousVerdict: LinkVerdict?, since: String, newURL: String? = nil,
                    detail: String? = nil, certificateExpiry: String? = nil, usedBy: [AssetReference]) {
            self.kind = kind
            self.url = url
            self.verdict = verdict
            self.previousVerdict = previousVerdict
            self.since = since
            self.newURL = newURL
            self.detail = detail
            self.certificateExpiry = certificateExpiry
            self.usedBy = usedBy
        }
    }

    /// An asset or web story using a URL.
    public struct AssetReference: Codable, Hashable, Sendable {
        public var event: String
        /// The asset id, or `story:<id>` for a story's web story.
        public var asset: String
        public var title: String

        public init(event: String, asset: String, title: String) {
            self.event = event
            self.asset = asset
            self.title = title
        }
    }
}

extension ChangeDigest.Kind {
    /// The heading of this kind's items, in digests and reports alike.
    public var heading: String {
        switch self {
        case .broke: "Broken"
        case .moved: "Moved"
        case .changed: "Changed"
        case .certificateExpiring: "Certificates expiring"
        case .reminder: "Still broken"
        case .recovered: "Recovered"
        }
    }
}

extension ChangeDigest {
    /// "2 links broke", "1 recovered", …: a phrase per kind with items, most urgent first, naming
    /// "links" once. The digest's header and mail subject, and the start of a report's summary.
    public static func countPhrases(_ count: (Kind) -> Int) -> [String] {
        var parts: [String] = []
        var namedLinks = false
        for kind in Kind.allCases {
            let n = count(kind)
            guard n > 0 else { continue }
            let noun = !namedLinks && kind != .certificateExpiring ? (n == 1 ? " link" : " links") : ""
            if kind != .certificateExpiring { namedLinks = true }
            switch kind {
            case .broke: parts.append("\(n)\(noun) broke")
            case .moved: parts.append("\(n)\(noun) moved")
            case .changed: parts.append("\(n)\(noun) changed")
            case .certificateExpiring: parts.append("\(n) certificate\(n == 1 ? "" : "s") expiring")
            case .reminder: parts.append("\(n)\(noun) still broken")
            case .recovered: parts.append("\(n)\(noun) recovered")
            }
        }
        return parts
    }
}
