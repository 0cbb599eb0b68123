import MediaProbe
import Testing

@Suite("A page's headline, for soft 404s")
struct PageHeadlineTests {
    private func read(_ html: String) -> PageHeadline { PageHeadline(Array(html.utf8)[...]) }

    @Test func titleAndFirstHeadingWithEntitiesAndInnerTags() {
        let headline = read("""
            <!doctype html><html><head><title> Page&nbsp;introuvable &ndash; OTAN </title>
            <script>document.write("<h1>Not this</h1>")</script><!-- <h1>nor this</h1> --></head>
            <body><nav><a href=/>Home</a></nav><H1 class="x"><span>Page</span> not <em>found</em></H1><h1>Second</h1>
            """)
        #expect(headline.title == "Page introuvable – OTAN")
        #expect(headline.heading == "Page not found")
    }

    @Test func anH2CountsWhenItComesFirstAndBodyTextNever() {
        let headline = read("<html><body><p>Page not found errors are rare.</p><h2>Latest news</h2></body></html>")
        #expect(headline.title == nil)
        #expect(headline.heading == "Latest news")
    }

    @Test func truncatedAndEmptyInputs() {
        #expect(read("") == PageHeadline())
        #expect(read("<title>Unclosed").title == "Unclosed")
        #expect(read("<h1").heading == nil)
    }
}
