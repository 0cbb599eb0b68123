import Foundation
import GRDB
import MediaSamples
import Testing
import TestHTTPServer
import TestSupport

/// Media properties end to end: `presskit check` probes files served on 127.0.0.1 with range
/// requests, the database keeps them, `assets` shows them.
@Suite struct MediaProbeCLITests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer
    static let movie = SampleMovie(layout: .moovLast, mediaBytes: 2_000_000)

    init() async throws {
        directory = try TemporaryDirectory()
        let etag = [("ETag", "\"v1\"")]
        server = try TestHTTPServer(routes: [
            "/broll.mp4": .bytes(Self.movie.bytes, contentType: "video/mp4", headers: etag),
            "/photo.jpg": .bytes(SampleFiles.jpeg(), contentType: "image/jpeg", headers: etag),
            "/statement.pdf": .bytes(SampleFiles.pdf(pages: 12, filler: 300), contentType: "application/pdf", headers: etag),
            "/soundbite.wav": .bytes(SampleFiles.wave(seconds: 3), contentType: "audio/wav", headers: etag, honoursRange: false),
            "/story.htm": .bytes(SampleFiles.html, contentType: "text/html; charset=utf-8"),
        ])
        try directory.write("Catalog/probe.yaml", """
            event: {id: probe-visit, title: Probe visit, type: visit, start: 2023-11-19}
            stories:
              - id: probe-story
                headline: Media served on loopback
                date: 2023-11-20
                webstory: \(server.url("/story.htm"))
                assets:
                  - {kind: b-roll, title: B-roll, url: "\(server.url("/broll.mp4"))"}
                  - {kind: photo, title: Portrait, url: "\(server.url("/photo.jpg"))"}
                  - {kind: transcript, title: Statement, url: "\(server.url("/statement.pdf"))"}
                  - {kind: soundbite, title: Soundbite, url: "\(server.url("/soundbite.wav"))"}
            """)
        try directory.write("policies/link-check.yaml", """
            allow_private_addresses: true
            connect_timeout: 2s
            total_timeout: 5s
            retries: 0
            """)
        #expect(try await presskit("import").status == 0)
    }

    func media(_ document: [String: Any], _ key: String, suffix: String) throws -> [String: Any] {
        let items = try #require(document[key] as? [[String: Any]])
        let item = try #require(items.first { ($0["url"] as? String)?.hasSuffix(suffix) == true }, "\(suffix)")
        return try #require(item["media"] as? [String: Any], "\(suffix) has no media")
    }

    @Test func checkProbesStoresAndListsMedia() async throws {
        defer { server.stop(); directory.remove() }
        let check = try await presskit("check", "probe-visit", "--policies", "policies", "--format", "json")
        #expect(check.status == 0, "off-spec alone does not fail a run: \(check.stderr)")
        let document = try jsonObject(check.stdout)
        let movie = try media(document, "links", suffix: "/broll.mp4")
        #expect(movie["width"] as? Int == 1920)
        #expect(movie["height"] as? Int == 1080)
        #expect(movie["duration"] as? Double == 12.5)
        #expect(movie["frame_rate"] as? Double == 29.97)
        #expect(movie["video_codec"] as? String == "H.264" && movie["audio_codec"] as? String == "AAC")
        #expect(movie["probe_bytes"] as? Int == 16_384 + Self.movie.moov.count, "the head and the moov, not the file")
        #expect((movie["off_spec"] as? [String]) == [])
        let photo = try media(document, "links", suffix: "/photo.jpg")
        #expect(photo["width"] as? Int == 480 && photo["height"] as? Int == 640, "EXIF orientation 6 turns it upright")
        #expect(photo["off_spec"] as? [String] == ["480×640, under the 1000 px short side expected of photo"])
        #expect(try media(document, "links", suffix: "/statement.pdf")["pages"] as? Int == 12)
        let sound = try media(document, "links", suffix: "/soundbite.wav")
        #expect(sound["duration"] as? Double == 3)
        #expect(sound["channels"] as? Int == 1)
        #expect(sound["sample_rate"] as? Int == 8_000)
        #expect(try media(document, "links", suffix: "/story.htm")["og_title"] as? String == "Secretary General's visit to Skopje")
        let ranges = server.requests("/broll.mp4").filter { $0.method == "GET" }.compactMap { $0.headers["range"] }
        #expect(ranges == ["bytes=0-16383", "bytes=\(Self.movie.moovOffset)-\(Self.movie.bytes.count - 1)"])

        // Stored with the check that probed, one column per property.
        let database = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        let row = try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT c.width, c.height, c.video_codec, c.media_bytes FROM link l JOIN link_check c ON c.id = l.media_check_id
                WHERE l.url LIKE '%/broll.mp4'
                """)
        }
        let stored = try #require(row)
        let width: Int? = stored["width"], height: Int? = stored["height"], codec: String? = stored["video_codec"]
        let bytes: Int? = stored["media_bytes"]
        #expect(width == 1920 && height == 1080 && codec == "H.264")
        #expect(bytes == 16_384 + Self.movie.moov.count)

        // `assets` shows them: JSON, CSV and the table.
        let listed = try jsonObject(try await presskit("assets", "probe-visit", "--policies", "policies", "--format", "json").stdout)
        #expect(try media(listed, "assets", suffix: "/broll.mp4")["video_codec"] as? String == "H.264")
        #expect(try media(listed, "assets", suffix: "/photo.jpg")["off_spec"] as? [String] == ["480×640, under the 1000 px short side expected of photo"])
        let csv = try await presskit("assets", "probe-visit", "--format", "csv").stdout
        #expect(csv.contains(",last_checked,media_format,width,height,duration,frame_rate,video_codec,audio_codec,sample_rate,channels,pages,page_title,probe_bytes,off_spec\r\n"))
        #expect(csv.contains(",MP4,1920,1080,12.5,29.97,H.264,AAC,48000,2,,,"))
        let table = try await presskit("assets", "probe-visit", "--policies", "policies").stdout
        #expect(table.contains("1920×1080 · 0:13 · H.264"))
        #expect(table.contains("ok 200, off-spec"))
        #expect(table.contains("12 pages · PDF"))
    }

    @Test func kitsCarryTheMediaAndFlagOffSpecFiles() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "probe-visit", "--policies", "policies", "--quiet")
        let json = try await presskit("manifest", "probe-visit", "--format", "json", "--policies", "policies")
        #expect(json.status == 0, "\(json.stderr)")
        let kit = try jsonObject(json.stdout)
        let stories = try #require(kit["stories"] as? [[String: Any]])
        let groups = try #require(stories.first?["assets"] as? [[String: Any]])
        let assets = groups.flatMap { $0["assets"] as? [[String: Any]] ?? [] }
        let broll = try #require(assets.first { $0["kind"] as? String == "b-roll" })
        let media = try #require(broll["media"] as? [String: Any])
        #expect(media["width"] as? Int == 1920 && media["duration"] as? Double == 12.5 && media["video_codec"] as? String == "H.264")
        let photo = try #require(assets.first { $0["kind"] as? String == "photo" })
        #expect(photo["flags"] as? [String] == ["off-spec"])
        let violations = try #require(kit["violations"] as? [[String: Any]])
        #expect(violations.contains { $0["rule"] as? String == "off-spec"
            && $0["message"] as? String == "the file is 480×640, under the 1000 px short side expected of photo" })
        let schema = try await PythonJSONSchema.validate(["kit.json": json.stdout], against: ManifestTests.schema)
        #expect(schema.isValid, "\(schema.output)")

        let ninjs = try jsonObject(try await presskit("manifest", "probe-visit", "--format", "ninjs", "--policies", "policies").stdout)
        let renditions = (ninjs["associations"] as? [[String: Any]] ?? []).flatMap { story in
            (story["associations"] as? [[String: Any]] ?? []).flatMap { $0["renditions"] as? [[String: Any]] ?? [] }
        }
        #expect(renditions.contains { $0["width"] as? Int == 1920 && $0["height"] as? Int == 1080 && $0["duration"] as? Double == 12.5 })

        let html = try await presskit("manifest", "probe-visit", "--format", "html", "--audience", "staff", "--policies", "policies")
        #expect(html.stdout.contains("<dt>File</dt><dd>1920×1080 · 0:13 · H.264 · 2.0 MB</dd>"))
        let page = try await presskit("manifest", "probe-visit", "--format", "html", "--policies", "policies")
        #expect(page.stdout.contains("<p class=\"spec\">1080p · 0:13 · H.264 · 2.0 MB</p>"), "\(page.stdout)")
    }

    @Test func unchangedFilesAreNotProbedAgainAndFailOnOffSpec() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "probe-visit", "--policies", "policies", "--quiet")
        let getsBefore = server.requests("/broll.mp4").filter { $0.method == "GET" }.count
        let again = try await presskit("check", "probe-visit", "--policies", "policies", "--fail-on", "off-spec")
        #expect(server.requests("/broll.mp4").filter { $0.method == "GET" }.count == getsBefore, "same ETag: no probe")
        #expect(again.status == 1, "the photo is still off-spec, from its last probe")
        #expect(again.stdout.contains("off-spec: 480×640, under the 1000 px short side expected of photo"))
        let forced = try await presskit("check", "probe-visit", "--policies", "policies", "--probe", "--quiet")
        #expect(forced.status == 0)
        #expect(server.requests("/broll.mp4").filter { $0.method == "GET" }.count == getsBefore + 2, "--probe probes again")
    }

    @Test func noProbeReadsNoBody() async throws {
        defer { server.stop(); directory.remove() }
        let result = try await presskit("check", "probe-visit", "--policies", "policies", "--no-probe", "--format", "json")
        #expect(result.status == 0)
        let links = try #require(try jsonObject(result.stdout)["links"] as? [[String: Any]])
        #expect(links.allSatisfy { $0["media"] == nil })
        #expect(server.requests("/broll.mp4").allSatisfy { $0.method == "HEAD" })
    }

    @Test func badProbeSettingsAreReportedWithTheirPlace() async throws {
        defer { server.stop(); directory.remove() }
        try directory.write("bad/link-check.yaml", """
            probe: sometimes
            probe_budget: 12 GB
            expect:
              b-roll: {min_hieght: 720}
            """)
        let result = try await presskit("check", "probe-visit", "--policies", "bad")
        #expect(result.status == 2)
        #expect(result.stderr.contains("link-check.yaml:1:8: error: 'probe' must be one of changed, always or never"))
        #expect(result.stderr.contains("link-check.yaml:2:15: error: 'probe_budget' must be a size from 1 KiB to 64 MiB"))
        #expect(result.stderr.contains("min_hieght"))
        #expect(result.stderr.contains("did you mean 'min_height'"))
    }
}
