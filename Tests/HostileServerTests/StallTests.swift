@testable import Fetcher
import TestHTTPServer
import Testing

/// Issue 11 §2: one stalled request must not hold the other requests to its host, and time spent
/// waiting for a turn never counts against a request.
@Suite("Stalls among healthy links")
struct StallTests {
    /// Twelve links on one host, the first of which never answers.
    private static let paths = ["/stall"] + (1...11).map { "/clip-\($0).mp4" }

    private static func routes() -> [String: Route] {
        var routes: [String: Route] = ["/stall": .slowFirstByte(30)]
        for path in paths.dropFirst() { routes[path] = .status(200, headers: [("Content-Type", "video/mp4")], body: "clip") }
        return routes
    }

    private func expectHealthyLinksPrompt(_ results: [String: FetchResult], url: (String) -> String) {
        #expect(results.count == Self.paths.count)
        for path in Self.paths.dropFirst() {
            let result = results[url(path)]
            #expect(result?.verdict == .ok, "\(path): \(result?.verdict.name ?? "no result") \(result?.detail ?? "")")
            #expect((result?.elapsed ?? .seconds(99)) < .seconds(1), "\(path) took \(result?.elapsed ?? .zero)")
        }
        let stalled = results[url("/stall")]
        #expect(stalled?.verdict == .timeout)
        #expect((stalled?.elapsed ?? .seconds(99)) < .seconds(5))
    }

    @Test func overHTTPAStalledRequestHoldsNoOther() async throws {
        let server = try TestHTTPServer(routes: Self.routes())
        defer { server.stop() }
        let results = try await checkAll(Self.paths.map { FetchRequest(url: server.url($0)) }, configuration: hostileConfiguration())
        expectHealthyLinksPrompt(results, url: server.url)
        for path in Self.paths.dropFirst() { #expect(server.requestCount(path) == 1) }
    }

    @Test(.enabled(if: NginxTestServer.nginxPath != nil && TLSTestServer.opensslPath != nil, "nginx or openssl is not installed"))
    func overHTTPSWithHTTP2AStalledStreamHoldsNoOther() async throws {
        let upstream = try TestHTTPServer(routes: Self.routes())
        defer { upstream.stop() }
        let front = try await NginxTestServer.start(proxyingTo: upstream.port)
        defer { front.stop() }
        let results = try await checkAll(Self.paths.map { FetchRequest(url: front.url($0)) }, configuration: hostileConfiguration {
            $0.certificateAuthorityFile = front.certificatePath
        })
        expectHealthyLinksPrompt(results, url: front.url)
        #expect(results[front.url("/clip-1.mp4")]?.httpVersion == "2")
    }

    @Test func timeQueuedBehindOtherLinksNeverCounts() async throws {
        // Given one request at a time against a host whose every answer takes 0.3 s, ten links
        // wait 3 s in all, far past the 1 s a single request may take;
        let server = try TestHTTPServer(routes: ["/slow": .slowFirstByte(0.3)])
        defer { server.stop() }
        let requests = (0..<10).map { FetchRequest(url: server.url("/slow?n=\($0)")) }
        let results = try await checkAll(requests, configuration: hostileConfiguration {
            $0.perHostConcurrency = 1
            $0.totalTimeout = .seconds(1)
        })
        // every link is ok, each timed from its own start.
        #expect(results.count == 10)
        #expect(results.values.allSatisfy { $0.verdict == .ok })
        #expect(results.values.allSatisfy { $0.elapsed < .seconds(1) })
    }
}
