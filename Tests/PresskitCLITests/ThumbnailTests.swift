import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// An asset's `thumbnail`: validated like `url`, link-checked like any asset, the public page's poster
/// while it works, and a placeholder once its check finds it broken.
@Suite struct ThumbnailTests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/clip.mp4": .file(size: 40_000, contentType: "video/mp4"),
            "/other.mp4": .file(size: 40_000, contentType: "video/mp4"),
            "/poster.jpg": .file(size: 2_000, contentType: "image/jpeg"),
            "/gone-poster.jpg": .status(404),
            "/story.htm": .status(200, headers: [("Content-Type", "text/html")],
                                  body: "<html><head><meta property=\"og:image\" content=\"https://example.org/og.jpg\"></head></html>"),
        ])
        try directory.write("Catalog/visit.yaml", """
            event: {id: poster-visit, title: Posters, type: visit, start: 2023-11-19}
            stories:
              - id: poster-story
                headline: A story with posters
                date: 2023-11-19
                webstory: \(server.url("/story.htm"))
                assets:
                  - {kind: video, title: With a poster, url: "\(server.url("/clip.mp4"))", thumbnail: "\(server.url("/poster.jpg"))"}
                  - {kind: b-roll, title: Broken poster, url: "\(server.url("/other.mp4"))", thumbnail: "\(server.url("/gone-poster.jpg"))"}
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 5s\n")
        let imported = try await presskit("import")
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test func thumbnailsAreCheckedAndUsedAsPostersWhileTheyWork() async throws {
        defer { server.stop(); directory.remove() }
        let check = try await presskit("check", "poster-visit", "--policies", "policies", "--format", "json")
        #expect(server.requests("/poster.jpg").count > 0 && server.requests("/gone-poster.jpg").count > 0, "thumbnails are link-checked")
        #expect(check.stdout.contains("/gone-poster.jpg"), "the broken thumbnail is reported: \(check.stdout)")
        let page = try await presskit("manifest", "poster-visit", "--format", "html", "--policies", "policies")
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.contains("<img class=\"poster\" src=\"\(server.url("/poster.jpg"))\""))
        // The broken thumbnail gives way to the web story's og:image, never shown itself.
        #expect(!page.stdout.contains("/gone-poster.jpg"))
        #expect(page.stdout.contains("<img class=\"poster\" src=\"https://example.org/og.jpg\""))
        let json = try jsonObject(try await presskit("manifest", "poster-visit", "--policies", "policies").stdout)
        let assets = ((json["stories"] as? [[String: Any]])?.first?["assets"] as? [[String: Any]])?.flatMap { $0["assets"] as? [[String: Any]] ?? [] } ?? []
        #expect(assets.compactMap { $0["thumbnail"] as? String } == [server.url("/poster.jpg")])
        // The office's report names the broken thumbnail by the asset that uses it.
        let report = try await presskit("report", "--format", "json", "--policies", "policies")
        #expect(report.stdout.contains("thumbnail:"), "\(report.stdout)")
    }

    @Test func scheduledChecksCoverThumbnailsToo() async throws {
        defer { server.stop(); directory.remove() }
        // Given a fresh import, when the scheduled check looks for due links, then the thumbnails
        // are among them, and the check fetches them.
        let listed = try await presskit("check", "--due", "--dry-run", "--policies", "policies")
        #expect(listed.stdout.contains(server.url("/poster.jpg")) && listed.stdout.contains(server.url("/gone-poster.jpg")),
                "\(listed.stdout)\(listed.stderr)")
        let due = try await presskit("check", "--due", "--policies", "policies", "--format", "json")
        #expect(server.requests("/poster.jpg").count > 0 && server.requests("/gone-poster.jpg").count > 0, "\(due.stdout)\(due.stderr)")
    }

    @Test func aThumbnailIsValidatedLikeAURL() async throws {
        defer { server.stop(); directory.remove() }
        try directory.write("Catalog/visit.yaml", """
            event: {id: poster-visit, title: Posters, type: visit, start: 2023-11-19}
            assets:
              - {kind: video, title: Bad poster, url: "https://example.org/a.mp4", thumbnail: "javascript:alert(1)"}
            """)
        let result = try await presskit("validate")
        #expect(result.status == 2 && result.stderr.contains("'thumbnail' of"), "\(result.stderr)")
    }
}
