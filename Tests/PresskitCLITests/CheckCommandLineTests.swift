import Foundation
import GRDB
import Testing
import TestHTTPServer
import TestSupport

/// `presskit check` command lines read without ArgumentParser (Sources/presskit/CheckCommandLine.swift)
/// mean exactly what ArgumentParser makes of them, and everything else still reaches ArgumentParser.
@Suite struct CheckCommandLineTests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/broll.mp4": .file(size: 50_000, contentType: "video/mp4"),
            "/gone.mp4": .status(404),
            "/photo.jpg": .file(size: 20_000, contentType: "image/jpeg"),
        ])
        try directory.write("Catalog/loopback.yaml", """
            event: {id: loopback-visit, title: Loopback visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: b-roll, title: B-roll, url: "\(server.url("/broll.mp4"))"}
              - {kind: video, title: Gone, url: "\(server.url("/gone.mp4"))"}
              - {kind: photo, title: Photo, url: "\(server.url("/photo.jpg"))"}
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 5s\n")
        #expect(try await presskit("import", "--db", "imported.sqlite").status == 0)
    }

    /// What a run said and recorded, with what differs between any two runs (times, run ids, the
    /// database's folder) taken out.
    struct Outcome: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
        var recorded: [String]
    }

    /// `arguments` run on a fresh copy of the imported database in `folder`; through ArgumentParser
    /// with a `--` at the end, which changes nothing it reads and leaves the line to it.
    func outcome(_ arguments: [String], in folder: String, throughArgumentParser: Bool) async throws -> Outcome {
        try FileManager.default.createDirectory(atPath: directory.path(folder), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: directory.path("imported.sqlite"), toPath: directory.path(folder + "/presskit.sqlite"))
        let run = try await presskit(arguments + ["--db", folder + "/presskit.sqlite"] + (throughArgumentParser ? ["--"] : []))
        let recorded = try await DatabaseQueue(path: directory.path(folder + "/presskit.sqlite")).read { db in
            try String.fetchAll(db, sql: "SELECT url || ' ' || verdict FROM link_check ORDER BY url")
        }
        func plain(_ text: String) -> String {
            text.replacingOccurrences(of: folder + "/", with: "")
                .replacingOccurrences(of: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "RUN", options: .regularExpression)
                .replacingOccurrences(of: #"[0-9]+(\.[0-9]+)?(e-?[0-9]+)?"#, with: "N", options: .regularExpression)
        }
        return Outcome(status: run.status, stdout: plain(run.stdout), stderr: plain(run.stderr), recorded: recorded)
    }

    @Test(arguments: [
        ["check", "--all", "--policies", "policies", "--format", "json"],
        ["check", "loopback", "--policies=policies", "--format=JSON", "--quiet"],
        ["check", "--kind", "photo", "--kind=b-roll", "loopback-visit", "--policies", "policies", "--format", "junit"],
        ["check", "--due", "--max-urls", "2", "--policies", "policies", "--format", "markdown"],
        ["check", "--due", "--dry-run", "--policies", "policies"],
        ["check", "--all", "--no-probe", "--concurrency", "2", "--max-duration", "1m", "--wait=5s", "--policies", "policies"],
        ["check", "--probe", "--notify", "--all", "--policies", "policies", "--format", "text"],
        ["check", "--all"],
        ["check", "no-such-event", "--policies", "policies"],
    ])
    func aPlainCheckMeansWhatArgumentParserReads(arguments: [String]) async throws {
        defer { server.stop(); directory.remove() }
        let quick = try await outcome(arguments, in: "quick", throughArgumentParser: false)
        let parsed = try await outcome(arguments, in: "parsed", throughArgumentParser: true)
        #expect(quick == parsed, "\(arguments)")
        // Not vacuous: each of these checks something, lists what is due, or says what is wrong.
        #expect(!quick.recorded.isEmpty || !(quick.stdout + quick.stderr).isEmpty, "\(arguments)")
    }

    /// Forms the shortcut does not read: ArgumentParser's own answers, as before it existed.
    @Test func everythingElseGetsArgumentParsersAnswer() async throws {
        defer { server.stop(); directory.remove() }
        let refused: [([String], String)] = [
            (["check"], "presskit: error: name the events to check, or pass --all or --due"),
            (["check", "--all", "--due"], "presskit: error: name events, or pass --all or --due, not several"),
            (["check", "--all", "--max-urls", "2"], "presskit: error: --max-urls applies to --due"),
            (["check", "--due", "--max-urls", "0"], "presskit: error: --max-urls must be at least 1"),
            (["check", "--due", "--kind", "photo"], "presskit: error: --due checks every due link; --kind does not apply"),
            (["check", "--all", "--format", "xml"], "presskit: error: The value 'xml' is invalid for '--format <format>'"),
            (["check", "--all", "--max-duration", "soon"], "presskit: error: The value 'soon' is invalid for '--max-duration <duration>'"),
            (["check", "--all", "--fail-on", "fainted"], "presskit: error: The value 'fainted' is invalid for '--fail-on <verdict>'"),
            (["check", "--all", "-q"], "presskit: error: Unknown option '-q'"),
        ]
        for (arguments, message) in refused {
            let run = try await presskit(arguments + ["--db", "imported.sqlite"])
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix(message), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(arguments)")
        }
        let help = try await presskit("check", "--all", "--help")
        #expect(help.status == 0 && help.stdout.contains("USAGE: presskit check"), "\(help.stderr)")
        // `--fail-on` is ArgumentParser's to read: here it makes the broken link pass.
        let failOn = try await presskit("check", "--all", "--policies", "policies", "--fail-on", "timeout", "--db", "imported.sqlite")
        #expect(failOn.status == 0, "\(failOn.stderr)")
    }
}
