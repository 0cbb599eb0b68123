@testable import Fetcher
import TestHTTPServer
import Testing

@Suite("Verdicts from HTTP status")
struct StatusVerdictTests {
    @Test func fileIsOkAndRecordsMetadata() async throws {
        let (result, server) = try await checkOnce([
            "/asset": .file(size: 734_003_200, contentType: "video/mp4", headers: [
                ("ETag", "\"v1\""), ("Last-Modified", "Tue, 24 Nov 2026 12:00:00 GMT"),
                ("Content-Disposition", "attachment; filename=\"keynote-broll.mp4\""),
            ]),
        ])
        #expect(result.verdict == .ok)
        #expect(result.httpStatus == 200)
        #expect(result.method == .head)
        #expect(result.contentType == "video/mp4")
        #expect(result.contentLength == 734_003_200)
        #expect(result.etag == "\"v1\"")
        #expect(result.lastModified == "Tue, 24 Nov 2026 12:00:00 GMT")
        #expect(result.dispositionFilename == "keynote-broll.mp4")
        #expect(result.httpVersion == "1.1")
        #expect(result.remoteIP == "127.0.0.1")
        #expect(result.timings.total > .zero)
        #expect(result.timings.firstByte >= result.timings.connect)
        #expect(result.curlError == nil)
        #expect(result.bodyBytesRead == 0)
        #expect(server.requests("/asset").first?.headers["user-agent"] == FetchConfiguration.Defaults.userAgent)
    }

    @Test(arguments: [404, 410, 400, 401])
    func clientErrorsAreBroken(status: Int) async throws {
        let (result, server) = try await checkOnce(["/asset": .status(status)])
        #expect(result.verdict == .broken)
        #expect(result.httpStatus == status)
        // 404/410/400 are retried as GET once (HEAD fallback); 401 is believed.
        #expect(server.requestCount("/asset") == (status == 401 ? 1 : 2))
    }

    @Test func serverErrorIsRetriedThenReported() async throws {
        let (result, server) = try await checkOnce(["/asset": .status(503)])
        #expect(result.verdict == .serverError)
        #expect(result.attempts == 3)
        #expect(server.requestCount("/asset") == 3)
    }

    @Test func internalServerErrorIsNotRetried() async throws {
        // 500 is a HEAD-fallback status: HEAD, then one GET, no retries.
        let (result, server) = try await checkOnce(["/asset": .status(500)])
        #expect(result.verdict == .serverError)
        #expect(server.requestCount("/asset") == 2)
    }

    @Test func persistent429IsRateLimited() async throws {
        let (result, server) = try await checkOnce(["/asset": .status(429)])
        #expect(result.verdict == .rateLimited)
        #expect(server.requestCount("/asset") == 3)
    }

    @Test func tooManyRequestsThenSuccessIsOk() async throws {
        let (result, server) = try await checkOnce(["/asset": .sequence([.status(429), .status(200)])])
        #expect(result.verdict == .ok)
        #expect(result.attempts == 2)
        #expect(server.requestCount("/asset") == 2)
    }

    @Test func cloudflareChallengeIsUnverifiable() async throws {
        let (result, _) = try await checkOnce(["/asset": .status(403, headers: [("cf-mitigated", "challenge")])])
        #expect(result.verdict == .unverifiable)
        #expect(result.detail?.contains("cf-mitigated") == true)
    }

    @Test func linkedIn999IsUnverifiable() async throws {
        let (result, _) = try await checkOnce(["/asset": .status(999)])
        #expect(result.verdict == .unverifiable)
    }

    @Test func etagMatchAnswers304AndIsOk() async throws {
        let (result, server) = try await checkOnce(["/asset": .etag("\"abc\"")]) { $0.ifNoneMatch = "\"abc\"" }
        #expect(result.verdict == .ok)
        #expect(result.httpStatus == 304)
        #expect(server.requests("/asset").first?.headers["if-none-match"] == "\"abc\"")
    }

    @Test func ifModifiedSinceIsSent() async throws {
        let date = "Tue, 24 Nov 2026 12:00:00 GMT"
        let (result, server) = try await checkOnce(["/asset": .etag("\"abc\"")]) { $0.ifModifiedSince = date }
        #expect(result.httpStatus == 200)
        #expect(server.requests("/asset").first?.headers["if-modified-since"] == date)
    }

    @Test func declaredLengthOverLimitIsTooLarge() async throws {
        let (result, _) = try await checkOnce(["/asset": .file(size: 50_000_000, contentType: "image/jpeg")]) {
            $0.maxContentLength = 20_000_000
        }
        #expect(result.verdict == .tooLarge)
        #expect(result.contentLength == 50_000_000)
    }

    @Test func hugeDeclaredLengthIsTooLargeByDefault() async throws {
        let huge = Route.status(200, headers: [("Content-Type", "video/mp4"), ("Content-Length", "999999999999999")])
        let (result, _) = try await checkOnce(["/asset": .methods(head: huge, get: .status(500))])
        #expect(result.verdict == .tooLarge)
        #expect(result.contentLength == 999_999_999_999_999)
    }

    @Test func htmlWhereVideoExpectedIsWrongType() async throws {
        let (result, _) = try await checkOnce(["/asset": .status(200, headers: [("Content-Type", "text/html; charset=utf-8")])]) {
            $0.acceptableContentTypes = ["video/*", "application/octet-stream"]
        }
        #expect(result.verdict == .wrongType)
        #expect(result.contentType == "text/html; charset=utf-8")
    }

    @Test func connectionsAreReused() async throws {
        let server = try TestHTTPServer(routes: ["/a": .status(200), "/b": .status(200), "/c": .status(200)])
        defer { server.stop() }
        let engine = try FetchEngine(configuration: testConfiguration { $0.perHostConcurrency = 1 })
        for path in ["/a", "/b", "/c"] { _ = try await engine.fetch(FetchRequest(url: server.url(path))) }
        #expect(server.acceptedConnections == 1)
    }
}
