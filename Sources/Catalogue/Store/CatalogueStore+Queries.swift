import StrictYAML
import Foundation
import GRDB

/// An event as listed by `presskit events`: the event and how much it holds.
public struct EventSummary: Hashable, Sendable {
    public var event: Event
    public var storyCount: Int
    public var assetCount: Int

    public init(event: Event, storyCount: Int, assetCount: Int) {
        self.event = event
        self.storyCount = storyCount
        self.assetCount = assetCount
    }
}

/// An asset with the story it belongs to (nil for event-wide assets), as `presskit assets` lists it.
public struct ListedAsset: Hashable, Sendable {
    public var eventID: String
    public var storyID: String?
    public var asset: Asset

    public init(eventID: String, storyID: String?, asset: Asset) {
        self.eventID = eventID
        self.storyID = storyID
        self.asset = asset
    }
}

/// What an EVENT argument named.
public enum EventLookup: Hashable, Sendable {
    case found(String)
    case ambiguous(matches: [String])
    case notFound(suggestions: [String])
}

/// Filters of `presskit events`: events overlapping [from, to], of the given types.
public struct EventFilter: Sendable {
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var types: [EventType]

    public init(from: CalendarDate? = nil, to: CalendarDate? = nil, types: [EventType] = []) {
        self.from = from
        self.to = to
        self.types = types
    }
}

extension CatalogueStore {
    /// Resolves an id or an unambiguous prefix of one; suggests near ids when nothing matches.
    public func lookUpEvent(_ reference: String) throws -> EventLookup {
        try readConnection { db in
            // Plain SQL: GRDB's query interface built this one-row lookup for 2.5 M instructions, a
            // twentieth of a whole `assets` listing.
            if try RawStatement.integer(db, "SELECT 1 FROM event WHERE id = ?", [reference]) != nil {
                return .found(reference)
            }
            let escaped = reference.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let matches = try RawStatement.texts(db, "SELECT id FROM event WHERE id LIKE ? ESCAPE '\\' ORDER BY id", [escaped + "%"])
                .filter { $0.hasPrefix(reference) } // LIKE ignores ASCII case; ids are lowercase, prefixes may not be
            switch matches.count {
            case 1: return .found(matches[0])
            case 2...: return .ambiguous(matches: matches)
            default:
                let all = try RawStatement.texts(db, "SELECT id FROM event ORDER BY id")
                let lowered = reference.lowercased()
                // Near: contains what was typed, or is (or starts with) a typo of it.
                let limit = max(2, lowered.count / 3)
                let near = all.filter { id in
                    id.contains(lowered) || Suggestions.editDistance(lowered, id) <= limit
                        || Suggestions.editDistance(lowered, String(id.prefix(lowered.count))) <= limit
                }
                return .notFound(suggestions: Array(near.prefix(5)))
            }
        }
    }

    /// Events overlapping the filter's dates, by start date then id.
    public func events(_ filter: EventFilter = EventFilter()) throws -> [EventSummary] {
        try pool.read { db in
            var request = EventRecord.order(EventRecord.Columns.start, EventRecord.Columns.id)
            if let from = filter.from {
                request = request.filter(sql: "coalesce(\"end\", start) >= ?", arguments: [from.description])
            }
            if let to = filter.to {
                request = request.filter(EventRecord.Columns.start <= to.description)
            }
            if !filter.types.isEmpty {
                request = request.filter(filter.types.map(\.rawValue).contains(EventRecord.Columns.type))
            }
            let records = try request.fetchAll(db)
            let stories = try counts(db, table: "story")
            let assets = try counts(db, table: "asset")
            return records.compactMap { record in
                record.event.map {
                    EventSummary(event: $0, storyCount: stories[record.id, default: 0], assetCount: assets[record.id, default: 0])
                }
            }
        }
    }

    /// The assets of an event: event-wide ones first, then each story's in catalogue order.
    public func assets(of eventID: String, story storyID: String? = nil, kinds: [AssetKind] = []) throws -> [ListedAsset] {
        try readConnection { db in
            var arguments = [eventID]
            var conditions = ["a.event_id = ?"]
            if let storyID {
                conditions.append("a.story_id = ?")
                arguments.append(storyID)
            }
            if !kinds.isEmpty {
                conditions.append("a.kind IN (\(databaseQuestionMarks(count: kinds.count)))")
                arguments += kinds.map(\.rawValue)
            }
            let records = try AssetRecord.fetchAllFast(db, sql: """
                SELECT \(AssetRecord.columnList("a")) FROM asset a LEFT JOIN story s ON s.id = a.story_id
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY s.position IS NOT NULL, s.position, a.position
                """, arguments: arguments)
            return records.compactMap { record in
                record.asset.map { ListedAsset(eventID: record.eventID, storyID: record.storyID, asset: $0) }
            }
        }
    }

    /// Ids of an event's stories, for checking a `--story` argument.
    public func storyIDs(of eventID: String) throws -> [String] {
        try readConnection { db in
            try RawStatement.texts(db, "SELECT id FROM story WHERE event_id = ? ORDER BY position", [eventID])
        }
    }

    /// The whole event: contacts, stories and every asset, read in one transaction.
    public func event(_ id: String) throws -> Event? {
        try pool.read { db in
            guard var event = try EventRecord.fetchOne(db, key: id)?.event else { return nil }
            let stories = try StoryRecord.filter(StoryRecord.Columns.eventID == id)
                .order(StoryRecord.Columns.position).fetchAll(db)
            let records = try AssetRecord.fetchAllFast(try db.rawConnection, where: "event_id = ?", orderBy: "position", arguments: [id])
            // Assets straight into their story's list, in position order: grouping the records first
            // copied every one of a 5,000-asset event once more.
            var byStory: [String?: [Asset]] = [:]
            for record in records {
                guard let asset = record.asset else { continue }
                byStory[record.storyID, default: []].append(asset)
            }
            event.assets = byStory[nil] ?? []
            event.stories = stories.compactMap { record in
                var story = record.story
                story?.assets = byStory[record.id] ?? []
                return story
            }
            return event
        }
    }
}
