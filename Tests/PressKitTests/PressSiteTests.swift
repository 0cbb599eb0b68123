import Catalogue
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
@testable import PressKit

/// The press site `manifest --all` writes: kits, an index of events as cards, feeds and a sitemap.
@Suite struct PressSiteTests {
    static let siteURL = "https://press.example.org/kits/"
    static let moment = KitFixtures.moment("2024-02-12T12:00:00Z")

    /// Three events around the site's moment: one past, one live, one upcoming (given out of order).
    static let kits: [Manifest] = {
        func event(_ id: String, _ title: String, _ start: String, _ end: String?) -> Event {
            Event(id: id, title: title, type: .meeting, start: KitFixtures.day(start), end: end.map(KitFixtures.day),
                  places: ["Brussels"], summary: "About \(title).")
        }
        return [
            KitFixtures.manifest(for: event("past-meeting", "A past meeting", "2024-01-10", "2024-01-11"), health: [:], recordsAsOf: false),
            KitFixtures.manifest(for: KitFixtures.representative, recordsAsOf: false),
            KitFixtures.manifest(for: event("next-meeting", "The next meeting", "2024-03-01", nil), health: [:], recordsAsOf: false),
            KitFixtures.manifest(for: KitFixtures.hostile, health: [:], recordsAsOf: false),
        ]
    }()

    static func files(siteURL: String? = siteURL) -> [String: String] {
        let site = PressSite(format: .html, audience: .public, siteURL: siteURL, moment: moment)
        return Dictionary(uniqueKeysWithValues: site.files(kits).map { ($0.name, $0.text) })
    }

    @Test func aPublicSiteHasKitsAnIndexFeedsAndASitemap() {
        #expect(Set(Self.files().keys) == ["past-meeting.html", "steadfast-visit-2024.html", "next-meeting.html", "hostile.html",
                                          "index.html", "feed.xml", "feed.json", "sitemap.xml"])
        #expect(Self.files(siteURL: nil)["sitemap.xml"] == nil, "a sitemap needs absolute URLs")
        // Staff and machine-format sites keep the index they always had.
        let staff = PressSite(format: .html, audience: .staff, siteURL: Self.siteURL, moment: Self.moment).files(Self.kits)
        #expect(Set(staff.map(\.name)).isSuperset(of: ["index.html"]) && !staff.contains { $0.name == "feed.xml" })
        let json = PressSite(format: .json, audience: .staff, siteURL: nil, moment: Self.moment).files(Self.kits)
        #expect(json.last?.name == "index.json" && json.last?.text.contains("presskit.site/1") == true)
    }

    @Test func theIndexPutsLiveAndUpcomingEventsFirstThenTheMostRecent() throws {
        let index = try #require(Self.files()["index.html"])
        // The hostile statement (12 February) and the visit (12–13 February) are live, then the
        // meeting in March is upcoming, then January's is past.
        let order = ["hostile.html", "steadfast-visit-2024.html", "next-meeting.html", "past-meeting.html"]
        let positions = order.map { index.range(of: "href=\"\($0)\"")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions.map { $0! } == positions.map { $0! }.sorted(), "live, upcoming, then past by date")
        #expect(index.contains("<span class=\"badge good\">Live</span>") && index.contains("<span class=\"badge good\">Upcoming</span>"))
        #expect(index.contains("<time datetime=\"2024-02-12\">12–13 February 2024</time>"))
        // A card shows the kit's first photo.
        #expect(index.contains("<img class=\"poster\" src=\"https://example.org/photos/portrait.JPG?size=large\""))
        #expect(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Press kits (Atom)\" href=\"https://press.example.org/kits/feed.xml\">"))
        #expect(!index.contains("&lt;script&gt;") || !index.contains("<script>alert"), "hostile titles escaped")
        #expect(!index.contains("<script>"))
    }

    @Test func theAtomFeedReadsCleanWithFeedparser() async throws {
        let files = Self.files()
        let reading = try await PythonFeed.read(try #require(files["feed.xml"]))
        #expect(!reading.bozo, "\(reading.bozoException ?? "")")
        #expect(reading.version == "atom10" && reading.title == "Press kits")
        #expect(reading.entries.count == 4)
        #expect(reading.entries.map(\.link) == ["hostile", "steadfast-visit-2024", "next-meeting", "past-meeting"]
            .map { "https://press.example.org/kits/\($0).html" })
        #expect(reading.entries.last?.id == "https://press.example.org/kits/past-meeting.html")
        #expect(reading.entries.contains { $0.title == KitFixtures.hostile.title.replacingOccurrences(of: "\u{202E}", with: "\u{202E}") })
        // Without site_url: relative links and URN ids, still a valid feed.
        let relative = try await PythonFeed.read(try #require(Self.files(siteURL: nil)["feed.xml"]))
        #expect(!relative.bozo, "\(relative.bozoException ?? "")")
        #expect(relative.entries.last?.id == "urn:presskit:event:past-meeting")
    }

    @Test func theJSONFeedHasEveryRequiredKey() throws {
        // https://jsonfeed.org/version/1.1: version, title and items are required; each item needs
        // id and content_html or content_text.
        let feed = try jsonObject(try #require(Self.files()["feed.json"]))
        #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(feed["title"] as? String == "Press kits")
        #expect(feed["feed_url"] as? String == "https://press.example.org/kits/feed.json")
        #expect(feed["home_page_url"] as? String == "https://press.example.org/kits/")
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(items.count == 4)
        for item in items {
            #expect(item["id"] is String && (item["content_text"] is String || item["content_html"] is String))
            #expect((item["url"] as? String)?.hasPrefix("https://press.example.org/kits/") == true)
            #expect(item["date_published"] as? String != nil)
        }
    }

    @Test func theSitemapListsEveryPageAbsolutely() throws {
        let sitemap = try #require(Self.files()["sitemap.xml"])
        final class Locations: NSObject, XMLParserDelegate {
            var locs: [String] = []
            var inLoc = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "loc" { inLoc = true; locs.append("") }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { inLoc = false }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inLoc { locs[locs.count - 1] += string } }
        }
        let parser = XMLParser(data: Data(sitemap.utf8))
        let locations = Locations()
        parser.delegate = locations
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(locations.locs.count == 5 && locations.locs.allSatisfy { $0.hasPrefix("https://press.example.org/kits/") })
    }

    @Test func everyPageOfTheSiteLinksAbsolutelyWithSiteURL() throws {
        let files = Self.files()
        for name in ["past-meeting.html", "steadfast-visit-2024.html", "next-meeting.html"] {
            let page = try #require(files[name])
            #expect(page.contains("<link rel=\"canonical\" href=\"https://press.example.org/kits/\(name)\">"), "\(name)")
            #expect(page.contains("href=\"https://press.example.org/kits/feed.xml\""), "\(name)")
        }
    }

    @Test func theSiteIsDeterministic() {
        #expect(Self.files() == Self.files())
    }
}
