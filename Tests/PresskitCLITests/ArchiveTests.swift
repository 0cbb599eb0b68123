import Crypto
import Foundation
import GRDB
import Synchronization
import Testing
import TestHTTPServer
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `presskit archive` through the built binary, against files served on 127.0.0.1.
@Suite struct ArchiveTests: PresskitSuite {
    let directory: TemporaryDirectory
    let media: TestHTTPServer
    let broll = ServedFile(ArchiveTests.bytes(300_000, seed: 1))
    let photo = ServedFile(ArchiveTests.bytes(50_000, seed: 2), contentType: "image/jpeg")
    /// The same bytes as `photo`, at another URL.
    let photoCopy = ServedFile(ArchiveTests.bytes(50_000, seed: 2), contentType: "image/jpeg")
    let transcript = ServedFile(ArchiveTests.bytes(2_000, seed: 3), contentType: "text/plain")
    /// Sends its first 100,000 bytes, then holds the connection until the server stops; the next
    /// request is served whole (with Range honoured).
    let held = ServedFile(ArchiveTests.bytes(400_000, seed: 4))

    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ Int(seed) &* 101 &+ $0 / 253) }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    init() async throws {
        directory = try TemporaryDirectory()
        let held = self.held
        let firstGet = Mutex(true)
        let holding = Route { request, nth, connection in
            let isFirstGet = request.method == "GET" && firstGet.withLock { first in defer { first = false }; return first }
            guard isFirstGet else { return held.route.respond(request, nth, connection) }
            connection.writeHead(status: 200, headers: [("Content-Type", "video/mp4"), ("ETag", held.etag)], contentLength: 400_000)
            connection.write(Array(ArchiveTests.bytes(400_000, seed: 4).prefix(100_000)))
            while connection.pause(0.05) {}
            return .close
        }
        media = try TestHTTPServer(routes: [
            "/broll.mp4": broll.route, "/photo.jpg": photo.route, "/photo-copy.jpg": photoCopy.route,
            "/transcript.txt": transcript.route, "/gone.mp4": .status(404), "/held.mp4": holding,
        ])
        try directory.write("Catalog/visit.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: b-roll, title: B-roll, url: "\(media.url("/broll.mp4"))"}
              - {kind: photo, title: Photo, url: "\(media.url("/photo.jpg"))"}
              - {kind: photo, title: Same photo elsewhere, url: "\(media.url("/photo-copy.jpg"))"}
              - {kind: transcript, title: Remarks, url: "\(media.url("/transcript.txt"))"}
              - {kind: video, title: Gone, url: "\(media.url("/gone.mp4"))"}
            """)
        try directory.write("Catalog/held.yaml", """
            event: {id: held-visit, title: Held, type: visit, start: 2023-11-20}
            assets:
              - {kind: b-roll, title: Held b-roll, url: "\(media.url("/held.mp4"))"}
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\nconnect_timeout: 2s\ntotal_timeout: 30s\nprobe: never\n")
        #expect(try await presskit("import").status == 0)
    }

    func stop() {
        media.stop()
        directory.remove()
    }

    func copies() throws -> [String: String] {
        let db = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        defer { try? db.close() }
        return try db.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT url, sha256 FROM archived_copy").map { ($0[0] as String, $0[1] as String) })
        }
    }

    func storedFiles() -> [String] {
        let root = directory.path("archive/sha256")
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []).map { folder + $0 }
        }.sorted()
    }

    /// Validates `document` against `Sources/PressKit/Archive/Schemas/NAME.schema.json`.
    static func validate(_ document: String, schema: String) async throws {
        let file = Repository.root.appendingPathComponent("Sources/PressKit/Archive/Schemas/\(schema).schema.json")
        let outcome = try await PythonJSONSchema.validate(["archive.json": document], against: file)
        #expect(outcome.isValid, "\(outcome.output)")
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func archivesWorkingLinksOnceEachAndSaysWhyNotForTheOthers() async throws {
        defer { stop() }
        #expect(try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet").status == 1)
        let run = try await presskit("archive", "loopback-visit", "--policies", "policies", "--format", "json")
        // The 404 could not be archived: problems found.
        #expect(run.status == 1, "\(run.stderr)")
        let document = try json(run.stdout)
        #expect(document["schema"] as? String == "presskit.archive/1")
        let counts = try #require(document["counts"] as? [String: Int])
        #expect(counts == ["archived": 4, "replaced": 0, "unchanged": 0, "skipped": 1, "failed": 0])
        let links = try #require(document["links"] as? [[String: Any]])
        let gone = try #require(links.first { ($0["url"] as? String)?.hasSuffix("/gone.mp4") == true })
        #expect((gone["reason"] as? String)?.hasPrefix("last check: broken (HTTP 404)") == true, "\(gone)")
        // Files named by their hash, identical bytes stored once.
        let expected = [ArchiveTests.bytes(300_000, seed: 1), ArchiveTests.bytes(50_000, seed: 2), ArchiveTests.bytes(2_000, seed: 3)].map(Self.sha256)
        #expect(storedFiles() == expected.sorted())
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path("archive/sha256/\(expected[0].prefix(2))/\(expected[0].dropFirst(2))")))
        #expect(data == Data(ArchiveTests.bytes(300_000, seed: 1)))
        #expect(try copies()[media.url("/photo-copy.jpg")] == expected[1])
        #expect(document["store_bytes"] as? Int == 352_000)
        // Nothing left behind in partial/ but the lock.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("archive/partial")) == ["lock"])
        // The --verify of an intact archive.
        let verify = try await presskit("archive", "--verify", "--policies", "policies")
        #expect(verify.status == 0 && verify.stdout.contains("Verified 3 files, 352 KB: 3 intact, 0 failed"), "\(verify.stdout)")
        // Last: cancels the test (saying why) where python3-jsonschema is missing.
        try await Self.validate(run.stdout, schema: "presskit.archive-1")
    }

    @Test func aSecondRunAsksWithValidatorsAndFetchesOnlyTheReplacedFile() async throws {
        defer { stop() }
        #expect(try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet").status == 1)
        _ = try await presskit("archive", "loopback-visit", "--policies", "policies")
        let oldHash = try #require(try copies()[media.url("/broll.mp4")])
        let downloadsBefore = media.requests("/photo.jpg").filter { $0.method == "GET" }.count

        // The b-roll is replaced on the server; the rest is as it was.
        let new = ArchiveTests.bytes(320_000, seed: 9)
        broll.replace(with: new)
        let run = try await presskit("archive", "loopback-visit", "--policies", "policies", "--format", "json")
        let counts = try #require(try json(run.stdout)["counts"] as? [String: Int])
        #expect(counts["replaced"] == 1 && counts["unchanged"] == 3, "\(run.stdout)")
        // The unchanged photo was asked conditionally and answered 304.
        let photoRequests = media.requests("/photo.jpg").filter { $0.method == "GET" }
        #expect(photoRequests.count == downloadsBefore + 1)
        #expect(photoRequests.last?.headers["if-none-match"] == photo.etag)
        #expect(try copies()[media.url("/broll.mp4")] == Self.sha256(new))
        // The old file went with the copy that named it.
        #expect(!storedFiles().contains(oldHash))
        #expect(storedFiles().contains(Self.sha256(new)))
    }

    @Test func verifyFindsAStoredFileWhoseBytesChanged() async throws {
        defer { stop() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        _ = try await presskit("archive", "loopback-visit", "--policies", "policies")
        let hash = Self.sha256(ArchiveTests.bytes(2_000, seed: 3))
        let path = directory.path("archive/sha256/\(hash.prefix(2))/\(hash.dropFirst(2))")
        chmod(path, 0o644)
        var bytes = ArchiveTests.bytes(2_000, seed: 3)
        bytes[1_000] ^= 0x01  // one bit flipped
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try await presskit("archive", "--verify", "--policies", "policies", "--format", "json")
        #expect(run.status == 1)
        let document = try json(run.stdout)
        #expect(document["schema"] as? String == "presskit.archive-verify/1")
        let failed = try #require(document["failed"] as? [[String: Any]])
        #expect(failed.count == 1)
        #expect(failed.first?["sha256"] as? String == hash)
        #expect(failed.first?["problem"] as? String == "mismatch")
        #expect(failed.first?["found_sha256"] as? String == Self.sha256(bytes))
        #expect(failed.first?["urls"] as? [String] == [media.url("/transcript.txt")])
        let text = try await presskit("archive", "--verify", "--policies", "policies")
        #expect(text.status == 1 && text.stdout.contains("FAILED sha256 \(hash): bytes changed"), "\(text.stdout)")
        try await Self.validate(run.stdout, schema: "presskit.archive-verify-1")
    }

    @Test func limitsSkipFilesWithAReasonAndKeepNothingOfThem() async throws {
        defer { stop() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        // Per file: the 300 KB b-roll is over 100 KB; kinds: transcripts are not archived.
        try directory.write("policies/archive.yaml", "max_file_bytes: 100 KB\nkinds: [b-roll, photo, video]\n")
        let run = try await presskit("archive", "loopback-visit", "--policies", "policies")
        #expect(run.status == 1)
        #expect(run.stdout.contains("skipped   \(media.url("/broll.mp4")): too large (300 KB): over max_file_bytes (100 KB)"), "\(run.stdout)")
        #expect(run.stdout.contains("skipped   \(media.url("/transcript.txt")): transcript not archived (archive.yaml kinds)"), "\(run.stdout)")
        #expect(try copies().keys.sorted() == [media.url("/photo-copy.jpg"), media.url("/photo.jpg")])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("archive/partial")) == ["lock"])

        // In all: 60 KB leaves room for the photo (50 KB, stored once) and nothing else.
        try FileManager.default.removeItem(atPath: directory.path("archive"))
        let db = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        try await db.write { try $0.execute(sql: "DELETE FROM archived_copy") }
        try db.close()
        try directory.write("policies/archive.yaml", "max_total_bytes: 60 KB\nkinds: [b-roll, photo]\n")
        let total = try await presskit("archive", "loopback-visit", "--policies", "policies")
        #expect(total.status == 1)
        #expect(total.stdout.contains("the archive would pass max_total_bytes (60 KB)"), "\(total.stdout)")
        #expect(storedFiles() == [Self.sha256(ArchiveTests.bytes(50_000, seed: 2))])
        #expect(try copies().count == 2)
    }

    @Test func aRunKilledMidDownloadCountsNothingAndTheNextOneResumes() async throws {
        defer { stop() }
        #expect(try await presskit("check", "held-visit", "--policies", "policies", "--quiet").status == 0)
        // Given an archive run killed with SIGKILL while the b-roll is 100,000 bytes in,
        let process = try PresskitBinary.start(["archive", "held-visit", "--policies", "policies"], in: directory.path)
        let partialFolder = directory.path("archive/partial")
        var partial: String?
        for _ in 0..<400 {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: partialFolder)) ?? []
            if let part = entries.first(where: { $0.hasSuffix(".part") }),
               let size = try? FileManager.default.attributesOfItem(atPath: partialFolder + "/" + part)[.size] as? Int, size == 100_000,
               entries.contains(part + ".validator") {
                partial = part
                break
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        kill(process.processIdentifier, SIGKILL)
        _ = try await PresskitBinary.wait(for: process)
        let part = try #require(partial, "the download never reached 100,000 bytes")
        // nothing is counted: no row, no stored file, the partial file only in partial/,
        #expect(try copies().isEmpty)
        #expect(storedFiles().isEmpty)
        // and the next run asks for the rest with If-Range, and stores the whole file.
        let run = try await presskit("archive", "held-visit", "--policies", "policies", "--format", "json")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let last = try #require(media.requests("/held.mp4").last)
        #expect(last.headers["range"] == "bytes=100000-")
        #expect(last.headers["if-range"] == held.etag)
        let links = try #require(try json(run.stdout)["links"] as? [[String: Any]])
        #expect(links.first?["resumed_from"] as? Int == 100_000)
        #expect(try copies()[media.url("/held.mp4")] == Self.sha256(ArchiveTests.bytes(400_000, seed: 4)))
        #expect(!FileManager.default.fileExists(atPath: partialFolder + "/" + part))
    }

    @Test func theDigestAndItsRemindersSayTheOfficeHoldsACopy() async throws {
        defer { stop() }
        let chat = try TestHTTPServer(routes: ["/hook": .status(200)])
        defer { chat.stop() }
        try directory.write("policies/notifications.yaml", "webhooks:\n  - {url: \"\(chat.url("/hook"))\", format: json}\nreminder_after: 3s\n")
        _ = try await presskit("check", "loopback-visit", "--notify", "--policies", "policies", "--quiet")
        _ = try await presskit("archive", "loopback-visit", "--policies", "policies")
        let digests = { try chat.requests("/hook").map { try #require(try JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]) } }
        let before = try digests().count
        photo.remove()
        _ = try await presskit("check", "loopback-visit", "--notify", "--policies", "policies", "--quiet")
        let items = try #require(try digests().last?["items"] as? [[String: Any]])
        #expect(try digests().count == before + 1)
        let broke = try #require(items.first { $0["kind"] as? String == "broke" })
        let holding = "the press office holds a copy (sha256 \(Self.sha256(ArchiveTests.bytes(50_000, seed: 2)).prefix(12))…, 50 KB"
        #expect((broke["detail"] as? String)?.hasPrefix(holding) == true, "\(broke)")
        // Still broken after reminder_after: the reminder says it too.
        try await Task.sleep(for: .milliseconds(3_100))
        _ = try await presskit("check", "loopback-visit", "--notify", "--policies", "policies", "--quiet")
        let reminder = try #require(try digests().last?["items"] as? [[String: Any]])
        // Both links still broken are reminded of; only the photo has a copy.
        #expect(reminder.map { $0["kind"] as? String } == ["reminder", "reminder"])
        let photoReminder = try #require(reminder.first { $0["url"] as? String == media.url("/photo.jpg") })
        #expect((photoReminder["detail"] as? String)?.hasPrefix(holding) == true, "\(reminder)")
        let goneReminder = try #require(reminder.first { $0["url"] as? String == media.url("/gone.mp4") })
        #expect(goneReminder["detail"] == nil)
    }

    @Test func kindNarrowsTheRunAndArgumentsAreChecked() async throws {
        defer { stop() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let run = try await presskit("archive", "loopback", "--kind", "Photo", "--policies", "policies", "--format", "json")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let links = try #require(try json(run.stdout)["links"] as? [[String: Any]])
        #expect(links.compactMap { $0["url"] as? String } == [media.url("/photo-copy.jpg"), media.url("/photo.jpg")])
        #expect(try copies().count == 2)
        // Usage errors: nothing named, --verify with a selection, an unknown event.
        #expect(try await presskit("archive", "--policies", "policies").status == 2)
        #expect(try await presskit("archive", "--verify", "--all", "--policies", "policies").status == 2)
        let unknown = try await presskit("archive", "nowhere", "--policies", "policies")
        #expect(unknown.status == 2 && unknown.stderr.contains("no event 'nowhere'"), "\(unknown.stderr)")
    }

    @Test func reportsSayWhenAFileDiffersFromItsCopyAndWhenABrokenLinkHasOne() async throws {
        defer { stop() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        _ = try await presskit("archive", "loopback-visit", "--policies", "policies")
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        // The b-roll is replaced and the photo taken down after they were archived.
        broll.replace(with: ArchiveTests.bytes(310_000, seed: 5))
        photo.remove()
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let report = try await presskit("report", "--policies", "policies")
        #expect(report.stdout.contains("differs from the archived copy of \(today) (ETag \"v1\" → \"v2\"; size 300 KB → 310 KB)"), "\(report.stdout)")
        let photoHash = Self.sha256(ArchiveTests.bytes(50_000, seed: 2))
        #expect(report.stdout.contains("broken since"), "\(report.stdout)")
        #expect(report.stdout.contains("— the press office holds a copy (sha256 \(photoHash.prefix(12))…, 50 KB, archived \(today)); HTTP 404"),
                "\(report.stdout)")
        // The JSON report carries the same words for the dashboards.
        let json = try await presskit("report", "--policies", "policies", "--format", "json", "--since", "2000-01-01T00:00:00Z")
        #expect(json.stdout.contains("the press office holds a copy (sha256 \(photoHash.prefix(12))"), "\(json.stdout)")

        // The next check says it too, beside its advice (text and Markdown); the b-roll without a copy does not.
        let check = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        #expect(check.stdout.contains("The press office holds a copy (sha256 \(photoHash.prefix(12))…, 50 KB, archived \(today))."), "\(check.stdout)")
        #expect(check.stdout.components(separatedBy: "holds a copy").count == 2, "only the photo has one: \(check.stdout)")
        let markdown = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet", "--format", "markdown")
        #expect(markdown.stdout.contains("the press office holds a copy (sha256 \(photoHash.prefix(12))"), "\(markdown.stdout)")
        // JUnit's failure text too, for the CI job that reads it; the b-roll's says nothing of a copy.
        let junit = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet", "--format", "junit")
        #expect(junit.stdout.contains("The press office holds a copy (sha256 \(photoHash.prefix(12))…, 50 KB, archived \(today)). Used by "), "\(junit.stdout)")
        #expect(junit.stdout.components(separatedBy: "holds a copy").count == 2, "only the photo has one: \(junit.stdout)")

        // The next report, after those checks: the photo is still broken, and its copy is still said.
        let next = try await presskit("report", "--policies", "policies")
        let section = try #require(next.stdout.components(separatedBy: "Still broken").last, "\(next.stdout)")
        #expect(section.contains("; the press office holds a copy (sha256 \(photoHash.prefix(12))…, 50 KB, archived \(today))"), "\(next.stdout)")
        let gone = try #require(section.components(separatedBy: "\n- ").first { $0.contains(media.url("/gone.mp4")) }, "\(section)")
        #expect(!gone.contains("holds a copy"), "the b-roll that never had a copy says nothing of one: \(gone)")
        let nextJSON = try await presskit("report", "--policies", "policies", "--format", "json")
        let document = try self.json(nextJSON.stdout)
        let stillBroken = try #require(document["still_broken"] as? [[String: Any]])
        let held = try #require(stillBroken.first { $0["url"] as? String == media.url("/photo.jpg") }?["archived_copy"] as? [String: Any])
        #expect(held["sha256"] as? String == photoHash)
        #expect(held["size"] as? Int == 50_000)
        #expect((held["archived_at"] as? String)?.hasPrefix(today) == true)
        let schema = Repository.root.appendingPathComponent("Sources/PressKit/Report/Schemas/presskit.report-1.schema.json")
        let outcome = try await PythonJSONSchema.validate(["report.json": nextJSON.stdout], against: schema)
        #expect(outcome.isValid, "\(outcome.output)")
    }
}
