import Foundation
import Testing
import TestSupport
import LinkVocabulary
@testable import PressKit

/// The report's four renderers on a report built by hand, hostile catalogue text included.
@Suite struct ReportRendererTests {
    static let hostile = "<script>alert('x')</script> & \"Summit\" \u{1B}[31mred\u{202E}"

    /// One change of each kind, a still-broken link, an incomplete kit and two charted events.
    static let report: LinkReport = {
        let summit = ChangeDigest.AssetReference(event: "summit-2024", asset: "summit-photo", title: hostile)
        let speech = ChangeDigest.AssetReference(event: "summit-2024", asset: "summit-speech", title: "Opening speech")
        func item(_ kind: ChangeDigest.Kind, _ url: String, _ verdict: LinkVerdict, was: LinkVerdict? = .ok, newURL: String? = nil,
                  detail: String? = nil, expiry: String? = nil, usedBy: [ChangeDigest.AssetReference] = [summit]) -> ChangeDigest.Item {
            ChangeDigest.Item(kind: kind, url: url, verdict: verdict, previousVerdict: was, since: "2024-02-02T20:00:00.000Z",
                              newURL: newURL, detail: detail, certificateExpiry: expiry, usedBy: usedBy)
        }
        let days = [DayHealth(date: "2024-02-01", checked: 6, working: 6), DayHealth(date: "2024-02-02", checked: 6, working: 3),
                    DayHealth(date: "2024-02-03", checked: 6, working: 0)]
        return LinkReport(
            createdAt: "2024-02-03T12:00:00.000Z", since: "2024-02-01T01:00:00.000Z", sinceSource: .previousReport, event: nil,
            changes: [
                .init(item: item(.broke, "https://example.org/photo.jpg?a=1&b=<2>", .broken, detail: "HTTP 404")),
                .init(item: item(.moved, "https://example.org/old/speech.htm", .redirected, newURL: "https://example.org/new/speech.htm",
                                 usedBy: [speech]),
                      catalogueEdits: [CatalogueEdit(path: "/srv/Catalog/summit.yaml", line: 6, field: "url")]),
                .init(item: item(.changed, "https://example.org/broll.mp4", .ok, detail: "ETag \"v1\" → \"v2\"")),
                .init(item: item(.certificateExpiring, "https://example.org/news/day1.htm", .ok, was: nil,
                                 detail: "expires in 10 days", expiry: "2024-02-13T00:00:00.000Z")),
                .init(item: item(.recovered, "javascript:alert(1)", .ok, was: .broken, usedBy: [])),
            ],
            stillBroken: [LinkReport.BrokenLink(url: "https://example.org/gone.jpg", verdict: .broken, since: "2024-02-01T00:00:00.000Z",
                                                lastChecked: "2024-02-03T10:00:00.000Z", lastOK: nil, httpStatus: 404,
                                                consecutiveFailures: 3, usedBy: [summit])],
            incompleteKits: [LinkReport.IncompleteKit(event: "summit-2024", title: hostile, missingKinds: [.photo],
                                                      leftOut: [.init(id: "summit-photo", kind: .photo, title: hostile, reasons: [.verdict(.broken)])])],
            linkHealth: HealthWindow(from: "2024-01-05", to: "2024-02-03", events: [
                EventHealth(event: "summit-2024", title: hostile, links: 6, days: days),
                EventHealth(event: "visit-2024", title: "Visit 2024", links: 1, days: [DayHealth(date: "2024-02-03", checked: 1, working: 1)]),
            ]))
    }()

    func render(_ format: LinkReportFormat, colour: Bool = false) -> String {
        format.renderer(colour: colour).render(Self.report)
    }

    @Test func goldenPages() throws {
        try Snapshots.check(render(.html), named: "report.html")
        try Snapshots.check(render(.markdown), named: "report.md")
        try Snapshots.check(render(.text), named: "report.txt")
    }

    @Test func theHTMLPageIsStandaloneEscapedAndCharted() throws {
        let html = render(.html)
        #expect(!html.contains("<script"), "hostile titles are text, and the page has no scripts of its own")
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Summit&quot;"))
        #expect(!html.contains("\u{1B}"), "controls are dropped")
        #expect(!html.contains("href=\"javascript:"), "only http(s) URLs become links")
        #expect(html.contains("href=\"https://example.org/photo.jpg?a=1&amp;b=&lt;2&gt;\""))
        #expect(!html.contains("src=") && !html.contains("@import") && !html.contains("url("), "nothing external")
        #expect(html.components(separatedBy: "<svg").count == 3, "one chart per charted event")
        #expect(html.contains("role=\"img\" aria-labelledby=\"chart-1-title chart-1-desc\""))
        #expect(html.contains("<title id=\"chart-1-title\">Link health of \u{2068}&lt;script&gt;"), "isolated like the kit's <title>")
        #expect(html.contains("red\u{202E}\u{2069}, last 30 days</title>"), "the override closes inside the isolate")
        #expect(html.contains("<desc id=\"chart-1-desc\">0 of 6 links working at the last check on 2024-02-03"))
        #expect(html.contains("<title>2024-02-02: 3 of 6 links working (50 %)</title>"), "each bar says what it shows")
        #expect(html.contains("<td>2024-02-02</td><td>3</td><td>6</td><td>50 %</td>"), "and a table repeats it as text")
        #expect(html.contains("<code>/srv/Catalog/summit.yaml:6</code>: <code>url: https://example.org/old/speech.htm</code> → <code>url: https://example.org/new/speech.htm</code>"))
    }

    @Test(.enabled(if: PythonHTML.available)) func aParserFindsOnlyOurOwnTags() async throws {
        let page = try await PythonHTML.parse(render(.html))
        let allowed: Set = ["html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section", "p", "h1",
                            "h2", "h3", "dl", "dt", "dd", "ul", "li", "time", "bdi", "strong", "span", "code", "a", "figure",
                            "figcaption", "svg", "desc", "g", "text", "line", "rect", "details", "summary", "table", "thead",
                            "tbody", "tr", "th", "td"]
        #expect(Set(page.tags).subtracting(allowed).isEmpty, "\(Set(page.tags).subtracting(allowed))")
        for attribute in page.attributes {
            #expect(!attribute.name.hasPrefix("on"), "\(attribute.name) on <\(attribute.tag)>")
            if attribute.name == "href" { #expect(attribute.value.hasPrefix("https://"), "\(attribute.value)") }
        }
    }

    @Test func textIsQuietUnlessColourIsAsked() {
        let plain = render(.text)
        #expect(!plain.contains("\u{1B}"), "no escape codes, not even the hostile title's")
        #expect(!plain.contains("\u{202E}"), "no bidi override either")
        #expect(plain.contains("/srv/Catalog/summit.yaml:6: url: https://example.org/old/speech.htm → url: https://example.org/new/speech.htm"))
        #expect(plain.contains("1 link broke, 1 moved, 1 changed, 1 certificate expiring, 1 recovered; 1 still broken; 1 kit incomplete."))
        let coloured = render(.text, colour: true)
        #expect(coloured.contains("\u{1B}[1;31mBroken (1)\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;32mRecovered (1)\u{1B}[0m"))
    }

    @Test func markdownEscapesCatalogueText() {
        let markdown = render(.markdown)
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains("\\<script\\>"))
        #expect(markdown.contains("[`https://example.org/photo.jpg?a=1&b=<2>`](https://example.org/photo.jpg?a=1&b=%3C2%3E)"))
        #expect(markdown.contains("`javascript:alert(1)` —"), "not a link")
    }

    @Test func jsonFollowsTheSchema() async throws {
        let json = render(.json)
        let object = try jsonObject(json)
        #expect(object["schema"] as? String == "presskit.report/1")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { $0["kind"] as? String } == ["broke", "moved", "changed", "certificate-expiring", "recovered"])
        #expect((changes[1]["catalogue_edits"] as? [[String: Any]])?.first?["line"] as? Int == 6)
        #expect(changes[0]["catalogue_edits"] == nil, "only moves carry edits")
        #expect(json == JSONText.encode(Self.report), "sorted keys, deterministic")
        let schema = Repository.root.appendingPathComponent("Sources/PressKit/Report/Schemas/presskit.report-1.schema.json")
        var empty = Self.report
        (empty.changes, empty.stillBroken, empty.incompleteKits, empty.since, empty.sinceSource) = ([], [], [], nil, .firstReport)
        empty.linkHealth.events = []
        let outcome = try await PythonJSONSchema.validate(["full.json": json, "empty.json": JSONText.encode(empty)], against: schema)
        #expect(outcome.isValid, "\(outcome.output)")
    }
}
