import Foundation
@testable import PressKit
import MediaProbe
import Testing

/// The extraction rules of `presskit draft` over pages written from the specifications (Open Graph,
/// schema.org VideoObject in JSON-LD, HTML media elements), without the network.
@Suite struct DraftTests {
    static let page = "https://example.org/news/2023/skopje-visit.htm"

    func draft(_ html: String, page: String = DraftTests.page, policy: DraftPolicy = DraftPolicy()) -> DraftStory {
        var story = PageDraft.story(from: Array(html.utf8)[...], pageURL: page, id: "story")
        for index in story.assets.indices { KindGuess.apply(policy, to: &story.assets[index]) }
        return story
    }

    @Test func headlineDateAndSummaryFallBackInTheIssuesOrder() {
        let full = draft("""
            <title>Title</title><meta property="og:title" content="OG &amp; title"><h1>Heading</h1>
            <meta name="description" content="Meta description"><meta property="og:description" content="OG description">
            <time datetime="2023-11-19">19 Nov</time>
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-11-20T09:00:00Z"}</script>
            <meta property="article:published_time" content="2023-11-21T10:00:00+01:00">
            """)
        #expect(full.headline == "OG & title")
        #expect(full.date == "2023-11-21T10:00:00+01:00")
        #expect(full.summary == "OG description")
        #expect(full.webstory == Self.page)

        let plain = draft("<html><head><title> Plain\n title </title><meta name=description content='Meta only'></head><body><h1>H</h1><time datetime='2023-11-19'>x</time>")
        #expect(plain.headline == "Plain title")
        #expect(plain.summary == "Meta only")
        #expect(plain.date == "2023-11-19")

        let jsonDate = draft("<h1>Only <span>a</span> heading</h1><script type='application/ld+json'>[{\"@type\":\"WebPage\",\"datePublished\":\"2023-11-20T09:00:00Z\"}]</script>")
        #expect(jsonDate.headline == "Only a heading")
        #expect(jsonDate.date == "2023-11-20T09:00:00Z")
    }

    @Test func nothingIsInvented() {
        let story = draft("<p>No title, no date, no media. <a href='/other.htm'>a page</a> <a href='mailto:x@example.org'>mail</a>")
        #expect(story.headline == nil)
        #expect(story.date == nil)
        #expect(story.summary == nil)
        #expect(story.assets.isEmpty, "a link to another page is not an asset: \(story.assets.map(\.url))")
        // A date-time without a zone keeps its day: a zone would be a guess.
        #expect(draft("<meta property='article:published_time' content='2023-11-21T10:00:00'>").date == "2023-11-21")
        #expect(draft("<meta property='article:published_time' content='yesterday'>").date == nil)
    }

    @Test func jsonLDArraysGraphsAndInvalidScripts() throws {
        let story = draft("""
            <script type="application/ld+json">{ this is not JSON </script>
            <script type="application/ld+json">[{"@type":"ImageObject","contentUrl":"/img/a.jpg","name":"Portrait"}]</script>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"NewsArticle","video":{"@type":"VideoObject","name":"B-roll of the visit","contentUrl":"https://cdn.example.org/v.mp4",
               "description":"Arrival","duration":"PT1M30S","uploadDate":"2023-11-21","thumbnailUrl":"/img/t.jpg","encodingFormat":"video/mp4"}},
              {"@type":"AudioObject","name":"Interview","contentUrl":"audio/i.mp3"},
              {"@type":"MediaObject","name":"Statement","contentUrl":"/docs/statement.pdf"},
              {"@type":"VideoObject","name":"No file"}]}</script>
            """)
        #expect(story.assets.map(\.url) == ["https://example.org/img/a.jpg", "https://cdn.example.org/v.mp4",
                                            "https://example.org/news/2023/audio/i.mp3", "https://example.org/docs/statement.pdf"])
        let video = try #require(story.assets.first { $0.url.hasSuffix("v.mp4") })
        #expect(video.kind == .bRoll && video.kindNote == "kind guessed from \"B-roll\" in the JSON-LD name")
        #expect(video.caption == "Arrival" && video.contentType == "video/mp4")
        #expect(video.notes == ["From the page's JSON-LD: uploaded 2023-11-21; duration PT1M30S; thumbnail https://example.org/img/t.jpg."])
        #expect(story.assets.map(\.kind) == [.photo, .bRoll, .audio, .transcript])
    }

    @Test func relativeURLsBaseAndDuplicates() {
        let story = draft("""
            <base href="https://media.example.org/kits/">
            <a href="broll.mp4?utm_source=newsletter&amp;utm_medium=email">B-roll</a>
            <a href='//cdn.example.org/photo.JPG'>Photo</a>
            <video src="broll.mp4?utm_source=newsletter&utm_medium=email" title="Footage"></video>
            <a href="javascript:alert(1)">x.mp4</a> <a href="#top">top.pdf</a>
            """)
        #expect(story.assets.map(\.url) == ["https://media.example.org/kits/broll.mp4?utm_source=newsletter&utm_medium=email",
                                            "https://cdn.example.org/photo.JPG"], "resolved against <base>, merged, tracking kept")
        #expect(story.assets[0].title == "B-roll" && story.assets[0].context.count == 2)
    }

    @Test func openGraphAndMediaElements() {
        let story = draft("""
            <meta property="og:video" content="https://example.org/v/press-point.mp4"><meta property="og:video:type" content="video/mp4">
            <meta property="og:image" content="/i/a.png"><meta property="og:image:alt" content="Press point at HQ">
            <meta property="og:audio" content="/a/soundbite.mp3">
            <audio controls><source src="/a/remarks.ogg" type="audio/ogg; codecs=vorbis"></audio>
            <video><source src="/v/clip.webm"><track src="/v/clip.vtt"></video>
            <source src="/outside.mp4">
            """)
        #expect(story.assets.map(\.url) == ["https://example.org/v/press-point.mp4", "https://example.org/i/a.png",
                                            "https://example.org/a/soundbite.mp3", "https://example.org/a/remarks.ogg",
                                            "https://example.org/v/clip.webm"])
        #expect(story.assets.map(\.kind) == [.video, .photo, .soundbite, .audio, .video])
        #expect(story.assets[3].contentType == "audio/ogg")
        #expect(story.assets[0].kindNote == "kind guessed from \"press-point\" in the file name" || story.assets[0].kindNote == "kind guessed from the file type (video)")
    }

    @Test func brokenNestingAndUnclosedLinksStayBounded() {
        var html = "<div><p><a href='/a.pdf'>Transcript of the <b>speech</a></p></div></i></b><a href=/b.mp4>B-roll <a href=/c.mp4>Footage"
        html += String(repeating: "<a href=/x>", count: 20_000)
        let clock = ContinuousClock()
        let start = clock.now
        let story = draft(html)
        #expect(clock.now - start < .seconds(5))
        #expect(story.assets.map(\.title) == ["Transcript of the speech", "B-roll", "Footage"])
        #expect(story.assets.map(\.kind) == [.transcript, .bRoll, .bRoll])
    }

    @Test func policyRulesAreReadAndChecked() throws {
        let policy = try DraftPolicy.parse(Data("kinds:\n  - {kind: b-roll, words: [rushes]}\n  - {kind: photo, files: [image]}\n".utf8), path: "draft.yaml")
        #expect(policy.kinds == [.init(kind: .bRoll, words: ["rushes"]), .init(kind: .photo, files: [.image])])
        #expect(draft("<a href=/r.mov>Rushes</a><a href=/f.mp4>Footage</a>", policy: policy).assets.map(\.kind) == [.bRoll, .video])
        let problems = diagnostics {
            _ = try DraftPolicy.parse(Data("kinds:\n  - {kind: brol, words: [x]}\n  - {kind: photo, files: [jpeg]}\n  - {kind: video}\n".utf8), path: "p")
        }
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.first?.contains("did you mean 'b-roll'") == true, "\(problems)")
        // The shipped file says what the built-in rules say.
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Policies/draft.yaml")
        #expect(try DraftPolicy.parse(Data(contentsOf: shipped), path: "Policies/draft.yaml") == DraftPolicy())
    }

    @Test func absoluteReferencesReadAsFoundationReadsThem() {
        // The fast path for absolute references must give what Foundation's parse and resolution give.
        let base = "https://www.example.org/news/story.htm"
        for reference in ["https://media.example.org/a/b.mp4", "HTTP://Media.Example.org:8080/A?x=1&y=2#t=10",
                          "https://user:pw@example.org/p;v=1/q?a=(b)*c!$'", "https://example.org/a b.mp4",
                          "https://example.org/100%", "https://example.org/caf%C3%A9.jpg", "https://example.org/a/../b.mp4",
                          "https://[::1]/v.mp4", "https://example.org/x#a#b", "https://example.org/é.jpg", "https:///nohost",
                          "https://example.org/./c.mp4"] {
            let foundation = URL(string: reference, relativeTo: URL(string: base))?.absoluteURL
            let expected = foundation.flatMap { $0.host?.isEmpty == false ? $0.absoluteString : nil }
            #expect(PageDraft.resolve(reference, against: base) == expected, "\(reference)")
        }
    }

    @Test func feedTextLosesItsMarkupAndExtraSpaceWhateverItsScript() {
        #expect(HTMLElement.plainText("Item 1: B-roll of exercise &amp; soundbites") == "Item 1: B-roll of exercise & soundbites")
        #expect(HTMLElement.plainText("  <b>Bold</b>\t\n and\r\n<i>more</i>  ") == "Bold and more")
        #expect(HTMLElement.plainText("Caf&#233;&nbsp;&nbsp;<em>Vilnius</em>") == "Café Vilnius", "a decoded no-break space collapses too")
        #expect(HTMLElement.plainText("<p>\u{0B}\u{0C}</p>x &lt;y&gt;") == "x <y>")
        #expect(HTMLElement.plainText(" \n ") == "")
    }

    @Test func datesAsFeedsAndPagesWriteThem() {
        #expect(DraftDates.catalogueDate("2023-11-21T10:00:00.123+01:00") == "2023-11-21T10:00:00+01:00")
        #expect(DraftDates.catalogueDate("Tue, 21 Nov 2023 10:00:00 +0100") == "2023-11-21T10:00:00+01:00")
        #expect(DraftDates.catalogueDate("21 Nov 2023 10:00 GMT") == "2023-11-21T10:00:00Z" || DraftDates.catalogueDate("21 Nov 2023 10:00 GMT") == "2023-11-21T10:00:00+00:00")
        #expect(DraftDates.catalogueDate("Tue, 21 Nov 2023 10:00:00") == "2023-11-21")
        #expect(DraftDates.catalogueDate("Tue, 31 Feb 2023 10:00:00 GMT") == nil)
    }

    @Test func yamlQuotesAndCleansEverythingItWrites() {
        #expect(DraftYAML.quoted("a \"b\" \\ c\u{1B}[31m\r\nd") == "\"a \\\"b\\\" \\\\ c [31m d\"")
        #expect(DraftYAML.comment("line\nbreak # x") == "line break # x")
    }
}
