@testable import Fetcher
import TestHTTPServer
import Testing

@Suite("Redirects and blocked destinations")
struct RedirectTests {
    @Test func permanentRedirectCarriesTheNewURL() async throws {
        let server = try TestHTTPServer(routes: [
            "/old": .redirect(301, to: "/newer"),
            "/newer": .redirect(302, to: "/cdn/today"),
            "/cdn/today": .status(200, headers: [("Content-Type", "image/jpeg")]),
        ])
        defer { server.stop() }
        let result = try await FetchEngine(configuration: testConfiguration()).fetch(FetchRequest(url: server.url("/old")))
        #expect(result.verdict == .redirected(newURL: server.url("/newer")))
        #expect(result.redirects.map(\.status) == [301, 302])
        #expect(result.redirects.map(\.location) == [server.url("/newer"), server.url("/cdn/today")])
        #expect(result.finalURL == server.url("/cdn/today"))
        #expect(result.requestCount == 3)
    }

    @Test func temporaryRedirectsAloneAreOk() async throws {
        let (result, _) = try await checkOnce(["/asset": .redirect(307, to: "/b"), "/b": .redirect(302, to: "/c"), "/c": .status(200)])
        #expect(result.verdict == .ok)
        #expect(result.redirects.count == 2)
    }

    @Test func permanentRedirectToABrokenTargetIsBroken() async throws {
        let (result, _) = try await checkOnce(["/asset": .redirect(308, to: "/gone"), "/gone": .status(410)])
        #expect(result.verdict == .broken)
        #expect(result.httpStatus == 410)
    }

    @Test func redirectLoopIsDetected() async throws {
        let (result, server) = try await checkOnce(["/asset": .redirect(302, to: "/b"), "/b": .redirect(302, to: "/asset")])
        #expect(result.verdict == .broken)
        #expect(result.detail?.contains("loop") == true)
        #expect(server.requestCount("/asset") == 1)
    }

    @Test func redirectCountIsBounded() async throws {
        var routes: [String: Route] = [:]
        for index in 0..<20 { routes["/r\(index)"] = .redirect(302, to: "/r\(index + 1)") }
        let (result, server) = try await checkOnce(routes, path: "/r0", configuration: testConfiguration { $0.maxRedirects = 5 })
        #expect(result.verdict == .broken)
        #expect(result.detail?.contains("more than 5 redirects") == true)
        #expect(server.requestCount("/r6") == 0)
    }

    @Test func redirectToFileIsBlockedAndNotFollowed() async throws {
        let (result, _) = try await checkOnce(["/asset": .redirect(302, to: "file:///etc/passwd")])
        #expect(result.verdict == .blocked)
        #expect(result.redirects.count == 1)
        #expect(result.detail?.contains("file:") == true)
    }

    @Test(arguments: ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/",
                      "http://[::ffff:169.254.169.254]/"])
    func redirectToCloudMetadataIsBlockedEvenWhenPrivateIsAllowed(target: String) async throws {
        let (result, _) = try await checkOnce(["/asset": .redirect(302, to: target)])
        #expect(result.verdict == .blocked)
        #expect(result.detail?.contains("metadata") == true)
    }

    @Test func defaultPolicyRefusesLoopbackWithoutSendingARequest() async throws {
        let (result, server) = try await checkOnce(["/asset": .status(200)], configuration: testConfiguration {
            $0.allowPrivateAddresses = FetchConfiguration.Defaults.allowPrivateAddresses
        })
        #expect(result.verdict == .blocked)
        #expect(result.detail?.contains("127.0.0.1 is a loopback address") == true)
        #expect(server.requestCount("/asset") == 0)
    }

    @Test(arguments: ["ftp://example.org/a.mp4", "file:///etc/passwd", "gopher://example.org/", "dict://x/"])
    func nonHTTPSchemesAreBlockedUpFront(url: String) async throws {
        let result = try await FetchEngine(configuration: testConfiguration()).fetch(FetchRequest(url: url))
        #expect(result.verdict == .blocked)
        #expect(result.requestCount == 0)
    }

    @Test func malformedURLIsBrokenWithoutARequest() async throws {
        let result = try await FetchEngine(configuration: testConfiguration()).fetch(FetchRequest(url: "http://exa mple.org/a b.jpg"))
        #expect(result.verdict == .broken)
        #expect(result.detail == "malformed URL")
        #expect(result.requestCount == 0)
    }

    @Test func credentialsNeverAppearInResults() async throws {
        let server = try TestHTTPServer(routes: ["/asset": .redirect(302, to: "/b"), "/b": .status(200)])
        defer { server.stop() }
        let url = "http://editor:s3cret@127.0.0.1:\(server.port)/asset"
        let result = try await FetchEngine(configuration: testConfiguration()).fetch(FetchRequest(url: url))
        #expect(result.verdict == .ok)
        #expect(server.requests("/asset").first?.headers["authorization"] != nil)
        let shown = ([result.finalURL] + result.redirects.flatMap { [$0.url, $0.location] }).joined(separator: " ")
        #expect(!shown.contains("s3cret"))
        #expect(!shown.contains("editor"))
    }
}
