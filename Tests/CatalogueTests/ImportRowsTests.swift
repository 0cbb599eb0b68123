import StrictYAML
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

    @Test func rowsReadBackAsWritten() throws {
        // Given an asset with every column set, odd text included, when it is imported,
        // then the stored event reads back equal.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try CatalogueStore(path: directory.path("c.sqlite"), create: true)
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
}
