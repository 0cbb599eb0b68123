import Foundation
import Testing
import TestSupport

/// Whether `unshare -rn` can give a process an empty network namespace here (and `ip` configure it).
let networkNamespacesWork: Bool = {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
          FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") || FileManager.default.isExecutableFile(atPath: "/sbin/ip"),
          FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    else { return false }
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    probe.arguments = ["-rn", "true"]
    guard (try? probe.run()) != nil else { return false }
    probe.waitUntilExit()
    return probe.terminationStatus == 0
}()

/// Redirects from a public address to loopback in every spelling, through the built binary with the
/// default policy. A public first hop needs a network of its own: `unshare -rn` gives the run an
/// empty network namespace in which 198.51.100.7 (TEST-NET-2, public to the address policy) is put
/// on the loopback interface beside 127.0.0.1, and one server listens on both.
@Suite("Redirect tricks", .enabled(if: networkNamespacesWork, "unshare -rn or ip is not available"))
struct RedirectTrickTests {
    /// Where each redirect points: loopback, and a private range, spelled every way libcurl accepts.
    static let targets = [
        "127.0.0.1", "127.1", "127.0.1", "0x7f.1", "0x7f000001", "2130706433", "017700000001", "0177.0.0.1", "localhost",
        "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "0.0.0.0", "0", "[::]",
        "10.0.0.1", "192.168.0.1", "[::ffff:192.168.0.1]", "[fd00::1]",
    ]

    static let server = """
        import http.server, sys
        targets = sys.argv[1].split(",")
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def answer(self):
                with open("requests.log", "a") as log: log.write(self.path + "\\n")
                if self.path.startswith("/r/"):
                    self.send_response(302)
                    self.send_header("Location", "http://%s:8080/target" % targets[int(self.path[3:])])
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", "0")
                self.end_headers()
            do_GET = answer
            do_HEAD = answer
        http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
        """

    @Test func aRedirectToLoopbackOrAPrivateAddressIsBlockedInEverySpelling() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let assets = Self.targets.indices.map { "  - {kind: b-roll, title: Trick \($0), url: \"http://198.51.100.7:8080/r/\($0)\"}" }
        try directory.write("Catalog/tricks.yaml", """
            event: {id: tricks, title: Tricks, type: visit, start: 2023-11-19}
            assets:
            \(assets.joined(separator: "\n"))
            """)
        try directory.write("policies/link-check.yaml", "retries: 0\nconnect_timeout: 2s\ntotal_timeout: 5s\nprobe: never\n")
        try directory.write("server.py", Self.server)
        try directory.write("run.sh", """
            set -e
            ip link set lo up
            ip addr add 198.51.100.7/32 dev lo
            /usr/bin/python3 server.py '\(Self.targets.joined(separator: ","))' &
            server=$!
            for i in $(seq 100); do /usr/bin/python3 -c 'import socket; socket.create_connection(("198.51.100.7", 8080), 1)' 2>/dev/null && break; sleep 0.1; done
            "$PRESSKIT" import >/dev/null
            status=0
            "$PRESSKIT" check tricks --policies policies --format json > check.json || status=$?
            kill $server
            exit $status
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-rn", "sh", "run.sh"]
        process.currentDirectoryURL = directory.url
        var environment = ProcessInfo.processInfo.environment
        environment["PRESSKIT"] = try PresskitBinary.url.path
        environment.removeValue(forKey: "PRESSKIT_DB")
        process.environment = environment
        try process.run()
        let status = try await PresskitBinary.wait(for: process)
        #expect(status == 1, "blocked links fail the run")

        let report = try jsonObject(String(decoding: try Data(contentsOf: directory.url.appendingPathComponent("check.json")), as: UTF8.self))
        let links = try #require(report["links"] as? [[String: Any]])
        #expect(links.count == Self.targets.count)
        for link in links {
            let index = Int((link["url"] as? String ?? "").split(separator: "/").last ?? "") ?? -1
            let target = Self.targets.indices.contains(index) ? Self.targets[index] : "?"
            #expect(link["verdict"] as? String == "blocked", "\(target): \(link["verdict"] ?? "none") \(link["detail"] ?? "")")
            #expect((link["detail"] as? String)?.contains("allow_private_addresses is off") == true, "\(target)")
            #expect((link["hint"] as? String)?.contains("allow_private_addresses: true") == true, "\(target)")
            #expect((link["redirects"] as? [Any])?.count == 1, "\(target)")
        }
        // The first hops were answered; no redirect reached the server through loopback.
        let log = (try? String(contentsOf: directory.url.appendingPathComponent("requests.log"), encoding: .utf8)) ?? ""
        #expect(log.split(separator: "\n").filter { $0.hasPrefix("/r/") }.count == Self.targets.count)
        #expect(!log.contains("/target"))
    }
}
