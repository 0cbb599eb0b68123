import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalogue

/// The import's own row writing: list columns as JSON text, rows bound by index.
@Suite struct ImportRowsTests {
    /// Every control character but NUL (SQLite's text binding stops there, GRDB's as well as the
    /// import's), quotes, backslashes, slashes and non-ASCII text.
    static let awkward: String = {
        var text = ""
        for value in 1..<0x80 { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        return text + "\u{2028}é😀 / \\\" end"
    }()

    func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func listColumnsAreJSONEncodersBytes() throws {
        let texts = [["Jens Stoltenberg", "Aleksandar Vučić"], [Self.awkward, ""], []]
        for list in texts { #expect(JSONColumn.strings(list) == (try encoded(list))) }
        let shots = [[Shot(at: "00:00:05", shot: "Arrival"), Shot(at: "01:02", shot: Self.awkward)], []]
        for list in shots { #expect(JSONColumn.shots(list) == (try encoded(list))) }
        let speakers = [[Speaker(name: "Jens Stoltenberg", language: "en"), Speaker(name: Self.awkward)], []]
        for list in speakers { #expect(JSONColumn.speakers(list) == (try encoded(list))) }
    }

    @Test func datesAreWrittenInFullWidth() throws {
        #expect(CalendarDate(year: 99, month: 1, day: 2)?.description == "0099-01-02")
        #expect(try ZonedDateTime.parse("0099-01-02T03:04:05-00:30").get().description == "0099-01-02T03:04:05-00:30")
        #expect(try ZonedDateTime.parse("2023-11-21T23:59:59+14:00").get().description == "2023-11-21T23:59:59+14:00")
    }

    @Test func theRecordsCodingKeysNameEveryColumnOfTheirTable() throws {
        // The fast writes bind, and the fast reads read, the columns in CodingKeys order; a column
        // the keys miss would be left NULL by every import.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try CatalogueStore(path: directory.path("c.sqlite"), access: .create)
        let db = try DatabaseQueue(path: directory.path("c.sqlite"))
        defer { try? db.close() }
        for (table, columns) in [("asset", AssetRecord.columns), ("story", StoryRecord.columns)] {
            let stored = try db.read { try $0.columns(in: table).map(\.name) }
            #expect(Set(columns) == Set(stored), "\(table)")
            #expect(columns.count == stored.count && columns.first == "id", "\(table)")
        }
    }

    @Test func rowsReadBackAsWritten() throws {
        // Given an asset with every column set, odd text included, when it is imported,
        // then the stored event reads back equal.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try CatalogueStore(path: directory.path("c.sqlite"), access: .create)
        var full = asset("odd", title: Self.awkward)
        full.language = "sr-Latn"; full.credit = "NATO"; full.rights = "free"; full.caption = "a \"caption\""
        full.embargo = try ZonedDateTime.parse("2023-11-21T12:00:00+01:00").get()
        full.contentType = "video/mp4"; full.notes = "n"; full.filmed = CalendarDate(iso: "2023-11-20")
        full.location = "Brussels"; full.synopsis = "s"
        full.shotlist = [Shot(at: "00:00:05", shot: "Arrival \\ departure")]
        full.speakers = [Speaker(name: "A", language: "fr"), Speaker(name: "B")]
        var s = story("s-1", assets: [full])
        s.people = ["P \"Q\""]; s.tags = ["t"]; s.place = "Mons"; s.webstory = "https://example.org/s"
        let written = event("e-1", stories: [s], assets: [asset("wide")])
        _ = try store.importCatalogue(catalogue([written]), scope: ["/catalog"])
        #expect(try store.event("e-1") == written)
    }

    @Test func anAssetMovedOutOfARemovedEventIsWrittenAgain() throws {
        // Given an asset of an event that goes, when it reappears under an event that stays, then
        // the removal's cascade does not take it along: it is counted changed and written anew.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try CatalogueStore(path: directory.path("c.sqlite"), access: .create)
        _ = try store.importCatalogue(catalogue([event("stays", assets: [asset("kept")]),
                                                 event("goes", stories: [story("g1", assets: [asset("moving")])])]),
                                      scope: ["/catalog"])
        let summary = try store.importCatalogue(catalogue([event("stays", assets: [asset("kept"), asset("moving")])]),
                                                scope: ["/catalog"])
        #expect(summary.events == counts(changed: 1, removed: 1))
        #expect(summary.stories == counts(removed: 1))
        #expect(summary.assets == counts(changed: 1, unchanged: 1))
        #expect(try store.assets(of: "stays").map(\.asset.id) == ["kept", "moving"])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aFailureWhileWritingRowsLeavesTheCatalogueAsItWas() throws {
        // Given a stored catalogue and a trigger that refuses one asset row, when an import that
        // changes, adds and removes events fails on that row, then every table is as before.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("c.sqlite")
        let store = try CatalogueStore(path: path, access: .create)
        let before = [event("a", stories: [story("a1", assets: [asset("a1-x")])]), event("b", assets: [asset("b-x")])]
        _ = try store.importCatalogue(catalogue(before), scope: ["/catalog"])
        try store.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON asset WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let snapshot = {
            try store.pool.read { db in
                [try String.fetchAll(db, sql: "SELECT id || ' ' || title FROM event ORDER BY id"),
                 try String.fetchAll(db, sql: "SELECT id || ' ' || event_id FROM story ORDER BY id"),
                 try String.fetchAll(db, sql: "SELECT id || ' ' || event_id || ' ' || title FROM asset ORDER BY id"),
                 try String.fetchAll(db, sql: "SELECT event_id FROM link_sync ORDER BY event_id")]
            }
        }
        let stored = try snapshot()
        #expect(stored[2].count == 2)
        var after = before
        after[0].stories[0].assets[0].title = "changed"
        after.remove(at: 1)
        after.append(event("c", stories: [story("c1", assets: [asset("c1-x"), asset("boom")])]))
        #expect(throws: CatalogueStore.StorageError.self) { try store.importCatalogue(catalogue(after), scope: ["/catalog"]) }
        #expect(try snapshot() == stored)
        #expect(try store.event("a") == before[0])
    }
}
