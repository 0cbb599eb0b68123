@testable import Fetcher
import TestHTTPServer
import Testing

/// Servers that answer, but badly: each case with the verdict it must get and the time it may take
/// (the engine's own `elapsed`).
@Suite("Hostile answers")
struct HostileResponseTests {
    @Test func aDripIsCutOffByTheLowSpeedLimit() async throws {
        let (result, _) = try await checkOnce(["/asset": .drip(every: 0.3)], configuration: hostileConfiguration {
            $0.totalTimeout = .seconds(30)
        }) { $0.strategy = .rangedGet }
        #expect(result.verdict == .timeout)
        #expect(result.elapsed < .seconds(4))
    }

    @Test func aStallBeforeTheFirstByteTimesOut() async throws {
        let (result, _) = try await checkOnce(["/asset": .slowFirstByte(30)])
        #expect(result.verdict == .timeout)
        #expect(result.elapsed < .seconds(5))
    }

    @Test func aResetMidBodyIsReset() async throws {
        let (result, _) = try await checkOnce(["/asset": .resetAfterHeaders]) { $0.strategy = .rangedGet }
        #expect(result.verdict == .reset)
        #expect(result.elapsed < .seconds(2))
    }

    @Test func aConnectionClosedWithoutAnswerIsReset() async throws {
        let (result, server) = try await checkOnce(["/asset": .raw("")], configuration: hostileConfiguration { $0.maxRetries = 2 })
        #expect(result.verdict == .reset)
        #expect(server.requestCount("/asset") == 3, "a reset is retried")
        #expect(result.elapsed < .seconds(2))
    }

    @Test func anEndlessChainOfNewRedirectsStopsAtTheLimit() async throws {
        // Every answer points one further: /r?n=1 → /r?n=2 → …, never the same URL twice.
        let endless = Route { request, _, connection in
            let next = (Int(request.target.split(separator: "=").last ?? "0") ?? 0) + 1
            connection.writeHead(status: 302, headers: [("Location", "/r?n=\(next)")], contentLength: 0)
            return .keepAlive
        }
        let (result, _) = try await checkOnce(["/r": endless], path: "/r?n=0")
        #expect(result.verdict == .broken)
        #expect(result.detail == "more than \(FetchConfiguration.Defaults.maxRedirects) redirects")
        #expect(result.elapsed < .seconds(2))
    }

    @Test func aFloodOfHeaderLinesIsHeadersTooLarge() async throws {
        let (result, _) = try await checkOnce(["/asset": .endlessHeaders])
        #expect(result.verdict == .broken)
        #expect(result.detail?.hasPrefix("headers too large") == true)
        #expect(result.elapsed < .seconds(3))
    }

    @Test func oneGiantHeaderLineIsHeadersTooLargeNotOutOfMemory() async throws {
        let giant = Route.raw("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nX-Giant: \(String(repeating: "g", count: 200_000))\r\n\r\n")
        let (result, _) = try await checkOnce(["/asset": giant])
        #expect(result.verdict == .broken)
        #expect(result.detail?.hasPrefix("headers too large") == true)
        #expect(result.detail?.contains("memory") == false)
        #expect(result.elapsed < .seconds(3))
    }

    @Test func anEndlessBodyIsReadOnlyUpToTheBound() async throws {
        for route in [Route.endlessChunked, .gzipBomb] {
            let (result, _) = try await checkOnce(["/asset": route]) { $0.strategy = .rangedGet }
            #expect(result.verdict == .ok)
            #expect(result.stoppedAtBodyLimit)
            #expect(result.bodyBytesRead == FetchConfiguration.Defaults.maxBodyBytes)
            #expect(result.elapsed < .seconds(3))
        }
    }

    @Test(arguments: ["18446744073709551616", "99999999999999999999999999", "9223372036854775808"])
    func aLengthBeyond2To63IsTooLarge(length: String) async throws {
        let head = Route.raw("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: \(length)\r\nConnection: close\r\n\r\n")
        let (result, _) = try await checkOnce(["/asset": head])
        #expect(result.verdict == .tooLarge, "\(result.verdict.name): \(result.detail ?? "")")
        #expect(result.detail?.contains(String(length.prefix(19))) == true)
        #expect(result.elapsed < .seconds(3))
    }

    @Test func unreadableLengthDigitsAreTooLarge() async throws {
        let head = Route.raw("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 12abc\r\nConnection: close\r\n\r\n")
        let (result, _) = try await checkOnce(["/asset": head])
        #expect(result.verdict == .tooLarge, "\(result.verdict.name): \(result.detail ?? "")")
        #expect(result.contentLength == nil)
    }

    @Test func aBodyShorterThanItsLengthIsReset() async throws {
        let (result, _) = try await checkOnce(["/asset": .lyingContentLength(declared: 100_000, sent: 10)]) { $0.strategy = .rangedGet }
        #expect(result.verdict == .reset)
        #expect(result.elapsed < .seconds(3))
    }

    @Test func retryAfterWaitsStopAtTheLinkDeadline() async throws {
        // Given a server that always asks to come back in a second, and retries enough for ten,
        let busy = Route.status(503, headers: [("Retry-After", "1")])
        let (result, server) = try await checkOnce(["/asset": busy], configuration: hostileConfiguration {
            $0.maxRetries = 10
            $0.retryAfterCap = .seconds(5)
            $0.linkDeadline = .milliseconds(1_500)
        })
        // the link ends within its deadline, with what the server said.
        #expect(result.verdict == .serverError)
        #expect(result.elapsed < .seconds(2))
        #expect(server.requestCount("/asset") <= 2)
    }

    @Test func aChainOfSlowRedirectsStopsAtTheLinkDeadline() async throws {
        var routes: [String: Route] = [:]
        for hop in 0..<8 { routes["/hop\(hop)"] = .slowFirstByte(0.4, then: .redirect(302, to: "/hop\(hop + 1)")) }
        routes["/hop8"] = .status(200)
        let (result, _) = try await checkOnce(routes, path: "/hop0", configuration: hostileConfiguration {
            $0.linkDeadline = .seconds(1)
        })
        #expect(result.verdict == .timeout)
        #expect(result.elapsed < .seconds(2))
        #expect(result.redirects.count < 4)
    }

    @Test func aSlowAnswerIsCutAtTheLinkDeadlineBeforeItsOwnTimeout() async throws {
        let (result, _) = try await checkOnce(["/asset": .slowFirstByte(20)], configuration: hostileConfiguration {
            $0.totalTimeout = .seconds(20)
            $0.lowSpeedTime = 20
            $0.maxRetries = 3
            $0.linkDeadline = .milliseconds(800)
        })
        #expect(result.verdict == .timeout)
        #expect(result.elapsed < .milliseconds(1_500))
    }
}
