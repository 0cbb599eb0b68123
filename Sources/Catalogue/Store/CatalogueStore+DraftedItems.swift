import Foundation
import GRDB

/// Feed items `presskit ingest` has drafted, by feed and item key (GUID, else link), so a scheduled
/// ingest drafts only what is new. Nothing else reads them: a draft is not yet in the catalogue.
extension CatalogueStore {
    static let draftedItemsMigration = "v9: feed items already drafted"

    static func createDraftedItems(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE drafted_item (
                feed TEXT NOT NULL,
                item TEXT NOT NULL,
                drafted_at TEXT NOT NULL,
                PRIMARY KEY (feed, item)
            ) WITHOUT ROWID;
            """)
    }

    /// Which of `items` (keys within `feed`) were drafted before.
    public func draftedItems(feed: String, among items: [String]) throws -> Set<String> {
        try pool.read { db in
            var known = Set<String>()
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM drafted_item WHERE feed = ? AND item = ?")
            for item in items where try Bool.fetchOne(statement, arguments: [feed, item]) == true { known.insert(item) }
            return known
        }
    }

    /// Remembers `items` of `feed` as drafted at `moment`, in one transaction.
    public func rememberDrafted(feed: String, items: [String], at moment: Date) throws {
        let stamp = ISO8601DateFormatter().string(from: moment)
        try pool.write { db in
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO drafted_item (feed, item, drafted_at) VALUES (?, ?, ?)")
            for item in items { try statement.execute(arguments: [feed, item, stamp]) }
        }
    }
}
