import Foundation
import GRDB
import Testing
import TestHTTPServer
import TestSupport

/// `check --due`, conditional rechecks, the run lock, `--notify` and `schedule`, run as the binary
/// against loopback servers.
@Suite struct ScheduledCheckTests: PresskitSuite {
    let directory: TemporaryDirectory
    let media: TestHTTPServer
    let chat: TestHTTPServer
    /// Holds `/slow.mp4` until the lock test has seen what it needs while the first check runs.
    let slowRelease = Gate()

    init() async throws {
        directory = try TemporaryDirectory()
        media = try TestHTTPServer(routes: [
            "/stable.mp4": .file(size: 1_000, contentType: "video/mp4"),
            // The first check's HEAD and probe get the file; every later request a 404.
            "/breaks.mp4": .sequence([.file(size: 1_000, contentType: "video/mp4"), .file(size: 1_000, contentType: "video/mp4"),
                                      .status(404)]),
            "/photo.jpg": .etag("\"v1\""),
            "/replaced.mp4": .sequence([.file(size: 1_000, contentType: "video/mp4", headers: [("ETag", "\"a\"")]),
                                        .file(size: 2_000, contentType: "video/mp4", headers: [("ETag", "\"b\"")])]),
            "/slow.mp4": .held(by: slowRelease, then: .file(size: 10, contentType: "video/mp4")),
        ])
        chat = try TestHTTPServer(routes: ["/hook": .status(200)])
        try directory.write("Catalog/visit.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: b-roll, title: Stable b-roll, url: "\(media.url("/stable.mp4"))"}
              - {kind: b-roll, title: B-roll that breaks, url: "\(media.url("/breaks.mp4"))"}
              - {kind: photo, title: Photo, url: "\(media.url("/photo.jpg"))"}
              - {kind: video, title: Replaced video, url: "\(media.url("/replaced.mp4"))"}
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 10s\n")
        try directory.write("policies/notifications.yaml", """
            webhooks:
              - {url: "\(chat.url("/hook"))", format: json}
            reminder_after: 8s
            """)
        #expect(try await presskit("import").status == 0)
    }

    func digests() throws -> [[String: Any]] {
        try chat.requests("/hook").map { try jsonObject(String(decoding: $0.body, as: UTF8.self)) }
    }

    @Test func dueRunsCheckNewLinksOnceThenNothingUntilTheyAreDue() async throws {
        defer { media.stop(); chat.stop(); directory.remove() }
        let first = try await presskit("check", "--due", "--policies", "policies", "--format", "json", "--max-urls", "3")
        #expect(first.status == 0, "\(first.stderr)")
        #expect((try jsonObject(first.stdout)["links"] as? [Any])?.count == 3, "--max-urls bounds the run")
        let second = try await presskit("check", "--due", "--policies", "policies", "--format", "json")
        #expect((try jsonObject(second.stdout)["links"] as? [Any])?.count == 1, "only the link not reached yet")
        let third = try await presskit("check", "--due", "--policies", "policies", "--format", "json")
        #expect(third.status == 0)
        #expect((try jsonObject(third.stdout)["links"] as? [Any])?.count == 0, "nothing is due an hour ahead")

        // The event is in the past (archived): working links are due in a week.
        let database = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        defer { try? database.close() }
        let next = try await database.read { try Int.fetchAll($0, sql: "SELECT next_check_at - CAST(strftime('%s', 'now') AS INTEGER) FROM link WHERE last_check_id != 0") }
        #expect(next.count == 4 && next.allSatisfy { (6 * 86_400...7 * 86_400 + 60).contains($0) }, "\(next)")
    }

    @Test func recheckIsConditionalAndA304KeepsWhatWasKnown() async throws {
        defer { media.stop(); chat.stop(); directory.remove() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let again = try await presskit("check", "loopback-visit", "--policies", "policies", "--format", "json")
        let links = try #require(try jsonObject(again.stdout)["links"] as? [[String: Any]])
        let photo = try #require(links.first { ($0["url"] as? String)?.hasSuffix("/photo.jpg") == true })
        #expect(photo["verdict"] as? String == "ok" && photo["http_status"] as? Int == 304)
        #expect(photo["content_type"] as? String == "image/jpeg", "a 304 keeps the type it confirms")
        #expect(media.requests("/photo.jpg").last?.headers["if-none-match"] == "\"v1\"")
    }

    @Test func notifyTellsEachChangeOnceThenReminds() async throws {
        defer { media.stop(); chat.stop(); directory.remove() }
        // Run 1: everything works; the first digest has nothing to say, so nothing is sent.
        let quiet = try await presskit("check", "--all", "--notify", "--policies", "policies", "--quiet")
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(chat.requestCount("/hook") == 0)

        // Run 2: one b-roll broke and the video was replaced.
        let changed = try await presskit("check", "--all", "--notify", "--policies", "policies", "--quiet")
        #expect(changed.status == 1)
        let digest = try #require(try digests().last)
        #expect(digest["schema"] as? String == "presskit.digest/1")
        let items = try #require(digest["items"] as? [[String: Any]])
        #expect(items.map { $0["kind"] as? String } == ["broke", "changed"])
        #expect((items[0]["used_by"] as? [[String: Any]])?.first?["title"] as? String == "B-roll that breaks")
        #expect((items[1]["detail"] as? String)?.contains("ETag \"a\" → \"b\"") == true)

        // Run 3, at once: nothing new, nothing sent. Run 4, after the 8 s reminder interval (long enough that run 3 comes before it on a loaded machine): a reminder.
        _ = try await presskit("check", "--all", "--notify", "--policies", "policies", "--quiet")
        #expect(chat.requestCount("/hook") == 1)
        try await Task.sleep(for: .milliseconds(8_100))
        _ = try await presskit("check", "--all", "--notify", "--policies", "policies", "--quiet")
        #expect(try digests().last.flatMap { $0["items"] as? [[String: Any]] }?.map { $0["kind"] as? String } == ["reminder"])
    }

    @Test func aSecondCheckOfTheSameDatabaseExitsOrWaits() async throws {
        defer { media.stop(); chat.stop(); directory.remove() }
        try directory.write("Catalog/slow.yaml", """
            event: {id: slow, title: Slow, type: other, start: 2023-01-01}
            assets: [{kind: video, title: Slow, url: "\(media.url("/slow.mp4"))"}]
            """)
        #expect(try await presskit("import").status == 0)
        // The first run's link is held until the test lets it go: its timeouts (the request's, the
        // silence allowed, the link's) must outlast the steps below on a loaded machine.
        try directory.write("patient/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 120s\nlow_speed_time: 120s\nlink_deadline: 180s\n")
        let first = try PresskitBinary.start(["check", "slow", "--policies", "patient"], in: directory.path)
        // Wait until the first run holds the lock (its file names the pid).
        let lock = directory.path("presskit.sqlite.check-lock")
        for _ in 0..<100 where !((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").contains("pid \(first.processIdentifier)") {
            try await Task.sleep(for: .milliseconds(50))
        }
        let refused = try await presskit("check", "loopback-visit", "--policies", "policies")
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("another presskit check is running on this database (pid \(first.processIdentifier)"))
        #expect(refused.stderr.contains("try again when it ends, or pass --wait"), "\(refused.stderr)")
        // A wait that runs out says so, rather than advising the --wait just given.
        let waitedTooLittle = try await presskit("check", "loopback-visit", "--policies", "policies", "--wait", "1s")
        #expect(waitedTooLittle.status == 4)
        #expect(waitedTooLittle.stderr.hasSuffix("it was still running after --wait 1s\n"), "\(waitedTooLittle.stderr)")
        // Let the first run finish its link a moment after the next run has started waiting.
        let release = Task { try await Task.sleep(for: .milliseconds(500)); slowRelease.open() }
        defer { release.cancel(); slowRelease.open() }
        let waited = try await presskit("check", "loopback-visit", "--policies", "policies", "--wait", "20s", "--quiet")
        #expect(waited.status == 0, "\(waited.stderr)")
        let firstStatus = try await PresskitBinary.wait(for: first)
        #expect(firstStatus == 0, "the first run finished its slow link (status \(firstStatus))")
    }

    @Test func theCronLineRunsTheDueCheck() async throws {
        defer { media.stop(); chat.stop(); directory.remove() }
        let printed = try await presskit("schedule", "--cron", "--policies", "policies", "--every", "10")
        #expect(printed.status == 0)
        let line = try #require(printed.stdout.split(separator: "\n").first { $0.hasPrefix("*/10 * * * * ") })
        let command = String(line.dropFirst("*/10 * * * * ".count)).replacingOccurrences(of: "\\%", with: "%")
        let status = try await onOwnThread { () -> Int32 in
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", command]
            try shell.run()
            shell.waitUntilExit()
            return shell.terminationStatus
        }
        #expect(status == 0, "the scheduled run itself succeeded")
        let log = try String(contentsOfFile: directory.path("presskit-check.log"), encoding: .utf8)
        #expect(!log.contains("error"), "\(log)")
        #expect(media.requests("/stable.mp4").filter { $0.method == "HEAD" }.count == 1, "the due check ran")
    }
}
