import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// `presskit draft` end to end: pages and their files served on 127.0.0.1, the draft written by the
/// built binary, then read back by `presskit validate` and `presskit import`.
@Suite struct DraftCLITests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    static let story = """
        <!DOCTYPE html><html><head><title>Fallback</title>
        <meta property="og:title" content="Secretary General visits Skopje: joint press conference">
        <meta property="og:description" content="The Secretary General met the Prime Minister &amp; the President.">
        <meta property="article:published_time" content="2023-11-21T10:00:00+01:00">
        <meta property="og:image" content="/media/skopje.jpg">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle"},
          {"@type":"VideoObject","name":"Joint press conference","contentUrl":"media/press-conference.mp4",
           "uploadDate":"2023-11-21","duration":"PT12M5S","description":"With the Prime Minister"}]}</script>
        <script type="application/ld+json">{ broken </script>
        </head><body><h1>Heading</h1>
        <a href="media/broll.mp4?utm_source=kit">Download B-roll</a> <a href="media/remarks.pdf">Opening remarks</a>
        <a href="media/broll.mp4?utm_source=kit">the same B-roll again</a> <a href="/news/other.htm">Other news</a>
        <video controls><source src="media/soundbite.mp4" type="video/mp4"></video>
        <a href="/download/4711">Download the footage</a> <a href="/news/statement-archive">Statement archive</a>
        """

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/news/skopje-visit.htm": .bytes(Array(Self.story.utf8), contentType: "text/html; charset=utf-8"),
            "/news/undated.htm": .bytes(Array("<title>Undated</title><a href='/files/fact-sheet.pdf'>Fact sheet</a>".utf8), contentType: "text/html"),
            "/news/media/press-conference.mp4": .file(size: 100, contentType: "video/mp4"),
            "/news/media/broll.mp4": .file(size: 100, contentType: "video/mp4"),
            "/news/media/soundbite.mp4": .file(size: 100, contentType: "video/mp4"),
            "/news/media/remarks.pdf": .file(size: 100, contentType: "application/pdf"),
            "/media/skopje.jpg": .file(size: 100, contentType: "image/jpeg"),
            "/files/fact-sheet.pdf": .file(size: 100, contentType: "application/pdf"),
            "/photo.jpg": .file(size: 100, contentType: "image/jpeg"),
            "/download/4711": .file(size: 100, contentType: "video/quicktime"),
            // 3 MB, Range ignored: read up to the 2 MB page budget only.
            "/news/huge.htm": .bytes(Array(("<title>Huge</title><a href='/first.pdf'>Statement</a>" + String(repeating: "<p>filler</p>", count: 250_000)
                                            + "<a href='/beyond.pdf'>Beyond</a>").utf8), contentType: "text/html", honoursRange: false),
            "/news/statement-archive": .bytes(Array("<title>Archive</title>".utf8), contentType: "text/html"),
        ])
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nconnect_timeout: 2s\ntotal_timeout: 5s\nretries: 0\n")
    }

    @Test func draftsAPageIntoAFileThatValidatesAndImports() async throws {
        defer { server.stop(); directory.remove() }
        let page = server.url("/news/skopje-visit.htm")
        let draft = try await presskit("draft", page, "--policies", "policies", "-o", "draft.yaml")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.isEmpty)
        let text = try String(contentsOfFile: directory.path("draft.yaml"), encoding: .utf8)
        #expect(text.contains("headline: \"Secretary General visits Skopje: joint press conference\""))
        #expect(text.contains("date: 2023-11-21T10:00:00+01:00"))
        #expect(text.contains("summary: \"The Secretary General met the Prime Minister & the President.\""))
        #expect(text.contains("webstory: \"\(page)\""))
        #expect(text.contains("- kind: b-roll  # kind guessed from \"B-roll\" in the link text"))
        #expect(text.contains("url: \"\(server.url("/news/media/broll.mp4?utm_source=kit"))\""), "tracking parameters kept")
        #expect(text.components(separatedBy: "broll.mp4").count == 2, "duplicates merged:\n\(text)")
        #expect(text.contains("- kind: video  # kind guessed from \"press conference\" in the JSON-LD name"))
        #expect(text.contains("- kind: transcript  # kind guessed from \"remarks\" in the link text"))
        #expect(text.contains("- kind: photo  # kind guessed from the file type (image)"))
        #expect(text.contains("- kind: soundbite  # kind guessed from \"soundbite\" in the file name"))
        #expect(text.contains("content_type: \"application/pdf\""), "the server's answer fills content_type")
        #expect(!text.contains("other.htm"), "a link to another page is no asset")
        // Links without an extension whose words name a rule: a HEAD decides.
        #expect(text.contains("- kind: b-roll  # kind guessed from \"footage\" in the link text\n        title: \"Download the footage\"\n        url: \"\(server.url("/download/4711"))\"\n        content_type: \"video/quicktime\""), "\(text)")
        #expect(server.requestCount("/news/statement-archive") == 1 && !text.contains("statement-archive"), "an HTML page is no asset")
        #expect(server.requestCount("/news/other.htm") == 0, "a link whose words name no rule is not asked about")
        #expect(!text.contains("Fallback") && !text.contains("Heading"))

        let validate = try await presskit("validate", "draft.yaml")
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)\n\(text)")
        #expect(validate.stdout.contains("1 story, 6 assets"), "\(validate.stdout)")
        let imported = try await presskit("import", "draft.yaml", "--db", "p.sqlite")
        #expect(imported.status == 0, "\(imported.stderr)")

        // Stdout is the same draft, byte for byte: nothing in it depends on the run.
        let again = try await presskit("draft", page, "--policies", "policies")
        #expect(again.status == 0 && again.stdout == text)
    }

    @Test func neverOverwritesWithoutForce() async throws {
        defer { server.stop(); directory.remove() }
        _ = try directory.write("draft.yaml", "keep me\n")
        let refused = try await presskit("draft", server.url("/news/undated.htm"), "--policies", "policies", "-o", "draft.yaml")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("'draft.yaml' exists; pass --force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: directory.path("draft.yaml"), encoding: .utf8) == "keep me\n")
        #expect(server.requestCount("/news/undated.htm") == 0, "refused before fetching")

        // --event names an event of the catalogue database, by id or prefix; an unknown one costs no request.
        _ = try directory.write("Catalog/skopje.yaml", "event: {id: skopje-visit-2023, title: Visit to Skopje, type: visit, start: 2023-11-21}\n")
        #expect(try await presskit("import", "Catalog").status == 0)
        let unknown = try await presskit("draft", server.url("/news/undated.htm"), "--policies", "policies", "--event", "skopie")
        #expect(unknown.status == 2 && unknown.stderr.contains("no event 'skopie' in the catalogue; did you mean 'skopje-visit-2023'?"), "\(unknown.stderr)")
        #expect(server.requestCount("/news/undated.htm") == 0)
        let forced = try await presskit("draft", server.url("/news/undated.htm"), "--policies", "policies", "-o", "draft.yaml", "--force", "--event", "skopje")
        #expect(forced.status == 0, "\(forced.stderr)")
        let text = try String(contentsOfFile: directory.path("draft.yaml"), encoding: .utf8)
        #expect(text.contains("id: skopje-visit-2023\n  title: \"Visit to Skopje\"\n  type: visit\n  start: 2023-11-21"), "\(text)")
        #expect(text.contains("stories for the existing event 'skopje-visit-2023'"))
        #expect(text.contains("# the page gives no date: the day it was drafted"))
        #expect(text.contains("- kind: document  # kind guessed from the file type (pdf)"))
        #expect(try await presskit("validate", "draft.yaml").status == 0)
    }

    @Test func pagesThatCannotBeDraftedAreNamed() async throws {
        defer { server.stop(); directory.remove() }
        let missing = server.url("/news/missing.htm")
        let none = try await presskit("draft", missing, server.url("/photo.jpg"), "--policies", "policies")
        #expect(none.status == 2)
        #expect(none.stderr.contains("cannot draft \(missing): broken"), "\(none.stderr)")
        #expect(none.stderr.contains("not an HTML page (image/jpeg)"), "\(none.stderr)")
        #expect(none.stdout.isEmpty)

        let some = try await presskit("draft", server.url("/news/undated.htm"), missing, "--policies", "policies")
        #expect(some.status == 1, "some pages drafted, one not")
        #expect(some.stdout.contains("headline: \"Undated\""))

        let huge = try await presskit("draft", server.url("/news/huge.htm"), "--policies", "policies")
        #expect(huge.status == 0, "\(huge.stderr)")
        #expect(huge.stderr.contains("larger than the page budget of 2097152 bytes"), "\(huge.stderr)")
        #expect(huge.stdout.contains("/first.pdf") && !huge.stdout.contains("/beyond.pdf"))

        // Without the policy allowing private addresses, the engine's address rules refuse loopback.
        let blocked = try await presskit("draft", server.url("/news/undated.htm"))
        #expect(blocked.status == 2)
        #expect(blocked.stderr.contains("blocked"), "\(blocked.stderr)")
    }
}
