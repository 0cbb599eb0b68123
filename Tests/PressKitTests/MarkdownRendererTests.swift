import Catalogue
import Foundation
import Testing
@testable import PressKit

@Suite struct MarkdownRendererTests {
    let renderer = MarkdownManifestRenderer()

    @Test func kitMatchesItsSnapshot() throws {
        try Snapshots.check(renderer.render(KitFixtures.manifest()), named: "kit.md")
    }

    @Test func indexMatchesItsSnapshot() throws {
        try Snapshots.check(renderer.renderIndex(KitFixtures.site(extension: "md")), named: "index.md")
    }

    @Test func renderingTwiceGivesTheSameBytes() {
        let manifest = KitFixtures.manifest()
        #expect(Data(renderer.render(manifest).utf8) == Data(renderer.render(manifest).utf8))
        #expect(renderer.renderIndex(KitFixtures.site(extension: "md")) == renderer.renderIndex(KitFixtures.site(extension: "md")))
    }

    @Test func theOnlyMomentIsAsOfWhenRecorded() {
        #expect(renderer.render(KitFixtures.manifest(recordsAsOf: true)).contains("- **Kit as of:** 2024-02-15 12:00 UTC\n"))
        let without = renderer.render(KitFixtures.manifest(recordsAsOf: false))
        #expect(!without.contains("2024-02-15") && !without.contains("as of"))
    }

    @Test func kitHasHeadingsLinksAndTheSummary() {
        let markdown = renderer.render(KitFixtures.manifest())
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }.map { $0.prefix { $0 == "#" }.count }
        #expect(headings.first == 1 && headings.filter { $0 == 1 }.count == 1)
        #expect(markdown.contains("\n### B-roll\n\n#### [B-roll: arrival in Tapa](https://example.org/media/tapa-b-roll.mp4)\n"))
        #expect(markdown.contains("- **About:** b-roll · 1920×1080 · 3:12 · H.264 · 412 MB · video/mp4 · en\n"))
        #expect(markdown.contains("- **Link:** ok (HTTP 200, checked 2024-01-02 08:00 UTC); **flagged:** stale\n"))
        #expect(markdown.contains("- **Missing kinds:** transcript\n"))
        #expect(markdown.contains("- **Held back by embargo:** Photos of tomorrow's visit (photo) until 2024-02-16 09:00 UTC+02:00\n"))
        #expect(!markdown.contains("photos/next.jpg") && !markdown.contains("photos/gone.jpg"))
        #expect(markdown.contains("- **Left out:** `tapa-photo-broken` (photo: broken)\n"))
        #expect(markdown.contains("| Timecode | Shot |\n| --- | --- |\n| 00:00:00 | Aircraft lands |\n"))

        let heldBack = renderer.render(KitFixtures.manifest(embargo: .holdBack))
        #expect(heldBack.contains("- **Held back by embargo:** `tapa-photo-next` (photo) until "))
    }

    @Test func hostileTextCannotAddLinksHTMLOrBlocks() {
        let markdown = renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:]))
        #expect(markdown.hasPrefix("# \u{2068}\\<script\\>alert(1)\\</script\\> \"quoted\" \\& 'single' \u{202E}evil\u{202C} 🎉\u{2069}\n"),
                "escaped, and isolated: its right-to-left override cannot reorder the rest of the line")
        let prose = Self.outsideCodeSpans(markdown)
        #expect(Self.unescaped("<", in: prose).isEmpty, "no raw HTML or autolink can open")
        // Every link that a renderer would see (an unescaped `](`) points at http(s).
        for link in Self.unescaped("](", in: prose) {
            let destination = prose[link...].dropFirst(2)
            #expect(destination.hasPrefix("http://") || destination.hasPrefix("https://"), "\(destination.prefix(30))")
        }
        #expect(markdown.contains("\\[x\\](javascript:alert(1))"))
        #expect(markdown.contains("### Videos\n\n#### Tabbed \\[x\\](javascript:alert(1)) `java script:alert(1)`\n"),
                "a script URL is shown as code, never linked")
        #expect(markdown.contains("#### Data `data:image/svg+xml,<svg onload=alert(1)>`\n"))
        #expect(markdown.contains("- **Web story:** read the story online `javascript:alert(1)`"))
        #expect(!markdown.contains("\n# Not a heading") && !markdown.contains("\n1. Not a list"))
        #expect(markdown.contains(" \\# Not a heading 1. Not a list"), "line breaks in catalogue text become spaces")
        #expect(markdown.contains("## Pipe \\| in \\| headline \\` backtick \\*stars\\* \\_under\\_\n"))
        #expect(markdown.contains("(https://example.org/\(String(repeating: "a", count: 3_000))%20%281%29%7Cx)"),
                "spaces, parentheses and pipes in a URL are percent-encoded")
        #expect(markdown.contains("#### [\(KitFixtures.longTitle)](https://"), "a 5,000-character title stays on one line")
    }

    @Test func pipesAndLineBreaksStayInTheirTableCell() throws {
        let markdown = renderer.render(KitFixtures.manifest(for: KitFixtures.hostile, health: [:]))
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| 00:00") })
        #expect(row == "| 00:00\\|01 | a \\| b c \\| d |")
        #expect(Self.unescaped("|", in: String(row)).count == 3, "two cells: three unescaped pipes")
    }

    @Test func indexLinksKitsByRelativeFileOnly() {
        let markdown = renderer.renderIndex(KitFixtures.site(extension: "md"))
        #expect(markdown.contains("- [Secretary General visits Exercise Steadfast Example](steadfast-visit-2024.md) — visit; 2024-02-12 to 2024-02-13; 7 assets; missing: transcript; "))
        #expect(markdown.contains(" `javascript:alert(1)` — statement;"))
        #expect(Self.unescaped("](j", in: markdown).isEmpty)
    }

    /// The text with every code span (CommonMark §6.1: a backtick run up to the next run of the same
    /// length) replaced by a space: inside one, `<` and `](` are shown, not interpreted.
    static func outsideCodeSpans(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let fence = rest[open...].prefix { $0 == "`" }
            out += rest[..<open]
            let after = rest[fence.endIndex...]
            guard let close = after.range(of: String(fence)) else { return out + rest[open...] }
            out += " "
            rest = after[close.upperBound...]
        }
        return out + rest
    }

    /// Where `needle` occurs without a backslash escaping its first character.
    static func unescaped(_ needle: String, in text: String) -> [String.Index] {
        var found: [String.Index] = []
        var searchFrom = text.startIndex
        while let range = text.range(of: needle, range: searchFrom..<text.endIndex) {
            var backslashes = 0
            var before = range.lowerBound
            while before > text.startIndex, text[text.index(before: before)] == "\\" {
                backslashes += 1
                before = text.index(before: before)
            }
            if backslashes % 2 == 0 { found.append(range.lowerBound) }
            searchFrom = range.upperBound
        }
        return found
    }
}
