import Testing
@testable import PressKit

@Suite struct EscapingTests {
    @Test func htmlEscapesTheFiveCharactersAndDropsControls() {
        #expect(HTMLEscaping.text(#"<a href="x" title='y'>&amp;</a>"#)
                == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        #expect(HTMLEscaping.text("tab\tline\nbell\u{7}nul\u{0}del\u{7F}") == "tab\tline\nbellnuldel")
        #expect(HTMLEscaping.text("Ādaži 🎉 \u{202E}") == "Ādaži 🎉 \u{202E}", "nothing else changes")
    }

    /// Browsers strip surrounding controls and spaces and drop tabs and newlines anywhere before they
    /// read a scheme (WHATWG URL); the check must see the URL the same way.
    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                      "java\nscript:alert(1)", "\u{0}\u{1F}javascript:alert(1)", "data:text/html,<script>",
                      "vbscript:msgbox(1)", "//evil.example/x", "/relative", "https//missing-colon", "",
                      "file:///etc/passwd", "ftp://example.org/x", "\u{FEFF}https://example.org/"])
    func onlyHTTPAndHTTPSBecomeLinks(_ url: String) {
        #expect(WebLink.http(url) == nil)
    }

    @Test func webLinksAreNormalisedLikeABrowserDoes() {
        #expect(WebLink.http("  HTTPS://example.org/a b\n") == "HTTPS://example.org/a b")
        #expect(WebLink.http("ht\ttp://example.org/") == "http://example.org/")
        #expect(WebLink.relativeFile("kit one.html") == "kit%20one.html")
        #expect(WebLink.relativeFile("javascript:alert(1)") == nil)
        #expect(WebLink.relativeFile("/etc/kit.html") == nil)
        #expect(WebLink.looksLikeImage("https://example.org/a/PHOTO.JPG?w=200#x"))
        #expect(!WebLink.looksLikeImage("https://example.org/gallery.htm?f=a.jpg"))
    }

    @Test func markdownInlineEscapesWhatActsAnywhereAndWhatOpensALine() {
        #expect(MarkdownEscaping.inline("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))")
        #expect(MarkdownEscaping.inline("a *b* _c_ `d` <e> | f & g ~h~ #i \\") == "a \\*b\\* \\_c\\_ \\`d\\` \\<e\\> \\| f \\& g \\~h\\~ \\#i \\\\")
        #expect(MarkdownEscaping.inline("- item") == "\\- item")
        #expect(MarkdownEscaping.inline("+ item") == "\\+ item")
        #expect(MarkdownEscaping.inline("1. First") == "1\\. First")
        #expect(MarkdownEscaping.inline("2023) year") == "2023\\) year")
        #expect(MarkdownEscaping.inline("b-roll (2 min) - 19 - 22 November!") == "b-roll (2 min) - 19 - 22 November!",
                "hyphens, parentheses and ! inside a line stay readable")
        #expect(MarkdownEscaping.inline("  line\none\r\n\u{2028}two  ") == "line one two")
    }

    @Test func markdownIsolatesTextWithDirectionControls() {
        #expect(MarkdownEscaping.inline("\u{202E}gnp.exe") == "\u{2068}\u{202E}gnp.exe\u{2069}")
        #expect(MarkdownEscaping.inline("مرحبا") == "مرحبا", "right-to-left text without controls is left alone")
    }

    @Test func markdownDestinationsAndCode() {
        #expect(MarkdownEscaping.destination("https://example.org/a b(1)|<x>\\`\"%20") == "https://example.org/a%20b%281%29%7C%3Cx%3E%5C%60%22%20")
        #expect(MarkdownEscaping.destination("https://example.org/é?q=1&r=2#f") == "https://example.org/%C3%A9?q=1&r=2#f",
                "non-ASCII as UTF-8 escapes (the URI form of an IRI); query separators kept")
        #expect(MarkdownEscaping.code("javascript:alert(1)") == "`javascript:alert(1)`")
        #expect(MarkdownEscaping.code("a ``b`` c") == "```a ``b`` c```")
        #expect(MarkdownEscaping.code("`edge`") == "`` `edge` ``")
        #expect(MarkdownEscaping.code("a|b\nc") == "`a\\|b c`")
    }
}
