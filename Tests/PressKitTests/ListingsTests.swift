import Catalogue
import Foundation
import Testing
@testable import PressKit

@Suite struct ListingsTests {
    let hostile = Asset(id: "a1", kind: .photo, title: "=HYPERLINK(\"http://evil\"),\"quoted\"\nnext line \u{1B}[31mred",
                        url: "https://example.org/a.jpg", language: "ar", caption: "\u{202E}RTL override 🎉")

    @Test func csvQuotesFieldsAndDefusesFormulas() {
        let csv = Listings.assets([ListedAsset(eventID: "e", storyID: "s", asset: hostile)], event: "e", format: .csv)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("event,story,id,kind,title,url,language,credit,rights,caption,embargo,content_type,notes,filmed,location,synopsis,speakers,thumbnail,verdict,"))
        // A line break stays (quoted, as RFC 4180 allows); ESC, which could rewrite the terminal showing the file, does not.
        #expect(lines[1].hasPrefix("e,s,a1,photo,\"'=HYPERLINK(\"\"http://evil\"\"),\"\"quoted\"\"\nnext line \u{FFFD}[31mred\",https://example.org/a.jpg,ar,"))
        #expect(!csv.contains("\u{1B}"))
    }

    @Test func tablesNeutraliseTerminalEscapes() {
        let table = Listings.assets([ListedAsset(eventID: "e", storyID: nil, asset: hostile)], event: "e", format: .table)
        #expect(!table.contains("\u{1B}"))
        #expect(table.contains("(event)"))
        #expect(table.split(separator: "\n").count == 3, "header, one row, footer: the newline in the title stays in its cell")
    }

    @Test func tablesFitTheTerminalWidth() {
        let long = Asset(id: "a", kind: .video, title: String(repeating: "Long title ", count: 20),
                         url: "https://example.org/" + String(repeating: "x", count: 200))
        let table = Listings.assets([ListedAsset(eventID: "e", storyID: "s", asset: long)], event: "e", format: .table, width: 100)
        for line in table.split(separator: "\n").dropLast() {
            #expect(line.count <= 100)
        }
        #expect(table.contains("…"))
        let piped = Listings.assets([ListedAsset(eventID: "e", storyID: "s", asset: long)], event: "e", format: .table, width: nil)
        #expect(piped.contains(long.url), "nothing is cut when the output is not a terminal")
    }

    @Test func jsonIsDeterministicAndLeavesOutAbsentFields() throws {
        let listed = [ListedAsset(eventID: "e", storyID: "s", asset: hostile)]
        let first = Listings.assets(listed, event: "e", format: .json)
        #expect(first == Listings.assets(listed, event: "e", format: .json))
        let object = try #require(JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let asset = try #require((object["assets"] as? [[String: Any]])?.first)
        #expect(asset["title"] as? String == hostile.title)
        #expect(asset["embargo"] == nil)
        #expect(asset["shotlist"] as? [Any] != nil, "lists are always present")
        let keys = first.components(separatedBy: "\n").filter { $0.hasPrefix("      \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
    }
}
