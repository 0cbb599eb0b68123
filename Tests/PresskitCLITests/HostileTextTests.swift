import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// Text from servers and file names, written to retitle, recolour or clear a terminal, never
/// reaches one raw: CSV, tables, check and link reports, and diagnostics clean control characters.
/// And `check --format markdown` keeps a hostile URL from becoming HTML, as CommonMark reads it.
@Suite struct HostileTextTests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer
    /// OSC 0 (set the window title), SGR (colour) and ED (clear the screen), BEL and a C1 CSI.
    static let escapes = "\u{1B}]0;owned\u{07}\u{1B}[31m\u{1B}[2J\u{9B}1m"
    /// The catalogue refuses spaces in URLs, not `<` and `>`: the `>` ends a `<URL>` autolink early.
    static let closingURLPath = "/gone.mp4?q=><script>alert(1)</script><b>x</b>"

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/page.htm": .status(200, headers: [("Content-Type", "text/html; charset=utf-8")],
                                 body: "<html><head><title>Page \(Self.escapes) title</title></head><body>x</body></html>"),
            "/clip.mp4": .file(size: 2_000, contentType: "video/mp4; x=\"\(Self.escapes)\"",
                               headers: [("Content-Disposition", "attachment; filename=\"clip\(Self.escapes).mp4\"")]),
            "/gone.mp4": .status(404, headers: [("X-Note", Self.escapes)]),
        ])
        try directory.write("Catalog/visit.yaml", """
            event: {id: hostile-visit, title: Hostile visit, type: visit, start: 2023-11-19}
            stories:
              - id: st
                headline: A story
                date: 2023-11-20
                webstory: \(server.url("/page.htm"))
                assets:
                  - {kind: webstory, title: Page, url: "\(server.url("/page.htm"))"}
                  - {kind: b-roll, title: Clip, url: "\(server.url("/clip.mp4"))"}
                  - {kind: video, title: Gone, url: "\(server.url("/gone.mp4"))"}
                  - {kind: video, title: "Closing <b>bracket</b>", url: "\(server.url(Self.closingURLPath))"}
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 5s\n")
        let imported = try await presskit("import")
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    func expectClean(_ result: PresskitBinary.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for output in [result.stdout, result.stderr] {
            let controls = output.unicodeScalars.filter { ($0.value < 0x20 && !["\n", "\r", "\t"].contains($0)) || (0x7F..<0xA0).contains($0.value) }
            #expect(controls.isEmpty, "\(what): \(controls.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        }
    }

    @Test func serverTextIsCleanedInEveryHumanOutput() async throws {
        defer { server.stop(); directory.remove() }
        expectClean(try await presskit("check", "hostile-visit", "--policies", "policies", "--probe"), "check text")
        expectClean(try await presskit("check", "hostile-visit", "--policies", "policies", "--format", "markdown"), "check markdown")
        // The server's text was kept as sent (JSON escapes it), so the clean outputs below cleaned it.
        let json = try await presskit("assets", "hostile-visit", "--format", "json", "--policies", "policies")
        #expect(json.stdout.contains("\\u001b"), "the recorded Content-Type or title holds ESC")
        for format in ["table", "csv"] {
            expectClean(try await presskit("assets", "hostile-visit", "--format", format, "--policies", "policies"), "assets \(format)")
        }
        expectClean(try await presskit("show", "hostile-visit"), "show")
        expectClean(try await presskit("report"), "report text")
        expectClean(try await presskit("report", "--format", "markdown", "--since", "1d"), "report markdown")
    }

    @Test func aFileNameWithEscapesIsCleanedInDiagnostics() async throws {
        defer { server.stop(); directory.remove() }
        try directory.write("Catalog/bad\(Self.escapes).yaml", "event: {id: x, tittle: y}\n")
        let validated = try await presskit("validate")
        #expect(validated.status == 2)
        #expect(validated.stderr.contains("tittle"))
        expectClean(validated, "validate")
        expectClean(try await presskit("import"), "import")
        expectClean(try await presskit("validate", "missing\(Self.escapes).yaml"), "a missing file")
    }

    @Test func aURLClosingItsAutolinkStaysTextInTheCheckMarkdown() async throws {
        defer { server.stop(); directory.remove() }
        let markdown = try await presskit("check", "hostile-visit", "--policies", "policies", "--format", "markdown")
        #expect(markdown.stdout.contains("/gone.mp4?q="), "the hostile URL fails, so it is listed: \(markdown.stdout)")
        let reading = try await CommonMark.read(markdown.stdout)
        #expect(reading.rawHTML.isEmpty, "raw HTML survived: \(reading.rawHTML)\n\(reading.html)")
        #expect(!reading.html.contains("<script") && !reading.html.contains("<b>"), "\(reading.html)")
        for destination in reading.destinations {
            #expect(destination.hasPrefix("http://127.0.0.1:"), "\(destination)")
        }
    }
}
