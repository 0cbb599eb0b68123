import Foundation
import GRDB
import Synchronization
import Testing
import TestHTTPServer
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// How a check run is run and recorded, through the built binary: an outage of the machine's own
/// network, interruption by a signal, what is due, and what a scheduled run tells staff.
@Suite struct CheckRunTests: PresskitSuite {
    let directory: TemporaryDirectory
    let media: TestHTTPServer
    let chat: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        var routes: [String: Route] = [
            "/stable.mp4": .file(size: 1_000, contentType: "video/mp4"),
            "/photo.jpg": .file(size: 2_000, contentType: "image/jpeg"),
        ]
        for index in 0..<10 { routes["/fast\(index).jpg"] = .file(size: 100, contentType: "image/jpeg") }
        for index in 0..<50 { routes["/slow\(index).jpg"] = .slowFirstByte(20, then: .file(size: 100, contentType: "image/jpeg")) }
        media = try TestHTTPServer(routes: routes)
        chat = try TestHTTPServer(routes: ["/hook": .status(200)])
        try directory.write("Catalog/2023-11/visit.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: b-roll, title: Stable b-roll, url: "\(media.url("/stable.mp4"))"}
              - {kind: photo, title: Photo, url: "\(media.url("/photo.jpg"))"}
            """)
        try directory.write("Catalog/2023-11/abroad.yaml", """
            event: {id: abroad, title: Links on the internet, type: summit, start: 2023-11-28}
            assets:
              - {kind: b-roll, title: Summit b-roll, url: "https://www.nato.int/nato_static_fl2014/assets/b-roll.mp4"}
              - {kind: photo, title: Family photo, url: "https://media.example.org/photos/family.jpg"}
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\nconnect_timeout: 2s\ntotal_timeout: 30s\n")
        try directory.write("policies/notifications.yaml", "webhooks:\n  - {url: \"\(chat.url("/hook"))\", format: json}\n")
        try directory.write("quiet-policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\n")
        #expect(try await presskit("import").status == 0)
    }

    func database() throws -> DatabaseQueue { try DatabaseQueue(path: directory.path("presskit.sqlite")) }

    func stop() {
        media.stop()
        chat.stop()
        directory.remove()
    }

    /// Each link's recorded state (`-` for what a link never checked does not have), and how many
    /// checks the history holds.
    func recordedState() throws -> (links: [String], checks: Int) {
        let db = try database()
        defer { try? db.close() }
        return try db.read { db in
            (try String.fetchAll(db, sql: "SELECT url || ' ' || ifnull(verdict, '-') || ' ' || next_check_at || ' ' || ifnull(last_check_id, '-') FROM link ORDER BY url"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM link_check") ?? 0)
        }
    }

    // MARK: §1 An outage is not a mass breakage

    @Test(.enabled(if: PresskitBinary.withoutNetwork != nil, "needs `unshare -rn` (a network namespace)"))
    func anOutageRecordsNothingAndIsAnnouncedOncePerOutage() async throws {
        defer { stop() }
        let offline = try #require(PresskitBinary.withoutNetwork)
        // Given the loopback links checked once (due again in a week)…
        #expect(try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet").status == 0)
        let before = try recordedState()

        // …when every host fails, at DNS (the internet names) or at connect (127.0.0.1, loopback down),
        // twice in a row, with --notify…
        for _ in 0..<2 {
            let offlineRun = try await PresskitBinary.run(["check", "--all", "--notify", "--policies", "policies"],
                                                          in: directory.path, under: offline)
            #expect(offlineRun.status == 5, "\(offlineRun.stderr)")
            #expect(offlineRun.stdout == "")
            #expect(offlineRun.stderr.hasPrefix(
                "presskit: no host could be reached (3 of 3 failed: 2 at DNS, 1 to connect): the network or resolver looks down; nothing was recorded\n"),
                "\(offlineRun.stderr)")
        }
        // …nothing was recorded, no link changed, and one "could not run" notice waits in the outbox
        // (the webhook was out of reach too).
        let after = try recordedState()
        #expect(after.links == before.links)
        #expect(after.checks == before.checks)
        let db = try database()
        let queued = try await db.read { try String.fetchAll($0, sql: "SELECT payload FROM notification ORDER BY id") }
        try db.close()
        #expect(queued.count == 1, "one notice per outage, not one per run: \(queued)")
        #expect(queued.first?.contains("\"state\":\"could-not-run\"") == true)

        // When a later run reaches its hosts, the notice goes out, then "checks running again".
        let back = try await presskit("check", "loopback-visit", "--notify", "--policies", "policies", "--quiet")
        #expect(back.status == 0, "\(back.stderr)")
        let sent = try chat.requests("/hook").map { try jsonObject(String(decoding: $0.body, as: UTF8.self)) }
        #expect(sent.compactMap { ($0["checks"] as? [String: Any])?["state"] as? String } == ["could-not-run", "running-again"])
        let reason = (sent.first?["checks"] as? [String: Any])?["reason"] as? String
        #expect(reason?.contains("3 of 3 failed") == true)
        #expect(try recordedState().checks == before.checks + 2, "the run back online recorded its links")
    }

    @Test func oneDeadHostAmongWorkingOnesKeepsItsVerdict() async throws {
        defer { stop() }
        let dead = try RefusingPort()
        defer { withExtendedLifetime(dead) {} }
        let deadPort = dead.port
        try directory.write("Catalog/2023-11/visit.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: b-roll, title: Stable b-roll, url: "\(media.url("/stable.mp4"))"}
              - {kind: photo, title: Photo, url: "\(media.url("/photo.jpg"))"}
              - {kind: photo, title: Nobody listens, url: "http://127.0.0.1:\(deadPort)/gone.jpg"}
            """)
        #expect(try await presskit("import").status == 0)
        let result = try await presskit("check", "loopback-visit", "--policies", "policies", "--format", "json")
        #expect(result.status == 1, "\(result.stderr)")
        let links = try #require(try jsonObject(result.stdout)["links"] as? [[String: Any]])
        #expect(links.first { ($0["url"] as? String)?.contains(":\(deadPort)/") == true }?["verdict"] as? String == "refused")
        #expect(try recordedState().checks == 3)
    }

    /// In a namespace of its own where only loopback is up (no route anywhere else): working
    /// servers on 127.0.0.1 answer, so a dead port and a name that does not resolve are ordinary
    /// verdicts, recorded like any other.
    @Test(.enabled(if: PresskitBinary.withoutNetwork != nil && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip"),
                   "needs `unshare -rn` and ip(8)"))
    func withOnlyLoopbackUpADeadPortAmongWorkingServersKeepsItsVerdict() async throws {
        defer { stop() }
        let offline = try #require(PresskitBinary.withoutNetwork)
        try directory.write("www/a.jpg", "jpeg")
        try directory.write("www/b.jpg", "jpeg")
        try directory.write("Catalog/only-loopback.yaml", """
            event: {id: only-loopback, title: Only loopback, type: other, start: 2023-01-01}
            assets:
              - {kind: photo, title: A, url: "http://127.0.0.1:18080/a.jpg"}
              - {kind: photo, title: B, url: "http://127.0.0.1:18080/b.jpg"}
              - {kind: photo, title: Dead port, url: "http://127.0.0.1:18081/c.jpg"}
              - {kind: photo, title: Abroad, url: "https://media.example.org/photos/d.jpg"}
            """)
        // Loopback up, a static server on it, then the command given after the script's name.
        try directory.write("only-loopback.sh", """
            /usr/sbin/ip link set lo up || exit 90
            python3 -m http.server --bind 127.0.0.1 18080 --directory www >/dev/null 2>&1 &
            server=$!
            for attempt in $(seq 100); do
              python3 -c "import socket; socket.create_connection(('127.0.0.1', 18080))" 2>/dev/null && break
              sleep 0.1
            done
            "$@"
            status=$?
            kill $server
            exit $status
            """)
        #expect(try await presskit("import").status == 0)
        let result = try await PresskitBinary.run(["check", "only-loopback", "--policies", "policies", "--format", "json"],
                                                  in: directory.path, under: offline + ["/bin/sh", "only-loopback.sh"])
        #expect(result.status == 1, "\(result.stderr)")
        let links = try #require(try jsonObject(result.stdout)["links"] as? [[String: Any]])
        let verdicts = links.map { "\(($0["url"] as? String ?? "").split(separator: "/").last ?? "") \($0["verdict"] as? String ?? "")" }
        #expect(verdicts.sorted() == ["a.jpg ok", "b.jpg ok", "c.jpg refused", "d.jpg dns"])
        #expect(try recordedState().checks == 4, "every verdict recorded")
    }

    /// Both outage rules hold for a whole run, not just its start: a run whose only dead host came
    /// first still records it once a working host answers.
    @Test func aDeadHostBeforeTheFirstAnswerIsRecordedOnceAHostAnswers() async throws {
        defer { stop() }
        let dead = try RefusingPort()
        defer { withExtendedLifetime(dead) {} }
        let deadPort = dead.port
        try directory.write("Catalog/2023-11/visit.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: photo, title: Nobody listens, url: "http://127.0.0.1:\(deadPort)/a-gone.jpg"}
              - {kind: photo, title: Slow but there, url: "\(media.url("/fast0.jpg"))"}
            """)
        #expect(try await presskit("import").status == 0)
        let result = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        #expect(result.status == 1)
        #expect(try recordedState().links.filter { $0.contains(" refused ") }.count == 1)
    }

    /// On a terminal the bar shows what is done even when a burst of results is followed by a long
    /// wait: it drew the burst's first result and, redrawing at most ten times a second, dropped the
    /// rest until the stalled link ended ("1/11" for the whole wait with 10 done).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func theProgressBarShowsABurstBeforeALongWait() async throws {
        defer { stop() }
        var lines = ["event: {id: burst, title: Burst, type: other, start: 2023-01-01}", "assets:"]
        for index in 0..<10 { lines.append("  - {kind: photo, title: Fast \(index), url: \"\(media.url("/fast\(index).jpg"))\"}") }
        lines.append("  - {kind: photo, title: Slow, url: \"\(media.url("/slow0.jpg"))\"}")
        try directory.write("Catalog/burst.yaml", lines.joined(separator: "\n") + "\n")
        try directory.write("bar-policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 3s\nprobe: never\n")
        #expect(try await presskit("import").status == 0)
        // script(1) gives presskit a terminal for stderr and copies what it drew to its own stdout.
        let terminal = ["/bin/sh", "-c", "exec /usr/bin/script -qfec \"$*\" /dev/null", "sh"]
        let run = try await PresskitBinary.run(["check", "burst", "--policies", "bar-policies"], in: directory.path, under: terminal)
        let frames = run.stdout.split(separator: "\r").filter { $0.contains("failing") }
        #expect(frames.contains { $0.contains(" 10/11 ") }, "\(frames)")
        #expect(frames.last?.contains(" 11/11 ") == true, "\(frames)")
    }

    // MARK: §4 Interrupted runs say so

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptedRunSaysWhatItRecorded(signal: Int32, status: Int32) async throws {
        defer { stop() }
        var lines = ["event: {id: slow, title: Slow, type: other, start: 2023-01-01}", "assets:"]
        for index in 0..<10 { lines.append("  - {kind: photo, title: F\(index), url: \"\(media.url("/fast\(index).jpg"))\"}") }
        for index in 0..<50 { lines.append("  - {kind: photo, title: S\(index), url: \"\(media.url("/slow\(index).jpg"))\"}") }
        try directory.write("Catalog/slow.yaml", lines.joined(separator: "\n") + "\n")
        #expect(try await presskit("import").status == 0)
        let run = try PresskitBinary.start(["check", "slow", "--policies", "policies"], in: directory.path)
        // Wait until the ten fast links are recorded; the fifty slow ones hang for 20 s.
        var recorded = 0
        for _ in 0..<200 where recorded < 10 {
            try await Task.sleep(for: .milliseconds(50))
            recorded = (try? recordedState().checks) ?? 0
        }
        #expect(recorded == 10)
        kill(run.processIdentifier, signal)
        let exit = try await PresskitBinary.wait(for: run)
        let stderr = String(decoding: (run.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(exit == status)
        let checks = try recordedState().checks
        #expect(stderr.contains("interrupted: \(checks) of 60 links checked and recorded; run it again to finish"), "\(stderr)")
        #expect(checks >= 10 && checks < 60)
    }

    // MARK: §3 Due means due

    @Test func linksCheckedAfterAnImportAreNotDueAgain() async throws {
        defer { stop() }
        #expect(try await presskit("check", "loopback-visit", "--policies", "quiet-policies", "--quiet").status == 0)
        let due = try await presskit("check", "--due", "--dry-run", "--policies", "quiet-policies")
        #expect(due.status == 0)
        #expect(!due.stdout.contains("stable.mp4") && !due.stdout.contains("photo.jpg"), "\(due.stdout)")
        #expect(due.stdout.contains("www.nato.int"), "the unchecked event's links still are: \(due.stdout)")
    }

    @Test func aDryRunWithNothingDueSaysSo() async throws {
        defer { stop() }
        // Given a catalogue of loopback links only (no test leaves loopback), all checked a moment ago,
        try FileManager.default.removeItem(atPath: directory.path("Catalog/2023-11/abroad.yaml"))
        #expect(try await presskit("import").status == 0)
        #expect(try await presskit("check", "loopback-visit", "--policies", "quiet-policies", "--quiet").status == 0)
        // a dry run says in words that nothing is due, not with an empty table.
        let due = try await presskit("check", "--due", "--dry-run", "--policies", "quiet-policies")
        #expect(due.status == 0)
        #expect(due.stdout == "Nothing is due.\n", "\(due.stdout)")
    }

    @Test func aDryRunWritesNothingAndSaysWhyEachLinkIsDue() async throws {
        defer { stop() }
        let today = Date().formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
        try directory.write("Catalog/2023-11/abroad.yaml", """
            event: {id: live-summit, title: Summit today, type: summit, start: \(today)}
            assets:
              - {kind: photo, title: Working, url: "\(media.url("/fast1.jpg"))"}
              - {kind: photo, title: Failing, url: "\(media.url("/missing.jpg"))"}
            """)
        #expect(try await presskit("import").status == 0)
        _ = try await presskit("check", "--all", "--policies", "quiet-policies", "--quiet")
        // The visit changes (a new photo); as if time had passed, the summit's links fall due.
        try directory.write("Catalog/2023-11/visit.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: b-roll, title: Stable b-roll, url: "\(media.url("/stable.mp4"))"}
              - {kind: photo, title: Photo, url: "\(media.url("/photo.jpg"))"}
              - {kind: photo, title: New photo, url: "\(media.url("/fast2.jpg"))"}
            """)
        #expect(try await presskit("import").status == 0)
        // As if time had passed, the summit's links fall due.
        let db = try database()
        let fallenDue = try await db.write { db in
            try db.execute(sql: "UPDATE link SET next_check_at = 0 WHERE url LIKE '%/fast1.jpg' OR url LIKE '%/missing.jpg'")
            return db.changesCount
        }
        try db.close()
        #expect(fallenDue == 2)
        let file = URL(fileURLWithPath: directory.path("presskit.sqlite"))
        let bytesBefore = try Data(contentsOf: file)

        let listed = try await presskit("check", "--due", "--dry-run", "--policies", "quiet-policies")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(try Data(contentsOf: file) == bytesBefore, "the dry run wrote nothing")

        let rows = listed.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.first == "URL WHY PHASE EVENTS")
        func row(_ path: String) -> String? {
            rows.first { $0.hasPrefix(media.url(path) + " ") }.map { String($0.dropFirst(media.url(path).count + 1)) }
        }
        #expect(row("/fast2.jpg") == "new archived loopback-visit")
        #expect(row("/stable.mp4") == "event changed archived loopback-visit")
        #expect(row("/fast1.jpg") == "phase live: every 1h live live-summit")
        #expect(row("/missing.jpg") == "failing: backoff 15m live live-summit")
    }

    // MARK: §5 Messages

    @Test func notifyWithoutChannelsSaysNothingWasSent() async throws {
        defer { stop() }
        let result = try await presskit("check", "loopback-visit", "--notify", "--policies", "quiet-policies", "--quiet")
        #expect(result.status == 0)
        #expect(result.stderr == "presskit: no notification channels in quiet-policies/notifications.yaml: nothing sent\n")
    }

    @Test func aFileEditedSinceTheImportIsWarnedAboutAndNotImported() async throws {
        defer { stop() }
        try directory.write("Catalog/2023-11/visit.yaml", """
            event: {id: loopback-visit, title: Loopback visit renamed, type: visit, start: 2023-11-19}
            assets:
              - {kind: b-roll, title: Stable b-roll, url: "\(media.url("/stable.mp4"))"}
            """)
        let warning = "presskit: warning: Catalog/2023-11/visit.yaml changed since the last import: run presskit import\n"
        for arguments in [["assets", "loopback"], ["show", "loopback"], ["manifest", "loopback"], ["manifest", "--all", "-o", "site"],
                          ["check", "loopback", "--policies", "quiet-policies"]] {
            let result = try await PresskitBinary.run(arguments, in: directory.path)
            #expect(result.stderr.components(separatedBy: warning).count == 2, "once for \(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("abroad.yaml"))
        }
        let shown = try await presskit("show", "loopback", "--format", "json")
        #expect(shown.stdout.contains("\"Loopback visit\""), "nothing imported behind the user's back")
        #expect(try await presskit("events").stderr == "", "a command that shows no file's content does not warn")
        #expect(try await presskit("import").status == 0)
        #expect(try await presskit("assets", "loopback").stderr == "")
    }

    // MARK: §2 `changed` means the file changed

    /// A page and a file whose ETag and Last-Modified are new at every request (the page's length
    /// varies too, as a CSRF token's would): the page is reported changed only when what a reader
    /// sees changes; the file is reported, then marked volatile once, then left alone.
    @Test func changedFollowsWhatAReaderSeesAndVolatileValidatorsAreSaidOnce() async throws {
        defer { stop() }
        let title = Mutex("Summit opens")
        let page = Self.stampedEveryRequest(contentType: "text/html; charset=utf-8") { nth in
            let current = title.withLock { $0 }
            return Array("""
                <html><head><title>\(current)</title><meta property="og:title" content="\(current)">
                <link rel="canonical" href="https://www.example.org/summit"></head>
                <body><form><input type="hidden" name="csrf" value="\(String(repeating: "t", count: 10 + nth % 7))"></form></body></html>
                """.utf8)
        }
        let file = Self.stampedEveryRequest(contentType: "video/mp4") { _ in [UInt8](repeating: 0x41, count: 4_000) }
        let server = try TestHTTPServer(routes: ["/summit.html": page, "/clip.mp4": file])
        defer { server.stop() }
        try directory.write("Catalog/changing.yaml", """
            event: {id: changing, title: Changing, type: summit, start: 2023-11-28}
            stories:
              - {id: summit-story, headline: Summit, date: 2023-11-28, webstory: "\(server.url("/summit.html"))"}
            assets:
              - {kind: b-roll, title: Clip, url: "\(server.url("/clip.mp4"))"}
            """)
        #expect(try await presskit("import").status == 0)
        func run() async throws -> [[String: Any]]? {
            let before = chat.requestCount("/hook")
            let result = try await presskit("check", "changing", "--notify", "--policies", "policies", "--quiet")
            #expect(result.status == 0, "\(result.stderr)")
            guard chat.requestCount("/hook") > before, let last = chat.requests("/hook").last else { return nil }
            return try jsonObject(String(decoding: last.body, as: UTF8.self))["items"] as? [[String: Any]]
        }
        func describe(_ items: [[String: Any]]?) -> [String] {
            (items ?? []).map { "\($0["kind"] as? String ?? "") \(($0["url"] as? String ?? "").replacingOccurrences(of: server.url(""), with: ""))" }
        }

        #expect(try await run() == nil, "the first check is no news")
        let second = try await run()
        #expect(describe(second) == ["changed /clip.mp4"], "the file's validators changed; the page's title did not")
        let third = try await run()
        #expect(describe(third) == ["changed /clip.mp4"])
        #expect((third?.first?["detail"] as? String)?.contains("marked volatile") == true, "\(third ?? [])")
        #expect(try await run() == nil, "a volatile file is not reported again, nor the page")

        title.withLock { $0 = "Summit closes" }
        let retitled = try await run()
        #expect(describe(retitled) == ["changed /summit.html"])
        #expect((retitled?.first?["detail"] as? String)?.hasPrefix("title \"Summit opens\" → \"Summit closes\"") == true, "\(retitled ?? [])")
    }

    /// Serves `body(n)` for the nth request with a new ETag and a Last-Modified of the moment.
    static func stampedEveryRequest(contentType: String, body: @escaping @Sendable (Int) -> [UInt8]) -> Route {
        Route { request, nth, connection in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let headers = [("ETag", "\"r\(nth)\""), ("Last-Modified", formatter.string(from: Date()))]
            return Route.bytes(body(nth), contentType: contentType, headers: headers).respond(request, nth, connection)
        }
    }
}
