import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// Issue 10 §2 through the built binary: a link is judged by what a download gets.
@Suite struct DownloadVerdictCLITests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        let html = [("Content-Type", "text/html; charset=utf-8")]
        server = try TestHTTPServer(routes: [
            "/signed.mp4": .methods(head: .status(200, headers: [("Content-Type", "video/mp4"), ("Content-Length", "5000000")]),
                                    get: .status(404)),
            "/removed-story": .status(200, headers: html, body: "<html><head><title>OTAN</title></head><body><h1>Page introuvable</h1></body></html>"),
            "/news/2023/deep-story": .redirect(302, to: "/"),
            "/": .status(200, headers: html, body: "<html><head><title>Home</title></head></html>"),
            "/akamai.mp4": .status(403, headers: [("Server", "AkamaiGHost"), ("Content-Type", "text/html")],
                                   body: "<H1>Access Denied</H1>Reference&#32;&#35;18&#46;5e2c1002"),
            "/photo.jpg": .etag("\"v1\""),
        ])
        try directory.write("Catalog/downloads.yaml", """
            event: {id: downloads, title: Downloads, type: visit, start: 2023-11-19}
            stories:
              - id: removed
                headline: A story taken down
                date: 2023-11-20
                webstory: \(server.url("/removed-story"))
                assets:
                  - {kind: b-roll, title: Signed, url: "\(server.url("/signed.mp4"))"}
                  - {kind: b-roll, title: Behind Akamai, url: "\(server.url("/akamai.mp4"))"}
                  - {kind: webstory, title: Deep, url: "\(server.url("/news/2023/deep-story"))"}
                  - {kind: photo, title: Photo, url: "\(server.url("/photo.jpg"))"}
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nconnect_timeout: 2s\ntotal_timeout: 5s\nretries: 0\n")
        #expect(try await presskit("import").status == 0)
    }

    func links(_ result: PresskitBinary.Result) throws -> [String: [String: Any]] {
        let links = try #require(try jsonObject(result.stdout)["links"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: links.map { (($0["url"] as? String ?? "").replacingOccurrences(of: server.url(""), with: ""), $0) })
    }

    @Test func verdictsFollowWhatTheGETsGot() async throws {
        defer { server.stop(); directory.remove() }
        let result = try await presskit("check", "downloads", "--policies", "policies", "--format", "json")
        #expect(result.status == 1, "\(result.stderr)")
        let found = try links(result)
        #expect(found["/signed.mp4"]?["verdict"] as? String == "broken")
        #expect(found["/signed.mp4"]?["detail"] as? String == "HEAD answered 200, GET 404")
        #expect(found["/signed.mp4"]?["http_status"] as? Int == 404)
        #expect(found["/removed-story"]?["verdict"] as? String == "broken")
        #expect((found["/removed-story"]?["hint"] as? String)?.hasPrefix("soft 404: the page says \"Page introuvable\"") == true)
        #expect(found["/news/2023/deep-story"]?["verdict"] as? String == "broken")
        #expect(found["/akamai.mp4"]?["verdict"] as? String == "unverifiable")
        #expect((found["/akamai.mp4"]?["hint"] as? String)?.contains("Akamai's firewall refused presskit") == true)
        #expect(found["/photo.jpg"]?["verdict"] as? String == "ok")
    }

    @Test func checkProbeAsksUnconditionallyWhereA304WouldDo() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "downloads", "--policies", "policies", "--quiet")
        // A recheck asks conditionally and gets 304: nothing to probe.
        _ = try await presskit("check", "downloads", "--policies", "policies", "--quiet")
        #expect(server.requests("/photo.jpg").last?.headers["if-none-match"] == "\"v1\"")
        let before = server.requestCount("/photo.jpg")
        // `--probe` probes every working link this once: no validator, the file is read.
        let forced = try await presskit("check", "downloads", "--policies", "policies", "--probe", "--format", "json")
        let asked = server.requests("/photo.jpg").dropFirst(before)
        #expect(asked.allSatisfy { $0.headers["if-none-match"] == nil })
        #expect(asked.contains { $0.method == "GET" }, "the file was probed")
        #expect(try links(forced)["/photo.jpg"]?["http_status"] as? Int == 200)
    }
}
