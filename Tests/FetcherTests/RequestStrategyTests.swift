@testable import Fetcher
import TestHTTPServer
import Testing

@Suite("HEAD first, bounded GET fallback")
struct RequestStrategyTests {
    @Test func headRefusedFallsBackToRangedGet() async throws {
        let (result, server) = try await checkOnce([
            "/asset": .methods(head: .status(405), get: .file(size: 5_000_000, contentType: "video/mp4")),
        ])
        #expect(result.verdict == .ok)
        #expect(result.method == .rangedGet)
        #expect(result.httpStatus == 206)
        #expect(result.contentLength == 5_000_000)  // the Content-Range total
        #expect(result.bodyBytesRead == 16_384)
        #expect(result.bodyPrefix.count == FetchConfiguration.Defaults.keptBodyBytes)
        let requests = server.requests("/asset")
        #expect(requests.map(\.method) == ["HEAD", "GET"])
        #expect(requests.last?.headers["range"] == "bytes=0-16383")
    }

    @Test func hostThatRefusedHeadIsAskedWithGetNextTime() async throws {
        let refusing = Route.methods(head: .status(405), get: .file(size: 100, contentType: "image/jpeg"))
        let server = try TestHTTPServer(routes: ["/one": refusing, "/two": refusing])
        defer { server.stop() }
        let engine = try FetchEngine(configuration: testConfiguration())
        _ = try await engine.fetch(FetchRequest(url: server.url("/one")))
        let second = try await engine.fetch(FetchRequest(url: server.url("/two")))
        #expect(second.verdict == .ok)
        #expect(server.requests("/two").map(\.method) == ["GET"])
    }

    @Test func aReusedHandleKeepsNothingOfItsLastRequest() async throws {
        // One transfer at a time, so every request goes through the same reused easy handle.
        let server = try TestHTTPServer(routes: [
            "/ranged": .file(size: 100_000, contentType: "video/mp4"),
            "/plain": .file(size: 100, contentType: "video/mp4"),
        ])
        defer { server.stop() }
        let engine = try FetchEngine(configuration: testConfiguration {
            $0.totalConcurrency = 1
            $0.perHostConcurrency = 1
        })
        let ranged = try await engine.fetch(FetchRequest(url: server.url("/ranged"), strategy: .rangedGet, ifNoneMatch: "\"v1\"",
                                                         ifModifiedSince: "Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(ranged.method == .rangedGet && ranged.bodyBytesRead > 0)
        let plain = try await engine.fetch(FetchRequest(url: server.url("/plain")))
        #expect(plain.verdict == .ok && plain.method == .head && plain.bodyBytesRead == 0 && plain.bodyPrefix.isEmpty)
        let request = try #require(server.requests("/plain").first)
        #expect(request.method == "HEAD")
        for leftover in ["range", "if-none-match", "if-modified-since", "accept-encoding"] {
            #expect(request.headers[leftover] == nil, "\(leftover) leaked from the ranged GET")
        }
        #expect(request.headers["user-agent"] == FetchConfiguration().userAgent)
        // And the other way round: a ranged GET after a HEAD asks for its range again.
        let again = try await engine.fetch(FetchRequest(url: server.url("/ranged"), strategy: .rangedGet))
        #expect(again.httpStatus == 206)
        #expect(server.requests("/ranged").map { $0.headers["range"] } == ["bytes=0-16383", "bytes=0-16383"])
        #expect(server.requests("/ranged").last?.headers["if-none-match"] == nil)
    }

    @Test func headThatLiesIsBelievedUnlessRangedGetIsAsked() async throws {
        // Given a server whose HEAD says 200 while GET says 404,
        let lying = Route.methods(head: .status(200), get: .status(404))
        // when checked HEAD-first the lie goes unnoticed (the documented cost of HEAD),
        let (headFirst, _) = try await checkOnce(["/asset": lying])
        #expect(headFirst.verdict == .ok)
        // and with the ranged-GET strategy for such hosts it is caught.
        let (ranged, server) = try await checkOnce(["/asset": lying]) { $0.strategy = .rangedGet }
        #expect(ranged.verdict == .broken)
        #expect(ranged.httpStatus == 404)
        #expect(server.requests("/asset").map(\.method) == ["GET"])
    }

    @Test func serverIgnoringRangeIsCutOffAtTheBound() async throws {
        let full = Route.status(200, headers: [("Content-Type", "video/mp4")],
                                body: String(repeating: "x", count: 2_000_000))
        let (result, _) = try await checkOnce(["/asset": full]) { $0.strategy = .rangedGet }
        #expect(result.verdict == .ok)
        #expect(result.httpStatus == 200)
        #expect(result.contentLength == 2_000_000)
        #expect(result.stoppedAtBodyLimit)
        #expect(result.bodyBytesRead == 16_384)
        #expect(result.curlError == nil)
    }

    @Test func endlessChunkedBodyIsCutOff() async throws {
        let (result, _) = try await checkOnce(["/asset": .endlessChunked], configuration: testConfiguration {
            $0.totalTimeout = .seconds(40)
        }) { $0.strategy = .rangedGet }
        #expect(result.verdict == .ok)
        #expect(result.stoppedAtBodyLimit)
        #expect(result.bodyBytesRead == 16_384)
        // Far below the 40 s total timeout: reading stopped at the byte bound, not at the clock.
        #expect(result.elapsed < .seconds(20))
    }

    @Test func gzipBombIsCountedDecodedAndCutOff() async throws {
        let (result, server) = try await checkOnce(["/asset": .gzipBomb]) { $0.strategy = .rangedGet }
        #expect(result.verdict == .ok)
        #expect(result.stoppedAtBodyLimit)
        #expect(result.bodyBytesRead == 16_384)
        // Decoded bytes, not compressed ones: the bomb inflates to zeros.
        #expect(result.bodyPrefix.allSatisfy { $0 == 0 })
        #expect(server.requests("/asset").first?.headers["accept-encoding"]?.contains("gzip") == true)
    }

    @Test func endlessHeadersAreCutOff() async throws {
        let (result, _) = try await checkOnce(["/asset": .endlessHeaders])
        #expect(result.verdict == .broken)
        #expect(result.detail?.contains("headers too large") == true)
        #expect(result.requestCount == 1)
    }

    @Test func contentLengthThatLiesIsReset() async throws {
        let (result, _) = try await checkOnce(["/asset": .lyingContentLength(declared: 10_000, sent: 10)]) {
            $0.strategy = .rangedGet
        }
        #expect(result.verdict == .reset)
        #expect(result.curlError?.code == 18)  // CURLE_PARTIAL_FILE
    }
}
