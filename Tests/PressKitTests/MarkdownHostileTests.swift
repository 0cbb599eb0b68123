import Catalogue
import Foundation
import Testing
import TestSupport
@testable import PressKit

/// Every Markdown presskit writes (kit, site index, link report; `check`'s is run end to end in
/// PresskitCLITests), with hostile URLs and titles, read by an independent CommonMark parser: no raw
/// HTML may survive, and nothing but http(s) and the site's own relative files may become a link.
@Suite struct MarkdownHostileTests {
    /// A URL a browser accepts whose `>` would end a `<URL>` autolink early, followed by markup.
    static let closingURL = "https://example.org/clip.mp4?q=><script>alert(1)</script><img src=x onerror=alert(2)>"
    static let title = "<img src=x onerror=alert(3)> <!-- c --> <?php x ?> <![CDATA[y]]> </p> `<b>` *i*"

    static let event: Event = {
        var event = KitFixtures.hostile
        event.stories.append(Story(
            id: "closing", headline: title, date: .day(KitFixtures.day("2024-02-12")), webstory: closingURL,
            assets: [
                Asset(id: "closing-broll", kind: .bRoll, title: title, url: closingURL),
                Asset(id: "autolink", kind: .photo, title: "<https://evil.example/x>", url: "https://example.org/a<b>c"),
            ]))
        return event
    }()

    /// Raw HTML and destinations the parser found, with the document for the failure message.
    func expectSafe(_ markdown: String, allowingRelativeFiles: Bool = false, _ what: String) async throws {
        let reading = try await CommonMark.read(markdown)
        #expect(reading.rawHTML.isEmpty, "\(what): raw HTML survived: \(reading.rawHTML)\n\(reading.html)")
        for destination in reading.destinations {
            if allowingRelativeFiles, !destination.contains(":"), !destination.hasPrefix("/") { continue }
            let scheme = destination.split(separator: ":", maxSplits: 1).first?.lowercased()
            #expect(scheme == "http" || scheme == "https", "\(what): a link to \(destination)")
        }
        #expect(!reading.html.contains("<script"), "\(what)")
        #expect(!reading.html.contains("<img src=\"x\""), "\(what)")
    }

    @Test func theKitAndTheSiteIndex() async throws {
        let renderer = MarkdownManifestRenderer()
        let health = [Self.closingURL: KitFixtures.health(Self.closingURL, .broken, status: 404)]
        try await expectSafe(renderer.render(KitFixtures.manifest(for: Self.event, health: health)), "kit")
        let kit = KitFixtures.manifest(for: Self.event, health: [:])
        let index = SiteIndex(asOf: nil, kits: [
            SiteIndex.Entry(manifest: kit, file: "hostile.md"),
            SiteIndex.Entry(manifest: kit, file: "javascript:alert(1)"),
            SiteIndex.Entry(manifest: kit, file: "x><script>alert(1)</script>.md"),
        ])
        try await expectSafe(renderer.renderIndex(index), allowingRelativeFiles: true, "index")
    }

    @Test func theLinkReport() async throws {
        var report = ReportRendererTests.report
        let user = ChangeDigest.AssetReference(event: "summit-2024", asset: "clip", title: Self.title)
        report.changes.append(.init(item: ChangeDigest.Item(
            kind: .broke, url: Self.closingURL, verdict: .broken, previousVerdict: .ok, since: "2024-02-02T20:00:00.000Z",
            newURL: nil, detail: "HTTP 404 <b>", certificateExpiry: nil, usedBy: [user])))
        report.changes.append(.init(item: ChangeDigest.Item(
            kind: .moved, url: "https://example.org/old", verdict: .redirected, previousVerdict: .ok, since: "2024-02-02T20:00:00.000Z",
            newURL: Self.closingURL, detail: nil, certificateExpiry: nil, usedBy: [user]),
            catalogueEdits: [CatalogueEdit(path: "/srv/Catalog/<x>.yaml", line: 3, field: "url")]))
        try await expectSafe(ReportMarkdownRenderer().render(report), "report")
    }
}
