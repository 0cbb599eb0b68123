@testable import Fetcher
import TestHTTPServer
import Testing
import Foundation

@Suite("Servers that misbehave")
struct FaultTests {
    @Test func slowFirstByteTimesOut() async throws {
        let (result, _) = try await checkOnce(["/asset": .slowFirstByte(10)], configuration: testConfiguration {
            $0.totalTimeout = .milliseconds(800)
            $0.maxRetries = 0
        })
        #expect(result.verdict == .timeout)
        #expect(result.curlError?.code == 28)
        // Far below the server's 10 s: the 0.8 s timeout fired. Timed by the engine, so a test
        // runner busy with other suites cannot stretch it.
        #expect(result.elapsed < .seconds(4))
    }

    @Test func dripIsCutOffByTheLowSpeedLimitBeforeTheTotalTimeout() async throws {
        let (result, _) = try await checkOnce(["/asset": .drip(every: 0.2)], configuration: testConfiguration {
            $0.totalTimeout = .seconds(20)
            $0.maxRetries = 0
        }) { $0.strategy = .rangedGet }
        #expect(result.verdict == .timeout)
        // Well before the 20 s total timeout: the 1 s low-speed window cut it off.
        #expect(result.elapsed < .seconds(8))
    }

    @Test func timeoutsAreRetried() async throws {
        let (result, server) = try await checkOnce(["/asset": .sequence([.slowFirstByte(5), .status(200)])],
                                                   configuration: testConfiguration { $0.totalTimeout = .milliseconds(500) })
        #expect(result.verdict == .ok)
        #expect(result.attempts == 2)
        #expect(server.requestCount("/asset") == 2)
    }

    @Test func resetAfterHeadersIsReset() async throws {
        let (result, server) = try await checkOnce(["/asset": .resetAfterHeaders]) { $0.strategy = .rangedGet }
        #expect(result.verdict == .reset)
        #expect(result.curlError != nil)
        #expect(server.requestCount("/asset") == 3)  // resets are retried
    }

    @Test func nonHTTPReplyIsBroken() async throws {
        let (result, server) = try await checkOnce(["/asset": .raw("SSH-2.0-OpenSSH_9.2\r\n")])
        #expect(result.verdict == .broken)
        #expect(result.curlError != nil)
        #expect(result.curlError?.code == 1)  // libcurl: "Received HTTP/0.9 when not allowed"
        #expect(result.httpStatus == nil)
        #expect(server.requestCount("/asset") == 1)  // not retried
    }

    @Test func closedPortIsRefused() async throws {
        // Given a port that was just listening and no longer is,
        let server = try TestHTTPServer(routes: [:])
        let url = server.url("/asset")
        server.stop()
        let result = try await FetchEngine(configuration: testConfiguration()).fetch(FetchRequest(url: url))
        #expect(result.verdict == .refused)
        #expect(result.curlError?.code == 7)
        #expect(result.attempts == 1)  // refused is not retried
    }

    @Test func stalledConnectHitsTheConnectTimeout() async throws {
        let listener = try StalledListener()
        defer { listener.stop() }
        let result = try await FetchEngine(configuration: testConfiguration {
            $0.connectTimeout = .milliseconds(400)
            $0.totalTimeout = .seconds(20)
            $0.lowSpeedTime = 20
            $0.maxRetries = 0
        }).fetch(FetchRequest(url: listener.url("/asset")))
        #expect(result.verdict == .timeout)
        #expect(result.curlError?.code == 28)
        #expect(result.elapsed < .seconds(3))
    }

    @Test func retryAfterSecondsIsHonoured() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (result, _) = try await checkOnce([
            "/asset": .sequence([.status(503, headers: [("Retry-After", "1")]), .status(200)]),
        ])
        #expect(result.verdict == .ok)
        #expect(clock.now - start >= .milliseconds(950))
    }

    @Test func retryAfterHTTPDateIsHonoured() async throws {
        let date = HTTPDate.format(Date().timeIntervalSince1970 + 2)
        let clock = ContinuousClock()
        let start = clock.now
        let (result, _) = try await checkOnce([
            "/asset": .sequence([.status(429, headers: [("Retry-After", date)]), .status(200)]),
        ])
        #expect(result.verdict == .ok)
        #expect(clock.now - start >= .milliseconds(900))
    }

    @Test func retryAfterIsCapped() async throws {
        let (result, _) = try await checkOnce([
            "/asset": .sequence([.status(429, headers: [("Retry-After", "3600")]), .status(200)]),
        ], configuration: testConfiguration { $0.retryAfterCap = .milliseconds(300); $0.totalTimeout = .seconds(30) })
        #expect(result.verdict == .ok)
        // Nowhere near the 3,600 s asked for: the cap applied.
        #expect(result.elapsed < .seconds(10))
    }
}
