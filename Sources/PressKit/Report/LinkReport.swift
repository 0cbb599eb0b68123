import Catalogue
import LinkVocabulary

/// What `presskit report` tells staff about a period: the links that changed (the same items a
/// notification digest carries), the links still broken from before, the kits those changes leave
/// incomplete, and each event's link health day by day.
///
/// The JSON form is the documented schema `presskit.report/1`
/// (`Sources/PressKit/Report/Schemas/presskit.report-1.schema.json`). Building it reads the store;
/// rendering it (text, Markdown, JSON, HTML) is a pure function of this value.
public struct LinkReport: Encodable, Hashable, Sendable {
    public static let schemaVersion = "presskit.report/1"

    public var schema: String = LinkReport.schemaVersion
    /// The end of the period: when the report was made, RFC 3339 UTC.
    public var createdAt: String
    /// The start of the period, RFC 3339 UTC; nil when it covers the whole history.
    public var since: String?
    /// Where `since` came from.
    public var sinceSource: SinceSource
    /// The event the report is limited to (`--event`); nil for the whole catalogue.
    public var event: String?
    /// Broke, moved, changed, certificate-expiring, recovered; within a kind by URL.
    public var changes: [Change]
    /// Links failing now that were already failing when the period began, longest broken first.
    public var stillBroken: [BrokenLink]
    /// Events touched by a change whose kit now misses a required kind or leaves assets out.
    public var incompleteKits: [IncompleteKit]
    /// Each event's share of working links per day, over the chart window.
    public var linkHealth: HealthWindow

    public enum SinceSource: String, Encodable, CaseIterable, Hashable, Sendable {
        /// `--since` was given.
        case option
        /// The previous report without `--since` ended there.
        case previousReport = "previous-report"
        /// No report was made before: everything is covered.
        case firstReport = "first-report"
    }

    enum CodingKeys: String, CodingKey {
        case schema, createdAt = "created_at", since, sinceSource = "since_source", event, counts, changes
        case stillBroken = "still_broken", incompleteKits = "incomplete_kits", linkHealth = "link_health"
    }

    public init(createdAt: String, since: String?, sinceSource: SinceSource, event: String?, changes: [Change],
                stillBroken: [BrokenLink], incompleteKits: [IncompleteKit], linkHealth: HealthWindow) {
        self.createdAt = createdAt
        self.since = since
        self.sinceSource = sinceSource
        self.event = event
        self.changes = changes
        self.stillBroken = stillBroken
        self.incompleteKits = incompleteKits
        self.linkHealth = linkHealth
    }

    /// How many items each section holds, by the words the sections use (`broke`, …, `still-broken`,
    /// `incomplete-kits`); every key is present, zero included.
    public var counts: [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: ChangeDigest.Kind.allCases.filter { $0 != .reminder }.map { ($0.rawValue, 0) })
        for change in changes { counts[change.item.kind.rawValue, default: 0] += 1 }
        counts["still-broken"] = stillBroken.count
        counts["incomplete-kits"] = incompleteKits.count
        return counts
    }

    /// The changes of one kind.
    public func changes(_ kind: ChangeDigest.Kind) -> [Change] { changes.filter { $0.item.kind == kind } }

    /// Whether the period brought anything new (standing warnings aside).
    public var hasNews: Bool { changes.contains { $0.item.kind != .certificateExpiring } }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(since, forKey: .since)
        try container.encode(sinceSource, forKey: .sinceSource)
        try container.encodeIfPresent(event, forKey: .event)
        try container.encode(counts, forKey: .counts)
        try container.encode(changes, forKey: .changes)
        try container.encode(stillBroken, forKey: .stillBroken)
        try container.encode(incompleteKits, forKey: .incompleteKits)
        try container.encode(linkHealth, forKey: .linkHealth)
    }

    /// A digest item, and for a move the catalogue lines to edit. Encoded as the item's own keys
    /// plus `catalogue_edits`, so a report's change reads like a notification's.
    public struct Change: Encodable, Hashable, Sendable {
        public var item: ChangeDigest.Item
        /// For `moved`: where each event using the link names it.
        public var catalogueEdits: [CatalogueEdit]

        public init(item: ChangeDigest.Item, catalogueEdits: [CatalogueEdit] = []) {
            self.item = item
            self.catalogueEdits = catalogueEdits
        }

        enum CodingKeys: String, CodingKey { case catalogueEdits = "catalogue_edits" }

        public func encode(to encoder: any Encoder) throws {
            try item.encode(to: encoder)
            guard item.kind == .moved else { return }
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(catalogueEdits, forKey: .catalogueEdits)
        }
    }

    /// A link that fails now and already failed before the period.
    public struct BrokenLink: Encodable, Hashable, Sendable {
        public var url: String
        public var verdict: LinkVerdict
        /// When the current verdict began, RFC 3339 UTC.
        public var since: String
        public var lastChecked: String
        /// The last time it worked; nil when it never did.
        public var lastOK: String?
        public var httpStatus: Int?
        public var consecutiveFailures: Int
        public var usedBy: [ChangeDigest.AssetReference]
        /// The press office's copy of the file (`presskit archive`), when it holds one: what staff
        /// can put back where the link pointed. Absent when it holds none.
        public var archivedCopy: HeldCopy?

        enum CodingKeys: String, CodingKey {
            case url, verdict, since, lastChecked = "last_checked", lastOK = "last_ok", httpStatus = "http_status"
            case consecutiveFailures = "consecutive_failures", usedBy = "used_by", archivedCopy = "archived_copy"
        }
    }

    /// An archived copy as a report names it.
    public struct HeldCopy: Encodable, Hashable, Sendable {
        /// Lowercase hex SHA-256 of the file: its name in the archive's `sha256/` store.
        public var sha256: String
        public var size: Int64
        /// When the copy was downloaded, RFC 3339 UTC.
        public var archivedAt: String

        enum CodingKeys: String, CodingKey {
            case sha256, size, archivedAt = "archived_at"
        }

        public init(_ copy: ArchivedCopy) {
            sha256 = copy.sha256
            size = copy.size
            archivedAt = Timestamp.text(copy.fetchedAt)
        }
    }

    /// An event's kit as the press-kit policy builds it now, when it is incomplete.
    public struct IncompleteKit: Encodable, Hashable, Sendable {
        public var event: String
        public var title: String
        /// Required kinds the kit does not offer.
        public var missingKinds: [AssetKind]
        /// Assets (and web stories, `story:<id>`) the policy leaves out, with why.
        public var leftOut: [LeftOut]

        enum CodingKeys: String, CodingKey { case event, title, missingKinds = "missing_kinds", leftOut = "left_out" }

        public struct LeftOut: Encodable, Hashable, Sendable {
            public var id: String
            public var kind: AssetKind
            public var title: String
            public var reasons: [LinkProblem]
        }
    }
}
