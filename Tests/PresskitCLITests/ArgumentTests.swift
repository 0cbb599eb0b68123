import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// Option values parsed once into typed values (durations, points in time, verdict names), run
/// through the built binary: a bad value is one error line that says what form was expected, and
/// a good one, in any case, does what it says.
@Suite struct ArgumentTests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/clip.mp4": .file(size: 20_000, contentType: "video/mp4"),
            "/gone.mp4": .status(404),
            "/slow.mp4": .slowFirstByte(20, then: .file(size: 1_000, contentType: "video/mp4")),
        ])
        try directory.write("Catalog/visit.yaml", """
            event: {id: argument-visit, title: Argument visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: video, title: Clip, url: "\(server.url("/clip.mp4"))"}
              - {kind: video, title: Gone, url: "\(server.url("/gone.mp4"))"}
            """)
        try directory.write("Slow/slow.yaml", """
            event: {id: slow-visit, title: Slow visit, type: visit, start: 2023-11-19}
            assets:
              - {kind: video, title: Slow, url: "\(server.url("/slow.mp4"))"}
            """)
        try directory.write("policies/link-check.yaml", """
            allow_private_addresses: true
            connect_timeout: 2s
            total_timeout: 30s
            retries: 0
            """)
        #expect(try await presskit("import").status == 0)
    }

    /// Exit 2, one `presskit: error:` line naming the value and the option, then the form expected.
    func expectRefused(_ arguments: [String], value: String, option: String, saying expected: String,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let result = try await PresskitBinary.run(arguments, in: directory.path)
        #expect(result.status == 2, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("presskit: error: ") }
        #expect(errors == ["presskit: error: The value '\(value)' is invalid for '\(option)': \(expected)"],
                "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func aBadDurationSaysWhatADurationLooksLike() async throws {
        defer { server.stop(); directory.remove() }
        let expected = "not a duration like 90s, 12m or 2h (at most 7d)"
        for (option, value) in [("--max-duration", "12q"), ("--max-duration", "-5s"), ("--wait", "soon"), ("--wait", "8d")] {
            try await expectRefused(["check", "--all", "\(option)=\(value)"], value: value, option: "\(option) <duration>", saying: expected)
        }
    }

    @Test func aBadTimeSaysWhatATimeLooksLike() async throws {
        defer { server.stop(); directory.remove() }
        for value in ["soon", "2023-13-45", "2023-11-20T09:00:00"] {
            try await expectRefused(["manifest", "argument-visit", "--as-of", value], value: value, option: "--as-of <time>",
                                    saying: "not a date (2023-11-20) or an RFC 3339 time with zone (2023-11-20T09:00:00+01:00)")
        }
        // 4000 days reach back further than a report may (ten years).
        for value in ["last tuesday", "4000d"] {
            try await expectRefused(["report", "--since", value], value: value, option: "--since <time>",
                                    saying: "not a time (2023-11-20T09:00:00+01:00), a date (2023-11-20) or a span back from now (24h, 7d)")
        }
        #expect(try await presskit("report", "--since", "3000d").status == 0, "a span within ten years")
        #expect(try await presskit("manifest", "argument-visit", "--as-of", "2023-11-20T09:00:00+01:00").status == 0)
    }

    @Test func aBadVerdictIsNamedAmongTheOthersInTheList() async throws {
        defer { server.stop(); directory.remove() }
        let names = "ok, redirected, broken, server-error, rate-limited, timeout, dns, refused, reset, tls, wrong-type, too-large, blocked, unverifiable, off-spec"
        try await expectRefused(["check", "argument-visit", "--fail-on", "brokn"], value: "brokn", option: "--fail-on <verdict>",
                                saying: "unknown verdict 'brokn'; use \(names)")
        try await expectRefused(["check", "argument-visit", "--fail-on", "Broken,Stale,dsn"], value: "Broken,Stale,dsn", option: "--fail-on <verdict>",
                                saying: "unknown verdict 'stale', 'dsn'; use \(names)")
    }

    /// Given one broken link among working ones, when --fail-on names verdicts in mixed case, as
    /// comma lists and repeated, then the run fails exactly when `broken` is among them.
    @Test func verdictListsInAnyCaseDecideTheExitStatus() async throws {
        defer { server.stop(); directory.remove() }
        let failing = try await presskit("check", "argument-visit", "--policies", "policies", "--fail-on", "TLS,Broken", "--fail-on", "dns")
        #expect(failing.status == 1, "broken is among them: \(failing.stderr)")
        let passing = try await presskit("check", "argument-visit", "--policies", "policies", "--fail-on", "Server-Error,TIMEOUT", "--fail-on", "Off-Spec")
        #expect(passing.status == 0, "broken is not among them: \(passing.stderr)")
        #expect(passing.stdout.contains("1 broken"), "the broken link is still reported: \(passing.stdout)")
        let nothing = try await presskit("check", "argument-visit", "--policies", "policies", "--fail-on", "")
        #expect(nothing.status == 0, "an empty --fail-on fails on nothing, as before: \(nothing.stderr)")
        let byDefault = try await presskit("check", "argument-visit", "--policies", "policies")
        #expect(byDefault.status == 1, "without --fail-on, broken fails the run")
    }

    /// Given a link whose server waits 20 s, when --max-duration is 1s, then the run stops after
    /// about a second with nothing failing, and the link stays due.
    @Test func maxDurationBoundsTheRun() async throws {
        defer { server.stop(); directory.remove() }
        #expect(try await presskit("import", "Slow").status == 0)
        let started = ContinuousClock.now
        let bounded = try await presskit("check", "slow-visit", "--policies", "policies", "--max-duration", "1S")
        let took = ContinuousClock.now - started
        #expect(bounded.status == 0, "\(bounded.stderr)")
        #expect(took < .seconds(15), "stopped by the budget, not the server: \(took)")
        let due = try await presskit("check", "--due", "--dry-run")
        #expect(due.stdout.contains(server.url("/slow.mp4")), "the link not reached stays due: \(due.stdout)")
    }
}
