import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// `presskit report` run as a binary after real `presskit check` runs against a loopback server
/// whose answers change between the runs.
@Suite struct ReportTests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        // A 404 to HEAD is asked again as a ranged GET, so a failing first answer takes two requests.
        server = try TestHTTPServer(routes: [
            // The first check's HEAD and probe get the file; every later request a 404.
            "/flaky.mp4": .sequence([.file(size: 1_000, contentType: "video/mp4"), .file(size: 1_000, contentType: "video/mp4"),
                                     .status(404)]),
            "/back.mp4": .sequence([.status(404), .status(404), .file(size: 1_000, contentType: "video/mp4")]),
            "/moving.mp4": .sequence([.file(size: 1_000, contentType: "video/mp4"), .redirect(301, to: "/steady.mp4")]),
            "/steady.mp4": .file(size: 1_000, contentType: "video/mp4"),
        ])
        try directory.write("Catalog/loopback.yaml", """
            event: {id: loopback-visit, title: "<script>alert(1)</script> Loopback & visit", type: visit, start: 2023-11-19}
            assets:
              - {id: lb-flaky, kind: b-roll, title: Flaky b-roll, url: "\(server.url("/flaky.mp4"))"}
              - {id: lb-back, kind: video, title: "<img src=x onerror=alert(2)>", url: "\(server.url("/back.mp4"))"}
              - {id: lb-moving, kind: b-roll, title: Moving b-roll, url: "\(server.url("/moving.mp4"))"}
              - {id: lb-steady, kind: b-roll, title: Steady b-roll, url: "\(server.url("/steady.mp4"))"}

            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nconnect_timeout: 2s\ntotal_timeout: 5s\nretries: 0\n")
        #expect(try await presskit("import").status == 0)
    }

    func report(_ extra: String...) async throws -> [String: Any] {
        let result = try await PresskitBinary.run(["report", "--policies", "policies", "--format", "json"] + extra, in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        return try jsonObject(result.stdout)
    }

    func changes(_ document: [String: Any]) -> [String: String] {
        let changes = document["changes"] as? [[String: Any]] ?? []
        return Dictionary(changes.map { (($0["url"] as? String ?? "").replacingOccurrences(of: server.url(""), with: ""), $0["kind"] as? String ?? "") },
                          uniquingKeysWith: { "\($0),\($1)" })
    }

    @Test func reportsWhatChangedBetweenChecksAndNothingTwice() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        // Given a first report that covers the first check…
        let first = try await report()
        #expect(first["since_source"] as? String == "first-report")
        #expect(changes(first) == ["/back.mp4": "broke"])

        // …when the second check finds one link broken, one back and one moved…
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        // (one event's report in between does not hide its changes from the next full report)
        #expect(changes(try await report("--event", "loopback-visit"))["/flaky.mp4"] == "broke")
        let second = try await report()
        #expect(second["since_source"] as? String == "previous-report")
        #expect(second["since"] as? String == first["created_at"] as? String, "it starts where the previous report ended")
        #expect(changes(second) == ["/flaky.mp4": "broke", "/back.mp4": "recovered", "/moving.mp4": "moved"])
        let moved = try #require((second["changes"] as? [[String: Any]])?.first { $0["kind"] as? String == "moved" })
        #expect(moved["new_url"] as? String == server.url("/steady.mp4"))
        let edit = try #require((moved["catalogue_edits"] as? [[String: Any]])?.first)
        #expect((edit["path"] as? String)?.hasSuffix("/Catalog/loopback.yaml") == true)
        #expect(edit["line"] as? Int == 5)
        #expect(edit["field"] as? String == "url")
        let usedBy = try #require((moved["used_by"] as? [[String: Any]])?.first)
        #expect(usedBy["title"] as? String == "Moving b-roll" && usedBy["event"] as? String == "loopback-visit")
        #expect(((second["incomplete_kits"] as? [[String: Any]])?.first?["left_out"] as? [[String: Any]])?.first?["id"] as? String == "lb-flaky")

        // …then a report right after has nothing new, and the broken link is still broken.
        let third = try await report()
        #expect(changes(third).isEmpty)
        #expect((third["still_broken"] as? [[String: Any]])?.compactMap { $0["url"] as? String } == [server.url("/flaky.mp4")])

        // --since reaches back without moving the mark.
        let again = try await report("--since", "1h")
        #expect(changes(again)["/moving.mp4"] == "moved")
        #expect(changes(try await report()).isEmpty, "the --since report did not move the mark back or forward")

        let schema = Repository.root.appendingPathComponent("Sources/PressKit/Report/Schemas/presskit.report-1.schema.json")
        let documents = try ["first.json", "second.json"].enumerated().reduce(into: [String: String]()) { documents, entry in
            documents[entry.element] = String(decoding: try JSONSerialization.data(withJSONObject: entry.offset == 0 ? first : second), as: UTF8.self)
        }
        let outcome = try await PythonJSONSchema.validate(documents, against: schema)
        #expect(outcome.isValid, "\(outcome.output)")
    }

    @Test func theHTMLReportChartsHealthEscapesTitlesAndWritesAtomically() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let written = try await presskit("report", "--policies", "policies", "--event", "loopback", "--format", "html", "-o", "report.html")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("role=\"img\""))
        #expect(html.contains("<title id=\"chart-1-title\">Link health of \u{2068}&lt;script&gt;alert(1)&lt;/script&gt; Loopback &amp; visit"))
        #expect(!html.contains("<script") && !html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))

        let text = try await presskit("report", "--since", "2000-01-01")
        #expect(text.status == 0)
        #expect(!text.stdout.contains("\u{1B}["), "no colour when piped")
        #expect(text.stdout.contains("Broken (1)") && text.stdout.contains("Moved (1)"))
        #expect(text.stdout.contains("Catalog/loopback.yaml:5: url: \(server.url("/moving.mp4")) → url: \(server.url("/steady.mp4"))"))
    }

    @Test func usageAndDatabaseErrorsHaveTheirExitStatus() async throws {
        defer { server.stop(); directory.remove() }
        #expect(try await presskit("report", "--since", "last tuesday").status == 2)
        #expect(try await presskit("report", "--format", "pdf").status == 2)
        #expect(try await presskit("report", "--event", "no-such-event").status == 2)
        #expect(try await presskit("report", "-o", "missing-folder/report.txt").status == 2)
        #expect(try await presskit("report", "--db", "missing.sqlite").status == 3)
        // None of those reached their reader, so none moved the mark: the first real report covers everything.
        #expect(try await presskit("report", "--format", "json").stdout.contains("\"first-report\""))
    }
}
