import StrictYAML
import Foundation
import GRDB

/// What an import did, per kind of item.
public struct ImportSummary: Codable, Hashable, Sendable {
    public struct Counts: Codable, Hashable, Sendable {
        public var added = 0
        public var changed = 0
        public var removed = 0
        public var unchanged = 0

        public init() {}
        public var total: Int { added + changed + unchanged }
    }

    public var events = Counts()
    public var stories = Counts()
    public var assets = Counts()

    public init() {}

    /// True when the import changed nothing (a re-import of the same files).
    public var isNoChange: Bool {
        [events, stories, assets].allSatisfy { $0.added == 0 && $0.changed == 0 && $0.removed == 0 }
    }
}

extension CatalogueStore {
    /// Makes the database hold exactly `catalogue` for the files under `scope`, in one transaction.
    ///
    /// - Parameter scope: absolute paths of the files and folders imported. An event already in the
    ///   database is removed only when its source file lies in the scope and no longer defines it, so
    ///   importing one new file never removes events that came from other files.
    ///   - keeping: events whose files were not read because they did not change since the last import
    ///     (`unchangedSources`); they are counted unchanged and never removed.
    /// - Throws: `InvalidInput` when an id is already taken by an event outside the scope; the
    ///   database is then untouched.
    public func importCatalogue(_ catalogue: Catalogue, scope: [String], keeping: Set<String> = []) throws -> ImportSummary {
        // Rows and fingerprints are built on every core before the write transaction starts.
        let planned = ParallelMap.map(catalogue.events) {
            PlannedEvent($0, sourcePath: catalogue.sourcePaths[$0.id] ?? "", sourceDigest: catalogue.sourceDigests[$0.id] ?? "")
        }
        do {
            return try applyImport(catalogue, planned: planned, scope: scope, keeping: keeping)
        } catch let error as DatabaseError {
            throw StorageError(path: path, error: error)
        }
    }

    private func applyImport(_ catalogue: Catalogue, planned: [PlannedEvent], scope: [String], keeping: Set<String>) throws -> ImportSummary {
        try pool.write { db in
            var summary = ImportSummary()
            let stored = try Dictionary(uniqueKeysWithValues: Row.fetchAll(
                db, sql: "SELECT id, fingerprint, source_path, source_digest FROM event").map {
                    (row: Row) -> (String, (fingerprint: String, sourcePath: String, sourceDigest: String)) in
                    (row["id"], (row["fingerprint"], row["source_path"], row["source_digest"]))
                })
            let storyCounts = try counts(db, table: "story")
            let assetCounts = try counts(db, table: "asset")

            let newIDs = Set(planned.map(\.event.id)).union(keeping)
            for id in keeping where stored[id] != nil {
                summary.events.unchanged += 1
                summary.stories.unchanged += storyCounts[id, default: 0]
                summary.assets.unchanged += assetCounts[id, default: 0]
            }
            let removedEvents = stored.keys.filter { id in
                !newIDs.contains(id) && Self.isInScope(stored[id]!.sourcePath, scope)
            }.sorted()
            var changedEvents: [PlannedEvent] = []
            for plan in planned {
                guard let old = stored[plan.event.id] else {
                    changedEvents.append(plan)
                    summary.events.added += 1
                    continue
                }
                if old.fingerprint == plan.event.fingerprint {
                    summary.events.unchanged += 1
                    summary.stories.unchanged += storyCounts[plan.event.id, default: 0]
                    summary.assets.unchanged += assetCounts[plan.event.id, default: 0]
                    if old.sourcePath != plan.event.sourcePath || old.sourceDigest != plan.event.sourceDigest {
                        try db.execute(sql: "UPDATE event SET source_path = ?, source_digest = ? WHERE id = ?",
                                       arguments: [plan.event.sourcePath, plan.event.sourceDigest, plan.event.id])
                    }
                } else {
                    changedEvents.append(plan)
                    summary.events.changed += 1
                }
            }
            summary.events.removed = removedEvents.count

            // Rows of every event that changes or goes: items may move between them.
            let touched = changedEvents.map(\.event.id).filter { stored[$0] != nil } + removedEvents
            let oldStories = try Dictionary(uniqueKeysWithValues: StoryRecord
                .filter(touched.contains(StoryRecord.Columns.eventID)).fetchAll(db).map { ($0.id, $0) })
            let oldAssets = try Dictionary(uniqueKeysWithValues: AssetRecord.fetchAllFast(
                try db.rawConnection, where: "event_id IN (\(databaseQuestionMarks(count: touched.count)))", orderBy: "id",
                arguments: Array(touched)).map { ($0.id, $0) })
            let newStories = changedEvents.lazy.flatMap(\.stories)
            let newAssets = changedEvents.lazy.flatMap(\.assets)
            // A table without rows has no id to clash with (the first import of a catalogue).
            if !storyCounts.isEmpty {
                try checkNoClash(db, table: "story", ids: Array(newStories.map(\.id).filter { oldStories[$0] == nil }))
            }
            if !assetCounts.isEmpty {
                try checkNoClash(db, table: "asset", ids: Array(newAssets.map(\.id).filter { oldAssets[$0] == nil }))
            }

            let goneAssets = oldAssets.isEmpty ? [] : Array(Set(oldAssets.keys).subtracting(newAssets.map(\.id)))
            let goneStories = oldStories.isEmpty ? [] : Array(Set(oldStories.keys).subtracting(newStories.map(\.id)))
            summary.assets.removed = goneAssets.count
            summary.stories.removed = goneStories.count
            for chunk in goneAssets.chunked(500) { try AssetRecord.deleteAll(db, keys: chunk) }
            for chunk in goneStories.chunked(500) { try StoryRecord.deleteAll(db, keys: chunk) }
            for chunk in removedEvents.chunked(500) { try EventRecord.deleteAll(db, keys: chunk) }

            for plan in changedEvents {
                if stored[plan.event.id] == nil { try plan.event.insert(db) } else { try plan.event.update(db) }
            }
            // Deleting a removed story cascades to assets that may have moved elsewhere: such rows are
            // inserted again below, so "update" is only trusted for rows that still exist.
            try write(newStories, old: oldStories, counts: &summary.stories, db)
            try write(newAssets, old: oldAssets, counts: &summary.assets, db)
            try scheduleLinks(ofChanged: changedEvents.map(\.event.id),
                              formerURLs: oldAssets.values.map(\.url) + oldAssets.values.compactMap(\.thumbnail)
                                + oldStories.values.compactMap(\.webstory), db)
            return summary
        }
    }

    /// Keeps `link` in step with the catalogue for `check --due`: added and changed events are noted
    /// for `syncLinks` (their links are due at once), and URLs the catalogue no longer uses leave the
    /// due index (their history stays).
    private func scheduleLinks(ofChanged eventIDs: [String], formerURLs: [String], _ db: Database) throws {
        for chunk in eventIDs.chunked(500) {
            try db.execute(sql: "INSERT OR IGNORE INTO link_sync (event_id) VALUES \(Array(repeating: "(?)", count: chunk.count).joined(separator: ","))",
                           arguments: StatementArguments(Array(chunk)))
        }
        for chunk in Array(Set(formerURLs)).chunked(500) {
            try db.execute(sql: """
                UPDATE link SET in_catalogue = 0 WHERE url IN (\(databaseQuestionMarks(count: chunk.count)))
                  AND NOT EXISTS (SELECT 1 FROM asset WHERE asset.url = link.url)
                  AND NOT EXISTS (SELECT 1 FROM story WHERE story.webstory = link.url)
                  AND NOT EXISTS (SELECT 1 FROM asset WHERE asset.thumbnail = link.url)
                """, arguments: StatementArguments(Array(chunk)))
        }
    }

    private func write<R: FastRow & Equatable>(
        _ records: some Sequence<R>, old: [String: R], counts: inout ImportSummary.Counts, _ db: Database
    ) throws {
        let statements = try RowStatements<R>(db)
        defer { statements.finalize() }
        for record in records {
            switch old[record.id] {
            case nil:
                counts.added += 1
                try statements.insert(record)
            case let previous? where previous == record:
                counts.unchanged += 1
                if try !statements.exists(record) { try statements.insert(record) }
            case _?:
                counts.changed += 1
                if try statements.exists(record) { try statements.update(record) } else { try statements.insert(record) }
            }
        }
    }

    func counts(_ db: Database, table: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT event_id, count(*) AS n FROM \(table) GROUP BY event_id") {
            counts[row["event_id"]] = row["n"]
        }
        return counts
    }

    /// New ids must not be taken by events outside the import's scope (the reader already refused
    /// duplicates among the files themselves).
    private func checkNoClash(_ db: Database, table: String, ids: [String]) throws {
        var diagnostics: [Diagnostic] = []
        for chunk in ids.chunked(500) {
            let placeholders = databaseQuestionMarks(count: chunk.count)
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.id, t.event_id, e.source_path FROM \(table) t JOIN event e ON e.id = t.event_id
                WHERE t.id IN (\(placeholders))
                """, arguments: StatementArguments(chunk))
            for row in rows {
                let id: String = row["id"], eventID: String = row["event_id"], source: String = row["source_path"]
                diagnostics.append(Diagnostic(path: source, line: 0, column: 0,
                    message: "\(table) id '\(id)' is already used by event '\(eventID)' in the catalogue; import that file too, or rename one of them"))
            }
        }
        if !diagnostics.isEmpty { throw InvalidInput(diagnostics: diagnostics) }
    }

    /// Absolute source path → (digest, event id) of every imported file, for skipping unchanged files.
    public func unchangedSources() throws -> [String: (digest: String, eventID: String)] {
        try pool.read { db in
            var result: [String: (digest: String, eventID: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, source_path, source_digest FROM event") {
                result[row["source_path"]] = (row["source_digest"], row["id"])
            }
            return result
        }
    }

    static func isInScope(_ sourcePath: String, _ scope: [String]) -> Bool {
        scope.contains { root in
            sourcePath == root || sourcePath.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
    }
}

/// An event turned into the rows it will have, with its fingerprint.
struct PlannedEvent {
    var event: EventRecord
    var stories: [StoryRecord]
    var assets: [AssetRecord]

    init(_ event: Event, sourcePath: String, sourceDigest: String) {
        stories = event.stories.enumerated().map { StoryRecord($0.element, eventID: event.id, position: $0.offset) }
        assets = event.assets.enumerated().map {
            AssetRecord($0.element, eventID: event.id, storyID: nil, position: $0.offset)
        }
        for story in event.stories {
            assets += story.assets.enumerated().map {
                AssetRecord($0.element, eventID: event.id, storyID: story.id, position: $0.offset)
            }
        }
        var hash = StableHash()
        let record = EventRecord(event, sourcePath: sourcePath, sourceDigest: sourceDigest, fingerprint: "")
        hash.combine(record)
        stories.forEach { hash.combine($0) }
        assets.forEach { hash.combine($0) }
        self.event = record
        self.event.fingerprint = hash.hex
    }
}

protocol Identified {
    var id: String { get }
}

extension StoryRecord: Identified {}
extension AssetRecord: Identified {}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
