import Catalogue
import Foundation
import MediaProbe
import Testing
import TestSupport
@testable import PressKit

/// The public HTML page: what a journalist sees and what search engines and link previews read.
@Suite struct PublicPageTests {
    static let siteURL = "https://press.example.org/kits/"
    static let renderer = PublicHTMLRenderer(siteURL: siteURL)
    static let manifest = KitFixtures.manifest()
    static let page = renderer.render(manifest)

    @Test func pageMatchesItsSnapshot() throws {
        try Snapshots.check(Self.page, named: "public-kit.html")
    }

    @Test func hostilePageMatchesItsSnapshot() throws {
        try Snapshots.check(Self.renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:])), named: "public-hostile.html")
    }

    /// The JSON-LD block of a page, parsed.
    static func structuredData(_ html: String) throws -> [String: Any] {
        let open = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let close = try #require(html.range(of: "</script>", range: open.upperBound..<html.endIndex))
        return try jsonObject(String(html[open.upperBound..<close.lowerBound]))
    }

    @Test func theEventCarriesWhatGoogleRequiresForEvents() throws {
        // https://developers.google.com/search/docs/appearance/structured-data/event: name,
        // startDate and location (a Place with an address) are required.
        let data = try Self.structuredData(Self.page)
        #expect(data["@context"] as? String == "https://schema.org" && data["@type"] as? String == "Event")
        #expect(data["name"] as? String == "Secretary General visits Exercise Steadfast Example")
        #expect(data["startDate"] as? String == "2024-02-12" && data["endDate"] as? String == "2024-02-13")
        let locations = try #require(data["location"] as? [[String: Any]])
        #expect(locations.map { $0["address"] as? String } == ["Tapa, Estonia", "Ādaži, Latvia"])
        #expect(locations.allSatisfy { $0["@type"] as? String == "Place" && $0["name"] != nil })
        let organizer = try #require(data["organizer"] as? [String: Any])
        #expect(organizer["name"] as? String == "NATO Press Office" && organizer["email"] as? String == "press@example.org")
        #expect(data["url"] as? String == "https://press.example.org/kits/steadfast-visit-2024.html")
    }

    @Test func videosCarryWhatGoogleRequiresForVideos() throws {
        // https://developers.google.com/search/docs/appearance/structured-data/video: name,
        // thumbnailUrl and uploadDate are required; contentUrl, description, duration recommended.
        let media = try #require(try Self.structuredData(Self.page)["recordedIn"] as? [[String: Any]])
        let videos = media.filter { $0["@type"] as? String == "VideoObject" }
        #expect(videos.count == 3)
        for video in videos {
            for property in ["name", "thumbnailUrl", "uploadDate", "contentUrl", "description", "encodingFormat"] {
                #expect(video[property] != nil, "\(video["name"] ?? "?") lacks \(property)")
            }
            let upload = try #require(video["uploadDate"] as? String)
            #expect(CalendarDate(iso: upload) != nil || (try? ZonedDateTime.parse(upload).get()) != nil, "ISO 8601: \(upload)")
        }
        let broll = try #require(videos.first { $0["name"] as? String == "B-roll: arrival in Tapa" })
        #expect(broll["duration"] as? String == "PT3M12S")
        #expect(broll["width"] as? Int == 1920 && broll["height"] as? Int == 1080)
        #expect(broll["encodingFormat"] as? String == "video/mp4")
        #expect(broll["uploadDate"] as? String == "2024-02-12", "the filming day")
        #expect(broll["contentUrl"] as? String == "https://example.org/media/tapa-b-roll.mp4")
        let images = media.filter { $0["@type"] as? String == "ImageObject" }
        #expect(images.contains { $0["contentUrl"] as? String == "https://example.org/photos/adazi.jpg" && $0["width"] as? Int == 800
            && $0["caption"] as? String == "The Secretary General greets troops in Ādaži" })
        // Gallery pages and a PDF filed as a photo are not ImageObjects.
        #expect(images.map { $0["contentUrl"] as? String } == ["https://example.org/photos/portrait.JPG?size=large", "https://example.org/photos/adazi.jpg"])
        let articles = try #require(try Self.structuredData(Self.page)["subjectOf"] as? [[String: Any]])
        #expect(articles.map { $0["@type"] as? String } == ["NewsArticle", "NewsArticle"])
        #expect(articles[0]["headline"] as? String == "Secretary General meets the battlegroup in Tapa"
            && articles[0]["url"] as? String == "https://example.org/news/tapa.htm" && articles[0]["datePublished"] as? String == "2024-02-12")
    }

    @Test func hostileTextCannotLeaveTheJSONLDBlock() throws {
        let page = Self.renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:]))
        #expect(page.components(separatedBy: "<script").count == 2, "one script element, the JSON-LD")
        #expect(page.components(separatedBy: "</script>").count == 2)
        let data = try Self.structuredData(page)
        #expect(data["name"] as? String == KitFixtures.hostile.title, "the JSON-LD carries the title exactly")
        let media = data["recordedIn"] as? [[String: Any]] ?? []
        #expect(!media.contains { ($0["contentUrl"] as? String)?.lowercased().contains("script:") == true }, "only http(s) media")
    }

    @Test func theHeadDescribesThePageForSearchAndPreviews() {
        let page = Self.page
        for tag in [
            "<title>Press kit: \u{2068}Secretary General visits Exercise Steadfast Example\u{2069}</title>",
            "<meta name=\"description\" content=\"The Secretary General meets troops of the multinational battlegroups during Exercise Steadfast Example.\">",
            "<link rel=\"canonical\" href=\"https://press.example.org/kits/steadfast-visit-2024.html\">",
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Press kits (Atom)\" href=\"https://press.example.org/kits/feed.xml\">",
            "<meta property=\"og:title\" content=\"Secretary General visits Exercise Steadfast Example\">",
            "<meta property=\"og:url\" content=\"https://press.example.org/kits/steadfast-visit-2024.html\">",
            // The first photo that serves an image is the preview.
            "<meta property=\"og:image\" content=\"https://example.org/photos/portrait.JPG?size=large\">",
            "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        ] {
            #expect(page.contains(tag), "missing \(tag)")
        }
        let relative = PublicHTMLRenderer().render(Self.manifest)
        #expect(!relative.contains("rel=\"canonical\"") && !relative.contains("og:url"), "no canonical without site_url")
    }

    @Test func theHeaderSpeaksLikePeople() {
        #expect(Self.page.contains("<time datetime=\"2024-02-12\">12–13 February 2024</time>"))
        #expect(Self.page.contains("<a href=\"mailto:press@example.org\"><bdi>press@example.org</bdi></a>"))
        #expect(Self.page.contains("<a href=\"tel:+3227075041\"><bdi>+32 2 707 50 41</bdi></a>"))
        #expect(KitWording.humanDates(start: "2023-11-19", end: "2023-11-22") == "19–22 November 2023")
        #expect(KitWording.humanDates(start: "2023-11-30", end: "2023-12-02") == "30 November – 2 December 2023")
        #expect(KitWording.humanDates(start: "2023-12-31", end: "2024-01-02") == "31 December 2023 – 2 January 2024")
        #expect(KitWording.humanDates(start: "2023-11-19", end: nil) == "19 November 2023")
        #expect(KitWording.humanDates(start: "2023-11-19", end: "2023-11-19") == "19 November 2023")
        #expect(KitWording.humanMoment("2023-11-20T09:00:00+01:00") == "20 November 2023, 09:00 UTC+01:00")
        #expect(ContactLink.mailto("a@b\" onmouseover=\"x.org") == nil && ContactLink.tel("call us") == nil)
    }

    @Test func creditAndRightsAreSaidOnceAndPerAssetOnlyWhereTheyDiffer() {
        let page = Self.page
        #expect(page.components(separatedBy: "<h2 id=\"rights\">Credit and rights</h2>").count == 2)
        // The policy's rights, with its URL linked, once at the top.
        #expect(page.components(separatedBy: "See <a href=\"https://www.nato.int/multi/conditions-e.html\"").count == 2)
        // The gallery's own rights and the soundbite's own credit sit with them, and only those.
        #expect(page.contains("<div class=\"own-rights\">\n<p dir=\"auto\"><strong>Rights:</strong> Editorial use only</p>\n</div>"))
        #expect(page.contains("<div class=\"own-rights\">\n<p><strong>Credit:</strong> <bdi>NATO / OTAN</bdi></p>\n</div>"))
    }

    @Test func videoCardsHavePostersTheirLineAndFoldedDetails() {
        let page = Self.page
        #expect(page.contains("<p class=\"spec\">1080p · 3:12 · H.264 · 412 MB</p>"))
        #expect(page.contains("<details><summary>Synopsis</summary>") && page.contains("<details><summary>Shot list</summary>"))
        #expect(page.contains("<strong>Speakers:</strong> <bdi>Colonel Dupont</bdi> (fr)"))
        // Every download button says what it fetches and carries `download`; gallery pages open.
        #expect(page.contains("download rel=\"noopener noreferrer\" id=\"asset-3-get\" aria-labelledby=\"asset-3-get asset-3-title\">Download <span class=\"file\">MP4 · 412 MB</span></a>"))
        #expect(page.contains("<h4 id=\"asset-3-title\" dir=\"auto\" lang=\"en\">B-roll: arrival in Tapa</h4>"))
        #expect(page.contains(" rel=\"noopener noreferrer\" id=\"asset-1-get\" aria-labelledby=\"asset-1-get asset-1-title\">Open <span class=\"file\">Web page</span></a>"))
        // Photos: the probe's size so nothing jumps, lazy loading, alt from the caption.
        #expect(page.contains("<img src=\"https://example.org/photos/adazi.jpg\" loading=\"lazy\" alt=\"The Secretary General greets troops in Ādaži\" width=\"800\" height=\"600\">"))
    }

    @Test func postersFallBackFromThumbnailToTheStoryImageToAPlaceholder() {
        // The fixtures' web stories were never probed: every video gets the placeholder.
        #expect(Self.page.contains("<svg class=\"poster placeholder\""))
        var manifest = Self.manifest
        manifest.stories[0].webstory?.image = "https://example.org/news/tapa-og.jpg"
        let page = Self.renderer.render(manifest)
        #expect(page.contains("<img class=\"poster\" src=\"https://example.org/news/tapa-og.jpg\" loading=\"lazy\" alt=\"\">"))
        // A web story image that is not a web link is never used.
        manifest.stories[0].webstory?.image = "javascript:alert(1)"
        #expect(!Self.renderer.render(manifest).contains("javascript:"))
    }

    @Test func hostileThumbnailsAndSiteURLStayInsideTheirAttributes() throws {
        // Given a thumbnail and a site_url built to break out of an attribute, and a thumbnail that
        // is a script URL, when the page is rendered, then each stays one escaped attribute value
        // and the script URL is never used.
        var manifest = Self.manifest
        manifest.stories[0].assets[0].assets[0].thumbnail = "https://example.org/p.jpg\"><script>alert(1)</script>"
        manifest.eventAssets[0].assets[1].thumbnail = "javascript:alert(1)"
        let page = PublicHTMLRenderer(siteURL: "https://press.example.org/\"><b>x/").render(manifest)
        #expect(page.contains("src=\"https://example.org/p.jpg&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://press.example.org/&quot;&gt;&lt;b&gt;x/steadfast-visit-2024.html\">"))
        #expect(!page.contains("javascript:") && !page.contains("<b>x"))
        #expect(page.components(separatedBy: "<script").count == 2)
        let data = try Self.structuredData(page)
        #expect((data["recordedIn"] as? [[String: Any]])?.contains { $0["thumbnailUrl"] as? String == "https://example.org/p.jpg\"><script>alert(1)</script>" } == true,
                "the JSON-LD carries the same URL, escaped for a script block")
    }

    @Test func printedKitsHideButtonsAndShowEachURL() {
        // Printed, a button loses its look and words and shows its href instead.
        #expect(Self.page.contains("@media print {\n  a.button { border: 0; padding: 0; font-weight: 400; }\n  a.button > *, a.button::before { display: none; }\n  a.button { font-size: 0; }\n  a.button::after { content: attr(href);"))
        #expect(Self.page.contains("<a class=\"button\" href=\"https://example.org/media/tapa-b-roll.mp4\" download"))
    }

    @Test func thePageStaysSelfContained() {
        let page = Self.page
        #expect(page.contains("content=\"default-src 'none'; img-src https: http:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\""))
        #expect(!page.contains("<link rel=\"stylesheet\""))
        #expect(page.components(separatedBy: "<script").count == 2 && page.contains("<script type=\"application/ld+json\">"))
        #expect(page.components(separatedBy: "<h1").count == 2)
        #expect(Self.renderer.render(Self.manifest) == page, "deterministic")
    }

    @Test(.enabled(if: PythonHTML.available)) func hostilePageParsesToTheSameText() async throws {
        // Given catalogue text built to break out of elements and attributes, when Python's
        // tokenizer reads the public page, then it finds no handler, no script but the JSON-LD,
        // and the title as text.
        let page = Self.renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:]))
        let parsed = try await PythonHTML.parse(page)
        #expect(!parsed.attributes.contains { $0.name.hasPrefix("on") }, "no event handlers")
        #expect(parsed.tags.filter { $0 == "script" }.count == 1)
        #expect(!parsed.attributes.contains { ["href", "src"].contains($0.name) && $0.value.lowercased().contains("script:") })
        #expect(parsed.texts["h1"] == [KitFixtures.hostile.title])
    }
}
