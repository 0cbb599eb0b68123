@testable import Fetcher
import TestHTTPServer
import Testing

@Suite("Per-host limits, rate and slowdown")
struct SchedulingTests {
    @Test func perHostConcurrencyIsRespected() async throws {
        let server = try TestHTTPServer(routes: ["/slow": .slowFirstByte(0.2)])
        defer { server.stop() }
        let requests = (0..<6).map { FetchRequest(url: server.url("/slow?n=\($0)")) }
        let results = try await checkAll(requests, configuration: testConfiguration {
            $0.totalConcurrency = 10
            $0.perHostConcurrency = 2
        })
        #expect(results.count == 6)
        #expect(results.values.allSatisfy { $0.verdict == .ok })
        #expect(server.peakConcurrentRequests == 2)
    }

    @Test func totalConcurrencyIsRespectedAcrossHosts() async throws {
        // With the total limit (3) below the per-host limit (5), the total is what binds.
        let server = try TestHTTPServer(routes: ["/slow": .slowFirstByte(0.2)])
        defer { server.stop() }
        let requests = (0..<6).map { FetchRequest(url: server.url("/slow?n=\($0)")) }
        _ = try await checkAll(requests, configuration: testConfiguration {
            $0.totalConcurrency = 3
            $0.perHostConcurrency = 5
        })
        #expect(server.peakConcurrentRequests == 3)
    }

    @Test func perHostIntervalSpacesRequestStarts() async throws {
        let server = try TestHTTPServer(routes: ["/asset": .status(200)])
        defer { server.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        let requests = (0..<4).map { FetchRequest(url: server.url("/asset?n=\($0)")) }
        let results = try await checkAll(requests, configuration: testConfiguration { $0.perHostInterval = .milliseconds(150) })
        #expect(results.count == 4)
        #expect(clock.now - start >= .milliseconds(440))  // three gaps of 150 ms
    }

    @Test func queuedTimeDoesNotEatTheTimeout() async throws {
        // Given one slot and four requests of 0.4 s each against a 1 s timeout,
        let server = try TestHTTPServer(routes: ["/slow": .slowFirstByte(0.4)])
        defer { server.stop() }
        let requests = (0..<4).map { FetchRequest(url: server.url("/slow?n=\($0)")) }
        let results = try await checkAll(requests, configuration: testConfiguration {
            $0.perHostConcurrency = 1
            $0.totalTimeout = .seconds(1)
            $0.lowSpeedTime = 5
        })
        // then none times out although the last waits 1.2 s in the queue.
        #expect(results.values.map(\.verdict) == Array(repeating: .ok, count: 4))
    }

    @Test func hostAnswering429IsSlowedAsAWhole() async throws {
        // Given a host that says 429 with Retry-After: 3 to the first request of /a,
        let server = try TestHTTPServer(routes: [
            "/a": .sequence([.status(429, headers: [("Retry-After", "3")]), .status(200)]),
            "/b": .status(200),
        ])
        defer { server.stop() }
        let engine = try FetchEngine(configuration: testConfiguration())
        // The clock starts before /a is even asked for, so a test task that wakes late (the
        // cooperative pool is shared with the whole suite) cannot eat into the measured pause.
        let clock = ContinuousClock()
        let start = clock.now
        let first = engine.fetch([FetchRequest(url: server.url("/a"))])
        // wait until the 429 has been answered,
        while server.requestCount("/a") == 0 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        // then another URL on that host waits out the 3 s pause too.
        let other = try await engine.fetch(FetchRequest(url: server.url("/b")))
        #expect(other.verdict == .ok)
        #expect(clock.now - start >= .milliseconds(2_900))
        for await result in first { #expect(result.verdict == .ok) }
    }

    @Test func cancellingTheStreamStopsQueuedChecks() async throws {
        let server = try TestHTTPServer(routes: ["/slow": .slowFirstByte(0.3)])
        defer { server.stop() }
        let engine = try FetchEngine(configuration: testConfiguration { $0.perHostConcurrency = 1 })
        let requests = (0..<20).map { FetchRequest(url: server.url("/slow?n=\($0)")) }
        let consumer = Task {
            var seen = 0
            for await _ in engine.fetch(requests) { seen += 1 }
            return seen
        }
        try await Task.sleep(for: .milliseconds(500))
        // Counted here rather than bounded by the time slept, which a busy runner stretches.
        let requestedBeforeCancel = server.requestCount("/slow")
        consumer.cancel()
        let seen = await consumer.value
        // Long enough for five more requests (0.3 s each, one at a time) if queued checks went on.
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(seen < 20)
        // One more at most: a request the engine started while the cancellation was on its way.
        #expect(server.requestCount("/slow") <= requestedBeforeCancel + 1)
    }

    @Test func shutdownEndsOpenStreams() async throws {
        let server = try TestHTTPServer(routes: ["/slow": .slowFirstByte(60)])
        defer { server.stop() }
        // No timeout may end the check first, however long a busy test runner takes to resume us.
        let engine = try FetchEngine(configuration: testConfiguration {
            $0.totalTimeout = .seconds(60)
            $0.lowSpeedTime = 60
        })
        let stream = engine.fetch([FetchRequest(url: server.url("/slow"))])
        try await Task.sleep(for: .milliseconds(100))
        engine.shutdown()
        var count = 0
        for await _ in stream { count += 1 }
        #expect(count == 0)
        let late = engine.fetch([FetchRequest(url: server.url("/slow"))])
        for await _ in late { count += 1 }
        #expect(count == 0)
    }

    @Test func manyChecksAllComeBack() async throws {
        let server = try TestHTTPServer(routes: ["/asset": .status(200), "/missing": .status(404)])
        defer { server.stop() }
        let requests = (0..<300).map { FetchRequest(url: server.url($0 % 3 == 0 ? "/missing?n=\($0)" : "/asset?n=\($0)")) }
        let results = try await checkAll(requests, configuration: testConfiguration { $0.perHostConcurrency = 8 })
        #expect(results.count == 300)
        #expect(results.values.filter { $0.verdict == .broken }.count == 100)
        #expect(server.acceptedConnections <= 16)  // connections reused across checks
    }

    @Test func groupedResultsHoldEveryCheckOnce() async throws {
        let server = try TestHTTPServer(routes: ["/asset": .status(200), "/missing": .status(404)])
        defer { server.stop() }
        let engine = try FetchEngine(configuration: testConfiguration { $0.perHostConcurrency = 8 })
        // Blocked ones finish on intake, without a transfer, in the same stream as the rest.
        let requests = (0..<200).map { FetchRequest(url: server.url($0 % 4 == 0 ? "/missing?n=\($0)" : "/asset?n=\($0)")) }
            + [FetchRequest(url: "ftp://example.org/x"), FetchRequest(url: "not a url")]
        var groups: [[FetchResult]] = []
        for await group in engine.fetchInGroups(requests) { groups.append(group) }
        let results = groups.flatMap { $0 }
        #expect(groups.allSatisfy { !$0.isEmpty })
        #expect(groups.count < results.count, "some results share a group")
        #expect(results.map(\.request.url).sorted() == requests.map(\.url).sorted())
        #expect(results.filter { $0.verdict == .broken }.count == 51)
        #expect(results.filter { $0.verdict == .blocked }.count == 1)
    }
}

@Suite("Engine lifetime")
struct EngineLifetimeTests {
    @Test func openStreamKeepsATemporaryEngineAlive() async throws {
        let server = try TestHTTPServer(routes: ["/asset": .slowFirstByte(0.2)])
        defer { server.stop() }
        // Given an engine nobody holds but its stream,
        let stream = try FetchEngine(configuration: testConfiguration()).fetch([FetchRequest(url: server.url("/asset"))])
        var verdicts: [Verdict] = []
        for await result in stream { verdicts.append(result.verdict) }
        // the check still completes.
        #expect(verdicts == [.ok])
    }
}
