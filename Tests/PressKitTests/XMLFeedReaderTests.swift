import Foundation
@testable import PressKit
import Testing

/// The feed reader over libxml2 (Sources/CXML), where `presskit ingest`'s end-to-end tests cannot
/// reach: the parser's own refusal of entities, namespaces, attributes and text in pieces.
@Suite struct XMLFeedReaderTests {
    @Test func anEntityDeclaredPastTheFirst64KBIsRefusedByTheParser() {
        // The prolog check reads 64 KB; a comment pushes the DOCTYPE beyond it.
        let padding = "<!--" + String(repeating: "x", count: 70_000) + "-->"
        let feed = "<?xml version=\"1.0\"?>\(padding)<!DOCTYPE r [<!ENTITY a \"aaaa\">]><rss version=\"2.0\"><channel><title>&a;</title></channel></rss>"
        #expect(!XMLFeedReader.declaresEntities(Data(feed.utf8)), "the fixture must get past the first check")
        do {
            _ = try XMLFeedReader.read(Data(feed.utf8))
            Issue.record("a feed declaring an entity was read")
        } catch {
            #expect("\(error)" == "the feed declares XML entities (<!ENTITY a>); refused")
        }
    }

    @Test func mediaRSSAttributesNamespacesAndEscapedText() throws {
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:x="urn:other">
            <channel><title>Desk &amp; co</title><link>https://example.org/</link>
            <item><title><![CDATA[Visit to <b>Skopje</b>]]></title><guid>g1</guid>
            <media:group><media:title>Group title</media:title>
            <media:content url="https://example.org/a.mp4" type="video/mp4" medium="video" x:url="https://wrong.example/"/>
            </media:group>
            <x:enclosure url="https://example.org/not-an-enclosure.mp4"/>
            </item></channel></rss>
            """
        let parsed = try XMLFeedReader.read(Data(feed.utf8))
        #expect(parsed.title == "Desk & co")
        #expect(parsed.link == "https://example.org/")
        #expect(parsed.items.count == 1)
        let item = try #require(parsed.items.first)
        #expect(item.title == "Visit to Skopje")
        #expect(item.guid == "g1")
        #expect(item.assets.map(\.url) == ["https://example.org/a.mp4"], "a namespaced attribute or element is not RSS's")
        #expect(item.assets.first?.contentType == "video/mp4")
        #expect(item.assets.first?.title == "Group title")
    }

    @Test func textLongerThanOnePieceIsWhole() throws {
        // libxml2 hands long text over in pieces; the title is their sum.
        let long = String(repeating: "Déclaration ", count: 4_000)
        let feed = "<rss version=\"2.0\"><channel><title>\(long)</title></channel></rss>"
        let parsed = try XMLFeedReader.read(Data(feed.utf8))
        #expect(parsed.title == long.trimmingCharacters(in: .whitespaces))
    }

    @Test func malformedXMLIsNamedWithItsPlace() {
        let feed = "<rss version=\"2.0\">\n<channel><title>x</titel></channel></rss>"
        do {
            _ = try XMLFeedReader.read(Data(feed.utf8))
            Issue.record("a mismatched tag was read")
        } catch {
            #expect("\(error)".hasPrefix("not a readable feed: XML error at line 2, column "), "\(error)")
            #expect("\(error)".contains("mismatch"), "libxml2's own words: \(error)")
        }
    }
}
