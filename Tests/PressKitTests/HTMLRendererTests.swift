import Foundation
import Testing
@testable import PressKit

@Suite struct HTMLRendererTests {
    let renderer = HTMLManifestRenderer()

    @Test func kitMatchesItsSnapshot() throws {
        try Snapshots.check(renderer.render(KitFixtures.manifest()), named: "kit.html")
    }

    /// The hostile kit pinned too: a change in escaping shows up as a diff a reviewer reads.
    @Test func hostileKitMatchesItsSnapshot() throws {
        try Snapshots.check(renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:])), named: "hostile.html")
    }

    @Test func indexMatchesItsSnapshot() throws {
        try Snapshots.check(renderer.renderIndex(KitFixtures.site(extension: "html")), named: "index.html")
    }

    @Test func renderingTwiceGivesTheSameBytes() {
        let manifest = KitFixtures.manifest()
        #expect(Data(renderer.render(manifest).utf8) == Data(renderer.render(manifest).utf8))
        #expect(renderer.renderIndex(KitFixtures.site(extension: "html")) == renderer.renderIndex(KitFixtures.site(extension: "html")))
    }

    @Test func theOnlyMomentOnThePageIsAsOfWhenRecorded() {
        let with = renderer.render(KitFixtures.manifest(recordsAsOf: true))
        let without = renderer.render(KitFixtures.manifest(recordsAsOf: false))
        #expect(with.contains("<dt>Kit as of</dt><dd><time datetime=\"2024-02-15T12:00:00.000Z\">2024-02-15 12:00 UTC</time>"))
        #expect(!without.contains("2024-02-15"), "no clock: the kit's moment appears only when asked for")
        #expect(!without.contains("as of"))
    }

    @Test func pageIsSelfContainedAndAccessible() {
        let html = renderer.render(KitFixtures.manifest())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("content=\"default-src 'none'; img-src https: http:; style-src 'unsafe-inline'"))
        #expect(html.components(separatedBy: "<style>").count == 2, "one inline style sheet")
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("@import"))
        #expect(html.contains("overflow-wrap: anywhere"))
        #expect(html.components(separatedBy: "<h1").count == 2, "one h1")
        #expect(html.contains("<h4 id=\"asset-4-title\" dir=\"auto\" lang=\"fr\">Extrait sonore : le commandant</h4>"))
        #expect(html.contains("rel=\"noopener noreferrer\" id=\"asset-1-download\" aria-labelledby=\"asset-1-download asset-1-title\">Download</a>"))
    }

    @Test func thumbnailsOnlyForPhotosThatServeImages() {
        let html = renderer.render(KitFixtures.manifest())
        let sources = Self.attributes("src", in: html)
        #expect(sources == ["https://example.org/photos/portrait.JPG?size=large", "https://example.org/photos/adazi.jpg"],
                "the unchecked .JPG by its extension, the checked JPEG by its type; not the gallery page or the PDF")
        #expect(html.contains("<img class=\"thumb\" src=\"https://example.org/photos/adazi.jpg\" loading=\"lazy\" alt=\"The Secretary General greets troops in Ādaži\">"))
        #expect(html.contains("alt=\"Official portrait\""), "no caption: the title is the alt text")
    }

    @Test func summaryShowsWhatIsMissingHeldBackAndLeftOut() {
        let html = renderer.render(KitFixtures.manifest())
        #expect(html.contains("<span class=\"badge bad\">missing: transcript</span>"))
        #expect(html.contains("<li><bdi>Photos of tomorrow&#39;s visit</bdi> (photo), until <time datetime=\"2024-02-16T09:00:00+02:00\">2024-02-16 09:00 UTC+02:00</time></li>"))
        #expect(!html.contains("photos/next.jpg"), "an embargoed asset's link must not leak")
        #expect(html.contains("<li><code>tapa-photo-broken</code> (photo) <span class=\"badge bad\">broken</span></li>"))
        #expect(!html.contains("photos/gone.jpg"), "a left-out asset is not linked")
        #expect(html.contains("<dt>Embargo lifted</dt><dd><time datetime=\"2024-02-13T08:00:00Z\">"))
        #expect(html.contains("<span class=\"flags\">Flagged: <span class=\"badge warning\">stale</span></span>"))
        #expect(html.contains("<span class=\"badge warning\">wrong-type</span>"))
        #expect(html.contains(" · moved to <a href=\"https://example.org/media/press-point.mp4\""))
        #expect(html.contains("<dt>File</dt><dd>1920×1080 · 3:12 · H.264 · 412 MB</dd>"), "probed: what the file is")
        #expect(html.contains("<dt>Size</dt><dd>12 MB</dd>"), "never probed: its size alone")
        #expect(html.contains("<dt>File</dt><dd>800×600 · JPEG · 2.4 MB</dd>"))
        #expect(html.contains("<span class=\"badge warning\">off-spec</span>"), "a photo under the 1000 px short side is flagged")
        #expect(html.contains("<tr><td>00:00:42</td><td dir=\"auto\">Guard of honour</td></tr>"))

        let heldBack = renderer.render(KitFixtures.manifest(embargo: .holdBack))
        #expect(heldBack.contains("<li><code>tapa-photo-next</code> (photo), until "), "hold-back: no title, only the id")
        #expect(!heldBack.contains("tomorrow"))
    }

    @Test func hostileCatalogueTextStaysText() throws {
        let html = renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:]))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<b>") && !html.contains("<img src=x"))
        #expect(html.contains("<h1 dir=\"auto\">&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39; \u{202E}evil\u{202C} 🎉</h1>"))
        #expect(!html.contains("\" onerror=\"") && !html.contains("\" onmouseover=\"") && !html.contains("\" onclick=\""))
        for url in Self.attributes("href", in: html) + Self.attributes("src", in: html) {
            #expect(url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("#"), "\(url.prefix(40))")
        }
        #expect(html.contains("<code>JaVaScRiPt:alert(1)</code> (not a web link)"))
        #expect(html.contains("<code>data:image/svg+xml,&lt;svg onload=alert(1)&gt;</code>"))
        #expect(html.contains("href=\"https://example.org/a&quot;onmouseover=&quot;alert(1)\""))
        #expect(html.contains(KitFixtures.longTitle))
        #expect(!html.contains("lang=\"ar&quot;"), "a language that is not a BCP 47 tag is not claimed")
        #expect(html.contains("<h4 id=\"asset-5-title\" dir=\"auto\" lang=\"ar\">\u{202E}gnp.exe 😀</h4>"))
        #expect(html.contains("<td>00:00|01</td><td dir=\"auto\">a | b\nc | d</td>"))
        #expect(!html.contains("\u{0}"))
    }

    /// Parses the hostile page back with a real HTML tokenizer: what a browser would build must hold
    /// no element or attribute the renderer did not write, and the text must survive intact.
    @Test(.enabled(if: PythonHTML.available)) func hostilePageParsesToTheSameText() async throws {
        let html = renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:]))
        let page = try await PythonHTML.parse(html)
        let allowed: Set = ["html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section",
                            "article", "p", "h1", "h2", "h3", "h4", "dl", "dt", "dd", "ul", "li", "time", "bdi",
                            "strong", "span", "code", "a", "img", "table", "caption", "thead", "tbody", "tr", "th",
                            "td", "details", "summary"]
        #expect(Set(page.tags).subtracting(allowed).isEmpty, "\(Set(page.tags).subtracting(allowed))")
        for attribute in page.attributes {
            #expect(!attribute.name.hasPrefix("on"), "\(attribute.name) on <\(attribute.tag)>")
            if attribute.name == "href" || attribute.name == "src" {
                let scheme = attribute.value.prefix { $0 != ":" }.lowercased()
                #expect(attribute.value.hasPrefix("#") || scheme == "http" || scheme == "https")
            }
            if attribute.name == "lang" { #expect(KitWording.languageTag(attribute.value) != nil) }
        }
        #expect(page.texts["h1"] == [KitFixtures.hostile.title])
        #expect(page.texts["h2"]?.contains(KitFixtures.hostile.stories[0].headline) == true)
        #expect(page.texts["h4"]?.contains("\" onerror=\"alert(1)") == true)
        #expect(page.texts["h4"]?.contains(KitFixtures.longTitle) == true)
        #expect(page.tags.filter { $0 == "img" }.count == 1, "only the https photo; never a javascript: or data: one")
        let levels = page.tags.compactMap { $0.count == 2 && $0.hasPrefix("h") ? Int($0.dropFirst()) : nil }
        #expect(levels.first == 1)
        for (previous, next) in zip(levels, levels.dropFirst()) { #expect(next <= previous + 1, "h\(previous) → h\(next)") }
    }

    @Test func indexLinksKitsByRelativeFileOnly() {
        let html = renderer.renderIndex(KitFixtures.site(extension: "html"))
        #expect(html.contains("<a href=\"steadfast-visit-2024.html\">Secretary General visits Exercise Steadfast Example</a>"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<span class=\"badge bad\">missing: transcript</span>"))
        #expect(html.components(separatedBy: "<h1").count == 2)
    }

    /// The values of every `name="…"` attribute, in page order (the renderer always double-quotes).
    static func attributes(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: " \(name)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
}
