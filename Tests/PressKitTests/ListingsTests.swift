import Catalogue
import Foundation
import MediaProbe
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

    /// The JSON listing is built as nodes directly (AssetsDocument+Tree.swift): byte for byte what
    /// `JSONEncoder` writes from the same values through their `Encodable` conformances, with every
    /// field, the health of a checked link (all of it, and the least of it), a probed file held to a
    /// policy, text that must be escaped, and an asset never checked.
    @Test func jsonListingIsJSONEncodersBytes() throws {
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        let full = AssetFieldTests.full
        var quoted = hostile
        quoted.speakers = [Speaker(name: "Ana \"Q\" / B", language: nil), Speaker(name: "Zed")]
        quoted.shotlist = [Shot(at: "00:00:01.500", shot: "Line\tone </script>"), Shot(at: "01:02", shot: "")]
        let never = Asset(id: "n", kind: .document, title: "Never checked", url: "https://example.org/n.pdf")
        let listed = [ListedAsset(eventID: "e", storyID: nil, asset: never), ListedAsset(eventID: "e", storyID: "s", asset: full),
                      ListedAsset(eventID: "e", storyID: "s2", asset: quoted)]
        let media = MediaProbeRecord(properties: MediaProperties(format: "mp4", width: 640, height: 360, duration: 12.5, frameRate: 29.97,
                                                                 videoCodec: "avc1", audioCodec: "mp4a", sampleRate: 48_000, channels: 2),
                                     note: nil, bytes: 16_384, probedAt: at)
        let health: [String: LinkHealth] = [
            full.url: LinkHealth(url: full.url, verdict: .redirected, since: at, lastChecked: at.addingTimeInterval(60), lastOK: at,
                                 consecutiveFailures: 0, httpStatus: 301, contentType: "video/mp4", contentLength: 1_234_567,
                                 newURL: "https://example.org/new.mp4", certificateExpiry: at.addingTimeInterval(86_400), media: media),
            quoted.url: LinkHealth(url: quoted.url, verdict: .broken, since: at, lastChecked: at, lastOK: nil, consecutiveFailures: 3,
                                   httpStatus: nil, contentType: nil, contentLength: nil, newURL: nil, certificateExpiry: nil),
        ]
        let expectations: [AssetKind: MediaExpectation] = [.video: MediaExpectation(minWidth: 1_920)]
        let listing = Listings.assets(listed, event: "e", health: health, expectations: expectations, format: .json)

        let document = AssetsDocument(event: "e", assets: listed.map { item in
            var json = AssetJSON(item.asset, event: item.eventID, story: item.storyID)
            json.health = health[item.asset.url].map(HealthJSON.init)
            json.media = health[item.asset.url]?.media.map { record in
                MediaJSON(record, offSpec: expectations[item.asset.kind]?.shortfalls(record.properties ?? MediaProperties(), kind: item.asset.kind) ?? [])
            }
            return json
        })
        #expect(document.utf8 != nil)
        #expect(listing == KitJSON.foundation(document, pretty: true, userInfo: [:]))
        #expect(listing.contains("\"off_spec\""), "the probe is held to the policy: \(listing)")
    }
}
