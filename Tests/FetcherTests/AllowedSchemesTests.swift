@testable import Fetcher
import TestHTTPServer
import Testing

@Suite struct AllowedSchemesTests {
    @Test func anHTTPSOnlyConfigurationRefusesHTTPBeforeAndAfterRedirects() async throws {
        #expect(throws: LinkURL.Problem.self) { try LinkURL.parse("http://example.org/a", allowed: ["https"]).get() }
        #expect(throws: LinkURL.Problem.self) { try LinkURL.parse("ftp://example.org/a", allowed: ["http", "https", "ftp"]).get() }
        #expect((try? LinkURL.parse("https://example.org/a", allowed: ["https"]).get()) != nil)

        // A redirect to a scheme the configuration does not allow ends the chain as blocked.
        let server = try TestHTTPServer(routes: ["/jump": .redirect(302, to: "ftp://127.0.0.1/file")])
        defer { server.stop() }
        let engine = try FetchEngine(configuration: testConfiguration())
        let result = try await engine.fetch(FetchRequest(url: server.url("/jump")))
        #expect(result.verdict == .blocked)
        #expect(result.redirects.map(\.status) == [302])

        var httpsOnly = testConfiguration()
        httpsOnly.allowedSchemes = ["https"]
        let strict = try FetchEngine(configuration: httpsOnly)
        let refused = try await strict.fetch(FetchRequest(url: server.url("/jump")))
        #expect(refused.verdict == .blocked)
        #expect(server.requestCount("/jump") == 1, "the https-only engine never contacted the http URL")
    }
}
