import Foundation
import GRDB
import Testing
import TestHTTPServer
import TestSupport

/// `presskit check` run as a binary against servers on 127.0.0.1 that the tests start.
@Suite struct CheckTests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/broll.mp4": .file(size: 5_000_000, contentType: "video/mp4"),
            "/gone.mp4": .status(404),
            "/moved.mp4": .redirect(301, to: "/broll.mp4"),
            "/login.mp4": .status(200, headers: [("Content-Type", "text/html")], body: "<html>Please log in</html>"),
            "/story.htm": .status(200, headers: [("Content-Type", "text/html; charset=utf-8")], body: "<html>story</html>"),
            "/photo.jpg": .file(size: 20_000, contentType: "image/jpeg"),
        ])
        try directory.write("Catalog/loopback.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            stories:
              - id: lb-story
                headline: A story served on loopback
                date: 2023-11-20
                webstory: \(server.url("/story.htm"))
                assets:
                  - {kind: b-roll, title: B-roll, url: "\(server.url("/broll.mp4"))"}
                  - {kind: video, title: Same file again, url: "\(server.url("/broll.mp4"))"}
                  - {kind: video, title: Gone, url: "\(server.url("/gone.mp4"))"}
                  - {kind: b-roll, title: Moved, url: "\(server.url("/moved.mp4"))"}
                  - {kind: b-roll, title: Behind a login, url: "\(server.url("/login.mp4"))"}
                  - {kind: photo, title: Photo, url: "\(server.url("/photo.jpg"))"}
            """)
        try directory.write("policies/link-check.yaml", """
            allow_private_addresses: true
            connect_timeout: 2s
            total_timeout: 5s
            retries: 0
            """)
        #expect(try await presskit("import").status == 0)
    }

    func verdicts(_ document: [String: Any]) throws -> [String: String] {
        let links = try #require(document["links"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: links.map { (($0["url"] as? String ?? "").replacingOccurrences(of: server.url(""), with: ""), $0["verdict"] as? String ?? "") })
    }

    @Test func givesEachLinkItsVerdictAndFetchesAURLOnce() async throws {
        defer { server.stop(); directory.remove() }
        let result = try await presskit("check", "loopback", "--policies", "policies", "--format", "json")
        #expect(result.status == 1, "a broken link fails the run: \(result.stderr)")
        #expect(result.stderr == "", "no progress bar when stderr is not a terminal")
        let document = try jsonObject(result.stdout)
        #expect(document["schema"] as? String == "presskit.check/1")
        #expect(try verdicts(document) == [
            "/broll.mp4": "ok", "/gone.mp4": "broken", "/moved.mp4": "redirected", "/login.mp4": "wrong-type",
            "/story.htm": "ok", "/photo.jpg": "ok",
        ])
        let links = try #require(document["links"] as? [[String: Any]])
        let moved = try #require(links.first { ($0["url"] as? String)?.hasSuffix("/moved.mp4") == true })
        #expect(moved["new_url"] as? String == server.url("/broll.mp4"))
        let broll = try #require(links.first { ($0["url"] as? String)?.hasSuffix("/broll.mp4") == true })
        #expect(broll["content_length"] as? Int == 5_000_000)
        #expect((broll["used_by"] as? [String])?.count == 2)
        #expect(server.requests("/broll.mp4").filter { $0.method == "HEAD" }.count == 2, "once for itself, once as the redirect's target")
        // A check never downloads the file: HEAD, and a probe of its first 16 KiB (it is no known format),
        // once for itself and once as the redirect's target.
        #expect(server.requests("/broll.mp4").filter { $0.method == "GET" }.map { $0.headers["range"] } == ["bytes=0-16383", "bytes=0-16383"])
    }

    /// A check leaves the database file whole: no `-wal` or `-shm` beside it once it has exited
    /// (staff copy the file alone to back it up). It used to, now and then, when the process ended
    /// while its last checkpoint ran; five runs in a row make that likely to show.
    @Test func leavesNoWriteAheadLogBehind() async throws {
        defer { server.stop(); directory.remove() }
        for _ in 0..<5 {
            let result = try await presskit("check", "loopback-visit", "--policies", "policies", "--format", "json")
            #expect(result.status == 1, "\(result.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("presskit.sqlite-") }
            #expect(left.isEmpty, "\(left)")
        }
    }

    /// The listing reaches stdout whole whatever stdout is: a pipe or a file, where the kernel copies
    /// it (`sendfile`), or a file opened to append, where `sendfile` refuses and it is copied in blocks.
    @Test func writesTheWholeListingToAPipeAFileAndAFileOpenedToAppend() async throws {
        defer { server.stop(); directory.remove() }
        let arguments = ["check", "loopback-visit", "--policies", "policies", "--format", "json"]
        let piped = try await presskit(arguments)
        let expected = try verdicts(try jsonObject(piped.stdout))
        #expect(expected.count == 6)
        try directory.write("appended.json", "before\n")
        for (name, redirect) in [("written.json", ">"), ("appended.json", ">>")] {
            let result = try await PresskitBinary.run(arguments, in: directory.path,
                                                      under: ["/bin/sh", "-c", "exec \"$0\" \"$@\" \(redirect) \(name)"])
            #expect(result.status == 1, "\(result.stderr)")
            var text = try String(contentsOfFile: directory.path + "/" + name, encoding: .utf8)
            if redirect == ">>" {
                #expect(text.hasPrefix("before\n{\n"), "appended after what the file held")
                text.removeFirst("before\n".count)
            }
            #expect(try verdicts(try jsonObject(text)) == expected, "\(name)")
            #expect(text.hasSuffix("\n}\n"))
        }
    }

    @Test func refusesLoopbackUnlessThePolicyAllowsIt() async throws {
        defer { server.stop(); directory.remove() }
        try directory.write("strict/link-check.yaml", "retries: 0\n")
        let result = try await presskit("check", "loopback-visit", "--policies", "strict", "--format", "json")
        #expect(result.status == 1)
        #expect(Set(try verdicts(try jsonObject(result.stdout)).values) == ["blocked"])
        #expect(server.acceptedConnections == 0, "nothing was contacted")
    }

    @Test func recordsHistoryAndShowsHealthInTheAssetList() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let listed = try jsonObject(try await presskit("assets", "loopback-visit", "--format", "json").stdout)
        let assets = try #require(listed["assets"] as? [[String: Any]])
        let gone = try #require(assets.first { $0["title"] as? String == "Gone" }?["health"] as? [String: Any])
        #expect(gone["verdict"] as? String == "broken")
        #expect(gone["http_status"] as? Int == 404)
        #expect(gone["consecutive_failures"] as? Int == 2)
        let broll = try #require(assets.first { $0["title"] as? String == "B-roll" }?["health"] as? [String: Any])
        #expect(broll["content_type"] as? String == "video/mp4")
        #expect(broll["consecutive_failures"] as? Int == 0)
        #expect(broll["last_ok"] != nil)
        let table = try await presskit("assets", "loopback-visit")
        #expect(table.stdout.contains("broken 404"))
        #expect(table.stdout.contains("5.0 MB"))
    }

    @Test func historySurvivesAnAssetsRemovalFromTheCatalogue() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let file = directory.path("Catalog/loopback.yaml")
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let without = original.split(separator: "\n").filter { !$0.contains("title: Gone") }.joined(separator: "\n") + "\n"
        try without.write(toFile: file, atomically: true, encoding: .utf8)
        let removed = try jsonObject(try await presskit("import", "--format", "json").stdout)
        #expect((removed["assets"] as? [String: Int])?["removed"] == 1)
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try await presskit("import")
        let listed = try jsonObject(try await presskit("assets", "loopback-visit", "--format", "json").stdout)
        let gone = (listed["assets"] as? [[String: Any]])?.first { $0["title"] as? String == "Gone" }
        let health = try #require(gone?["health"] as? [String: Any], "the link's history came back with the asset")
        #expect(health["verdict"] as? String == "broken")
    }

    @Test func writesTextJUnitAndMarkdownAndHonoursFailOn() async throws {
        defer { server.stop(); directory.remove() }
        let text = try await presskit("check", "loopback-visit", "--policies", "policies")
        #expect(text.stdout.contains("broken        \(server.url("/gone.mp4")) (HTTP 404)\n"), "the status said once")
        #expect(text.stdout.contains("redirected    \(server.url("/moved.mp4")) → \(server.url("/broll.mp4"))"))
        #expect(text.stdout.contains("\n6 links checked in "))
        #expect(text.stdout.hasSuffix(" s: 3 ok, 1 broken, 1 redirected, 1 wrong-type; 5 files probed, 49 KB read.\n"))
        let junit = try await presskit("check", "loopback-visit", "--policies", "policies", "--format", "junit")
        #expect(junit.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>"))
        #expect(junit.stdout.contains("tests=\"6\" failures=\"2\""))
        #expect(junit.stdout.contains("<failure type=\"broken\" message=\"HTTP 404\">"))
        let markdown = try await presskit("check", "loopback-visit", "--policies", "policies", "--format", "markdown")
        let gone = server.url("/gone.mp4")
        #expect(markdown.stdout.contains("| broken | [`\(gone)`](\(gone)) | HTTP 404 |"))
        for output in [text.stdout, junit.stdout, markdown.stdout] {
            #expect(!output.contains("HTTP 404: HTTP 404"))
        }
        let onlyTLS = try await presskit("check", "loopback-visit", "--policies", "policies", "--fail-on", "TLS", "--quiet")
        #expect(onlyTLS.status == 0, "verdicts in any case: \(onlyTLS.stderr)")
        let upperCase = try await presskit("check", "loopback-visit", "--policies", "policies", "--format", "JSON", "--kind", "Video", "--fail-on", "Broken,DNS")
        #expect(upperCase.status == 1, "\(upperCase.stderr)")
        #expect(Set(try verdicts(try jsonObject(upperCase.stdout)).keys) == ["/broll.mp4", "/gone.mp4"], "only the videos' links")
        let bad = try await presskit("check", "loopback-visit", "--fail-on", "brokn")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown verdict 'brokn'"))
        #expect(try await presskit("check").status == 2, "name events or --all")
        #expect(try await presskit("check", "--all", "--policies", "missing-folder").status == 2)
    }

    /// `presskit check EVENT` started on ten fast links (`/fast` of `slow`) and `slowLinks` whose
    /// answer `slow` holds back (`/slow`), returned once the fast ones are committed (waiting at
    /// most 20 s), with the database open.
    func checkWithSlowLinks(event: String, slowLinks: Int, on slow: TestHTTPServer) async throws -> (Process, DatabaseQueue) {
        var yaml = "event: {id: \(event), title: Slow links, type: other, start: 2023-01-01}\nassets:\n"
        for n in 0..<10 { yaml += "  - {kind: video, title: Fast \(n), url: '\(slow.url("/fast"))?n=\(n)'}\n" }
        for n in 0..<slowLinks { yaml += "  - {kind: video, title: Slow \(n), url: '\(slow.url("/slow"))?n=\(n)'}\n" }
        try directory.write("Catalog/\(event).yaml", yaml)
        #expect(try await presskit("import").status == 0)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\ntotal_timeout: 20s\nlow_speed_time: 20s\nretries: 0\n")
        let run = try PresskitBinary.start(["check", event, "--policies", "policies"], in: directory.path)
        let database = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline,
              try await database.read({ try Int.fetchOne($0, sql: "SELECT count(*) FROM link WHERE last_check_id != 0") }) ?? 0 < 10 {
            try await Task.sleep(for: .milliseconds(50))
        }
        return (run, database)
    }

    /// While a check runs, its bookkeeping threads (recording, collecting, reading targets) are ten
    /// nice levels below the engine thread, which is never lowered.
    @Test func bookkeepingRunsBelowTheEngineThread() async throws {
        defer { server.stop(); directory.remove() }
        // The slow link outlasts any busy runner's delays: the run is killed once /proc is read.
        let slow = try TestHTTPServer(routes: ["/slow": .slowFirstByte(30), "/fast": .file(size: 10, contentType: "video/mp4")])
        defer { slow.stop() }
        errno = 0
        let base = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        try #require(errno == 0 && base < 19, "the tests run at a nice value that can go lower")
        // Once the fast links are committed, bookkeeping has run; the slow link keeps the run going.
        let (run, database) = try await checkWithSlowLinks(event: "nice-test", slowLinks: 1, on: slow)
        let committed = try await database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM link WHERE last_check_id != 0") }
        try database.close()
        try #require(committed == 10, "the fast links were committed within 20 s")
        var niceByThread: [(name: String, nice: Int32)] = []
        let tasks = "/proc/\(run.processIdentifier)/task"
        for thread in try FileManager.default.contentsOfDirectory(atPath: tasks) {
            guard let name = try? String(contentsOfFile: "\(tasks)/\(thread)/comm", encoding: .utf8),
                  let stat = try? String(contentsOfFile: "\(tasks)/\(thread)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the name's closing parenthesis start at the third, the state; nice is the 19th.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 16, let nice = Int32(fields[16]) { niceByThread.append((name.trimmingCharacters(in: .newlines), nice)) }
        }
        kill(run.processIdentifier, SIGKILL)
        _ = try await PresskitBinary.wait(for: run)
        // The engine has the nice value of the thread that started the run: the process's, or
        // where Dispatch runs a task of higher QoS at a lower nice value (as root), that one.
        let engine = try #require(niceByThread.first { $0.name == "presskit-engine" }, "\(niceByThread)")
        #expect(engine.nice <= base, "\(niceByThread)")
        #expect(niceByThread.contains { $0.nice == min(19, engine.nice + 10) }, "some bookkeeping thread was lowered: \(niceByThread)")
    }

    /// Given fast links and links whose server waits 5 s before answering, when the run is killed
    /// with SIGKILL after the fast ones were reported, then their results are in the database, which
    /// passes SQLite's integrity check, and the next run carries on.
    @Test func aKilledRunKeepsWhatItHadChecked() async throws {
        defer { server.stop(); directory.remove() }
        let slow = try TestHTTPServer(routes: ["/slow": .slowFirstByte(15), "/fast": .file(size: 10, contentType: "video/mp4")])
        defer { slow.stop() }
        // Killed once the fast links are committed, while the slow ones are in flight.
        let (run, database) = try await checkWithSlowLinks(event: "kill-test", slowLinks: 4, on: slow)
        kill(run.processIdentifier, SIGKILL)
        _ = try await PresskitBinary.wait(for: run)
        #expect(run.terminationReason == .uncaughtSignal, "killed while the slow links were still pending")

        #expect(try await database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        let checked = try await database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM link WHERE last_check_id != 0 AND url LIKE '%/fast?%'") }
        #expect(checked == 10, "every fast link reported before the kill was kept")
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM link WHERE last_check_id != 0 AND url LIKE '%/slow?%'") } == 0)
        try database.close()

        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\ntotal_timeout: 1s\nretries: 0\n")
        let next = try await presskit("check", "kill-test", "--policies", "policies", "--format", "json")
        #expect(next.status == 1, "the slow links now time out")
        #expect(try jsonObject(next.stdout)["counts"] as? [String: Int] == ["ok": 10, "timeout": 4])
    }
}
