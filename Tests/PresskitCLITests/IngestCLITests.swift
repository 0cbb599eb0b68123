import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// `presskit ingest` end to end: feeds written from the specifications (RSS 2.0, Media RSS 1.5,
/// Atom 1.0, JSON Feed 1.1) as files and on 127.0.0.1, drafts read back by `validate` and `import`.
@Suite struct IngestCLITests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    static let mediaRSS = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>NATO Multimedia</title><link>https://example.org/multimedia</link>
          <item>
            <title><![CDATA[Exercise &lt;b&gt;Steadfast&lt;/b&gt; Defender: B-roll]]></title>
            <link>https://example.org/news/steadfast-defender.htm?utm_source=rss</link>
            <guid isPermaLink="false">sd24-broll</guid>
            <pubDate>Tue, 21 Nov 2023 10:00:00 +0100</pubDate>
            <description>Troops &amp;amp; vehicles on the move.</description>
            <media:group>
              <media:title>Steadfast Defender footage</media:title>
              <media:credit role="author">NATO</media:credit>
              <media:copyright>Free for editorial use</media:copyright>
              <media:content url="https://media.example.org/sd24/broll-hd.mp4" type="video/mp4" medium="video"/>
              <media:content url="https://media.example.org/sd24/broll-sd.mp4" type="video/mp4" medium="video"/>
            </media:group>
            <media:thumbnail url="https://media.example.org/sd24/thumb.jpg"/>
          </item>
          <item>
            <title>Press point by the Secretary General</title>
            <link>https://example.org/news/press-point.htm</link>
            <pubDate>Wed, 22 Nov 2023 09:30:00 GMT</pubDate>
            <enclosure url="https://media.example.org/press-point.mp3" length="1000" type="audio/mpeg"/>
            <media:content url="/media/press-point-transcript.pdf" type="application/pdf">
              <media:title>Transcript of the press point</media:title>
              <media:description>Full text</media:description>
            </media:content>
          </item>
          <item>
            <title>Press point by the Secretary General</title>
            <link>https://example.org/news/press-point.htm</link>
            <pubDate>Wed, 22 Nov 2023 09:30:00 GMT</pubDate>
          </item>
          <item><title>Old item</title><guid>old</guid><pubDate>Mon, 02 Jan 2023 08:00:00 EST</pubDate>
            <enclosure url="https://media.example.org/old.jpg" type="image/jpeg"/></item>
        </channel></rss>
        """

    static let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
          <title>NATO Channel</title><id>urn:nato-channel</id><updated>2023-11-21T12:00:00Z</updated>
          <entry>
            <id>yt:video:abc123</id><title>Soundbite: Admiral on readiness</title>
            <link rel="alternate" href="/watch/abc123"/>
            <published>2023-11-21T11:00:00+00:00</published>
            <media:group>
              <media:title>Soundbite: Admiral on readiness</media:title>
              <media:content url="/v/abc123.mp4" type="video/mp4"/>
              <media:description>The Admiral speaks about readiness.</media:description>
            </media:group>
          </entry>
          <entry>
            <id>urn:entry:2</id><title type="html">Remarks &amp;amp; Q&amp;amp;A</title>
            <updated>2023-11-20T08:00:00Z</updated>
            <link rel="alternate" href="/news/remarks.htm"/>
            <link rel="enclosure" href="/files/remarks.pdf" type="application/pdf" title="Remarks (PDF)"/>
          </entry>
        </feed>
        """

    static let jsonFeed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Photo desk", "home_page_url": "https://example.org/photos",
         "items": [{"id": "p1", "url": "https://example.org/photos/1", "title": "Ministers meet", "date_published": "2023-11-19T09:00:00+01:00",
                    "content_html": "<p>Foreign ministers &amp; partners.</p>", "authors": [{"name": "NATO Photo"}],
                    "attachments": [{"url": "https://example.org/photos/1.jpg", "mime_type": "image/jpeg", "title": "Family photo"}]},
                   {"id": "p2", "url": "PAGE", "title": "A story with no media of its own"}]}
        """

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/atom.xml": .bytes(Array(Self.atom.utf8), contentType: "application/atom+xml"),
            "/channel.htm": .bytes(Array("<html><head><link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom.xml\"></head></html>".utf8), contentType: "text/html"),
            "/story.htm": .bytes(Array("<title>Page</title><meta property='article:published_time' content='2023-11-18'><a href='/media/b-roll.mp4'>B-roll</a>".utf8), contentType: "text/html"),
        ])
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nconnect_timeout: 2s\ntotal_timeout: 5s\nretries: 0\n")
        _ = try directory.write("feeds/media.rss", Self.mediaRSS)
        _ = try directory.write("feeds/photos.json", Self.jsonFeed.replacingOccurrences(of: "PAGE", with: server.url("/story.htm")))
        _ = try directory.write("Catalog/kosovo.yaml", "event: {id: kosovo-statement, title: Statement, type: statement, start: 2023-06-23}\n")
    }

    func drafts() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path("Catalog/drafts")).sorted()
    }

    func draft(_ name: String) throws -> String {
        try String(contentsOfFile: directory.path("Catalog/drafts/\(name)"), encoding: .utf8)
    }

    @Test func mediaRSSFromAFileOnceOnly() async throws {
        defer { server.stop(); directory.remove() }
        let first = try await presskit("ingest", "feeds/media.rss", "--since", "2023-06-01", "--policies", "policies")
        #expect(first.status == 0, "\(first.stderr)")
        let files = try drafts()
        #expect(files.count == 1 && files[0].hasPrefix("nato-multimedia-"), "\(files)")
        let text = try draft(files[0])
        #expect(text.contains("headline: \"Exercise Steadfast Defender: B-roll\""), "CDATA and double-escaped HTML:\n\(text)")
        #expect(text.contains("date: 2023-11-21T10:00:00+01:00") && text.contains("date: 2023-11-22T09:30:00"))
        #expect(text.contains("summary: \"Troops & vehicles on the move.\""))
        #expect(text.contains("webstory: \"https://example.org/news/steadfast-defender.htm?utm_source=rss\""))
        #expect(text.contains("- kind: b-roll  # kind guessed from \"footage\" in the media:title"), "\(text)")
        #expect(text.components(separatedBy: "credit: \"NATO\"").count == 3, "the group's credit on both contents")
        #expect(text.contains("rights: \"Free for editorial use\""))
        #expect(text.contains("Thumbnail: https://media.example.org/sd24/thumb.jpg."))
        #expect(text.contains("- kind: audio  # kind guessed from the file type (audio)"))
        #expect(text.contains("- kind: transcript  # kind guessed from \"Transcript\" in the media:title"))
        #expect(text.contains("url: \"https://example.org/media/press-point-transcript.pdf\""), "relative to the channel's link")
        #expect(text.contains("caption: \"Full text\""))
        #expect(text.components(separatedBy: "- id: press-point").count == 2, "the duplicate item is drafted once:\n\(text)")
        #expect(!text.contains("Old item"), "--since")

        let validate = try await presskit("validate", "Catalog/drafts")
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)\n\(text)")

        // A second run of the same feed drafts nothing; the import of Catalog skips drafts/.
        let second = try await presskit("ingest", "feeds/media.rss", "--since", "2023-06-01", "--policies", "policies")
        #expect(second.status == 0)
        #expect(second.stdout.contains("feeds/media.rss: nothing new"), "\(second.stdout)")
        #expect(try drafts() == files)
        let imported = try await presskit("import", "--format", "json")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stdout.contains("nato-multimedia"), "drafts are not imported unless named")
        let named = try await presskit("import", "Catalog/drafts")
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func atomFromAPageThatNamesItAndJSONFeedWithAPageDrafted() async throws {
        defer { server.stop(); directory.remove() }
        let run = try await presskit("ingest", server.url("/channel.htm"), "feeds/photos.json", "--policies", "policies", "-o", "out")
        #expect(run.status == 0, "\(run.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path("out")).sorted()
        #expect(files.count == 2, "\(files)")
        let atom = try String(contentsOfFile: directory.path("out/\(files.first { $0.hasPrefix("nato-channel") }!)"), encoding: .utf8)
        #expect(atom.contains("- kind: soundbite  # kind guessed from \"Soundbite\" in the media:title"), "\(atom)")
        #expect(atom.contains("url: \"\(server.url("/v/abc123.mp4"))\""))
        #expect(atom.contains("headline: \"Remarks & Q&A\""))
        #expect(atom.contains("- kind: transcript  # kind guessed from \"Remarks\" in the enclosure's title"))
        let photos = try String(contentsOfFile: directory.path("out/\(files.first { $0.hasPrefix("photo-desk") }!)"), encoding: .utf8)
        #expect(photos.contains("summary: \"Foreign ministers & partners.\""))
        #expect(photos.contains("credit: \"NATO Photo\"") && photos.contains("title: \"Family photo\""))
        #expect(photos.contains("- kind: b-roll  # kind guessed from \"B-roll\" in the link text"), "the item's page drafted:\n\(photos)")
        #expect(photos.contains("date: 2023-11-18"), "the page's date for an undated item")
        #expect(try await presskit("validate", "out").status == 0)
    }

    @Test func hostileFeedsAreRefusedWithTheirName() async throws {
        defer { server.stop(); directory.remove() }
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
            <rss version="2.0"><channel><title>&lol9;</title></channel></rss>
            """
        _ = try directory.write("feeds/laughs.rss", laughs)
        _ = try directory.write("feeds/external.rss", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><item><title>&x;</title><guid>1</guid></item></channel></rss>")
        // Quadratic blow-up: one large entity referenced many times, no nesting.
        let big = String(repeating: "x", count: 50_000)
        _ = try directory.write("feeds/quadratic.rss", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"\(big)\">]><rss version=\"2.0\"><channel><title>"
            + String(repeating: "&a;", count: 50_000) + "</title></channel></rss>")
        // Items with neither GUID, link nor title cannot be remembered: skipped, and said.
        _ = try directory.write("feeds/anonymous.rss", "<rss version=\"2.0\"><channel><title>Anon</title><item><enclosure url=\"https://example.org/a.mp4\" type=\"video/mp4\"/></item></channel></rss>")
        _ = try directory.write("feeds/broken.rss", "<rss version=\"2.0\"><channel><item><title>unclosed")
        _ = try directory.write("feeds/notafeed.xml", "<?xml version=\"1.0\"?><svg/>")
        let latin1 = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Presse</title><item><title>D\u{E9}claration</title><guid>d1</guid><enclosure url=\"https://example.org/d.pdf\" type=\"application/pdf\"/></item></channel></rss>".data(using: .isoLatin1)!)
        try latin1.write(to: URL(fileURLWithPath: directory.path("feeds/latin1.rss")))

        // Windows-1252's curly quotes (0x93, 0x94) and a UTF-8 byte order mark.
        var cp1252 = Data("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>Desk</title><item><title>".utf8)
        cp1252 += Data([0x93]) + Data("Remarks".utf8) + Data([0x94]) + Data("</title><guid>w1</guid><enclosure url=\"https://example.org/w.pdf\" type=\"application/pdf\"/></item></channel></rss>".utf8)
        try cp1252.write(to: URL(fileURLWithPath: directory.path("feeds/cp1252.rss")))
        try (Data([0xEF, 0xBB, 0xBF]) + Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>BOM desk</title><item><title>Caf\u{E9}</title><guid>b1</guid><enclosure url=\"https://example.org/b.jpg\" type=\"image/jpeg\"/></item></channel></rss>".utf8))
            .write(to: URL(fileURLWithPath: directory.path("feeds/bom.rss")))
        let encodings = try await presskit("ingest", "feeds/cp1252.rss", "feeds/bom.rss", "--policies", "policies", "-o", "enc")
        #expect(encodings.status == 0, "\(encodings.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path("enc")).sorted()
        let texts = try written.map { try String(contentsOfFile: directory.path("enc/\($0)"), encoding: .utf8) }.joined()
        #expect(texts.contains("headline: \"\u{201C}Remarks\u{201D}\""), "\(texts)")
        #expect(texts.contains("headline: \"Café\""))

        let clock = ContinuousClock()
        let start = clock.now
        let run = try await presskit("ingest", "feeds/laughs.rss", "feeds/external.rss", "feeds/broken.rss", "feeds/notafeed.xml", "feeds/missing.rss", "feeds/latin1.rss", "feeds/quadratic.rss", "feeds/anonymous.rss", "--policies", "policies")
        #expect(clock.now - start < .seconds(20))
        #expect(run.status == 1, "one feed drafted, the others named:\n\(run.stderr)")
        #expect(run.stderr.contains("cannot ingest feeds/laughs.rss: the feed declares XML entities"), "\(run.stderr)")
        #expect(run.stderr.contains("cannot ingest feeds/external.rss: the feed declares XML entities"))
        #expect(run.stderr.contains("cannot ingest feeds/broken.rss: not a readable feed: the XML ends inside <title>"))
        #expect(run.stderr.contains("cannot ingest feeds/notafeed.xml: not an RSS 2.0 or Atom 1.0 feed"))
        #expect(run.stderr.contains("cannot ingest feeds/missing.rss: no such file"))
        #expect(run.stderr.contains("cannot ingest feeds/quadratic.rss: the feed declares XML entities"))
        #expect(run.stderr.contains("feeds/anonymous.rss: 1 item with no GUID, link or title skipped"), "\(run.stderr)")
        #expect(run.stdout.contains("feeds/anonymous.rss: nothing new"))
        let files = try drafts()
        #expect(files.count == 1)
        #expect(try draft(files[0]).contains("headline: \"Déclaration\""), "the declared encoding is honoured")

        // A feed alone that cannot be read: exit 2, one error line naming it.
        _ = try directory.write("feeds/mangled.rss", "<rss version=\"2.0\"><channel><item><title>x</titel></item></channel></rss>")
        let alone = try await presskit("ingest", "feeds/mangled.rss", "--policies", "policies")
        #expect(alone.status == 2)
        #expect(alone.stderr.hasPrefix("presskit: error: cannot ingest feeds/mangled.rss: not a readable feed: XML error at line 1"), "\(alone.stderr)")
    }

    @Test func aTenThousandItemFeedIsDraftedOnceAndValidates() async throws {
        defer { server.stop(); directory.remove() }
        var feed = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>Big</title>"
        for index in 0..<10_000 {
            feed += "<item><title>Item \(index): footage</title><link>https://example.org/news/item-\(index).htm</link><guid>i\(index)</guid>"
                + "<pubDate>Tue, 21 Nov 2023 10:00:00 +0100</pubDate><media:content url=\"https://media.example.org/\(index).mp4\" type=\"video/mp4\"/></item>"
        }
        _ = try directory.write("feeds/big.rss", feed + "</channel></rss>")
        let first = try await presskit("ingest", "feeds/big.rss", "--policies", "policies")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("10000 new items drafted"))
        let validate = try await presskit("validate", "Catalog/drafts")
        #expect(validate.stdout.contains("10000 stories, 10000 assets"), "\(validate.stdout)\(validate.stderr)")
        let second = try await presskit("ingest", "feeds/big.rss", "--policies", "policies")
        #expect(second.stdout.contains("nothing new"))
    }
}
