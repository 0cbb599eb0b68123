import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalogue
import LinkVocabulary

/// Databases written by an older presskit upgrade in place, keeping what they hold.
@Suite struct MigrationTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("old.sqlite")
    }

    /// Opening a store checks databases against `Schema.identifiers`, not the migrator: they must
    /// name the same steps in the same order.
    @Test func theIdentifiersAreTheMigratorsSteps() {
        #expect(Schema.identifiers == Schema.migrator.migrations)
    }

    /// The last step before links never checked had NULL instead of placeholders.
    static let lastPlaceholderStep = "v6: media properties read by probes"

    /// A database as presskit left it before the NULL step: the shipped migrations up to v6 (never
    /// edited, so this is the old DDL), rows as the old code wrote them: a link checked twice, one
    /// never checked with the placeholders, and the catalogue that uses them.
    func oldDatabase() throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: Self.lastPlaceholderStep)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO event (id, title, type, start, places, contacts, tags, source_path, source_digest, fingerprint)
                  VALUES ('e', 'Event', 'visit', '2024-02-12', '[]', '[]', '[]', '/catalog/e.yaml', 'd', 'f');
                INSERT INTO asset (id, event_id, position, kind, title, url, shotlist, speakers)
                  VALUES ('checked', 'e', 0, 'video', 'Checked', 'https://example.org/checked.mp4', '[]', '[]'),
                         ('never', 'e', 1, 'photo', 'Never', 'https://example.org/never.jpg', '[]', '[]');
                INSERT INTO link_check (id, run, url, checked_at, verdict, is_success, http_status, attempts, redirects, bytes_read)
                  VALUES (1, 'r1', 'https://example.org/checked.mp4', '2024-02-12T10:00:00.000Z', 'ok', 1, 200, 1, '[]', 0),
                         (2, 'r2', 'https://example.org/checked.mp4', '2024-02-13T10:00:00.000Z', 'broken', 0, 404, 1, '[]', 0);
                INSERT INTO link (url, verdict, since, last_checked, last_ok, consecutive_failures, last_check_id,
                                  next_check_at, in_catalogue, validator_check_id)
                  VALUES ('https://example.org/never.jpg', 'unchecked', '', '', NULL, 0, 0, 0, 1, NULL),
                         ('https://example.org/checked.mp4', 'broken', '2024-02-13T10:00:00.000Z', '2024-02-13T10:00:00.000Z',
                          '2024-02-12T10:00:00.000Z', 1, 2, 1707818400, 1, 1);
                """)
        }
        try queue.close()
    }

    func links(_ db: Database) throws -> [Row] {
        try Row.fetchAll(db, sql: "SELECT rowid, * FROM link ORDER BY rowid")
    }

    @Test func placeholdersOfLinksNeverCheckedBecomeNullAndTheRestSurvives() throws {
        // Given a database written before the step…
        try oldDatabase()
        let before = try DatabaseQueue(path: path).read { try links($0) }
        #expect(before.count == 2 && before[0]["verdict"] as String == "unchecked")

        // …when presskit opens it for writing (an import, a check),
        let store = try CatalogueStore(path: path, access: .update)
        try store.pool.read { db in
            #expect(try Schema.migrator.hasCompletedMigrations(db))
            let after = try links(db)
            // then the never-checked link holds NULL where it held placeholders, and nothing else moved:
            let never = after[0]
            #expect(never["url"] as String == "https://example.org/never.jpg" && never["rowid"] as Int64 == before[0]["rowid"] as Int64)
            for column in ["verdict", "since", "last_checked", "last_check_id"] {
                #expect(never[column] as DatabaseValue == .null, "\(column)")
            }
            #expect(never["consecutive_failures"] as Int == 0 && never["in_catalogue"] as Bool && never["next_check_at"] as Int == 0)
            // the checked link is as it was, column for column,
            #expect(after[1] == before[1])
            // the history and the catalogue are untouched, and the due index is back.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM link_check") == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM asset") == 2)
            #expect(try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'link' AND sql IS NOT NULL")
                        == ["CREATE INDEX link_due ON link(next_check_at) WHERE in_catalogue"])
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
        }

        // What the store reads from it is what it read before the step.
        let health = try store.health(of: ["https://example.org/checked.mp4", "https://example.org/never.jpg"])
        #expect(health.keys.sorted() == ["https://example.org/checked.mp4"], "a link never checked has no health")
        #expect(health["https://example.org/checked.mp4"]?.verdict == .broken)
        #expect(health["https://example.org/checked.mp4"]?.lastOK == Timestamp.date("2024-02-12T10:00:00.000Z"))
        let due: [DueLink] = try store.dueLinks(at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(due.map { $0.url } == ["https://example.org/never.jpg", "https://example.org/checked.mp4"], "never checked first")
        #expect(due.map { $0.checked } == [false, true])
        #expect(try store.failingLinks().map { $0.url } == ["https://example.org/checked.mp4"])

        // A first check fills all four at once.
        try store.record([LinkCheck(url: "https://example.org/never.jpg", checkedAt: Date(timeIntervalSince1970: 1_707_900_000),
                                    verdict: .ok, httpStatus: 200)], run: "r3")
        let first = try #require(try store.health(of: ["https://example.org/never.jpg"])["https://example.org/never.jpg"])
        #expect(first.verdict == .ok && first.since == first.lastChecked && first.consecutiveFailures == 0)
    }

    @Test func aLinkCannotBeHalfChecked() throws {
        let store = try CatalogueStore(path: path, access: .create)
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO link (url, consecutive_failures) VALUES ('https://example.org/a', 0)")
            #expect(throws: DatabaseError.self, "a verdict without a check") {
                try db.execute(sql: "INSERT INTO link (url, verdict, consecutive_failures) VALUES ('https://example.org/b', 'ok', 0)")
            }
            #expect(throws: DatabaseError.self, "a check without its moment") {
                try db.execute(sql: "INSERT INTO link (url, verdict, last_check_id, consecutive_failures) VALUES ('https://example.org/c', 'ok', 1, 0)")
            }
        }
    }

    @Test func linksWaitingForAFirstCheckAreWrittenWithNull() throws {
        // Given a catalogue imported and its links brought up to date for `check --due`…
        let store = try CatalogueStore(path: path, access: .create)
        let photo = Asset(id: "p", kind: .photo, title: "Photo", url: "https://example.org/p.jpg")
        _ = try store.importCatalogue(catalogue([event("e", assets: [photo])]), scope: ["/catalog"])
        try store.syncLinks()
        // …the link's row says nothing it does not know.
        let row = try #require(try store.pool.read { try Row.fetchOne($0, sql: "SELECT verdict, since, last_checked, last_check_id FROM link") })
        #expect(row.databaseValues.allSatisfy { $0 == .null })
    }
}
