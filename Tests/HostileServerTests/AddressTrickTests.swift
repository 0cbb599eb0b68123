@testable import Fetcher
import TestHTTPServer
import Testing

/// Addresses a check must never reach, in every spelling libcurl accepts, and redirects to them.
@Suite("Address tricks")
struct AddressTrickTests {
    /// Loopback, spelled every way libcurl's parser and the resolver accept; each reaches 127.0.0.1
    /// (or ::1) if it is not stopped.
    static let loopbackSpellings = [
        "127.0.0.1", "127.1", "127.0.1", "0x7f.1", "0x7f000001", "2130706433", "017700000001", "0177.0.0.1",
        "localhost", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]",
        "[64:ff9b::127.0.0.1]", "[64:ff9b::7f00:1]", "0.0.0.0", "0", "[::]",
    ]

    @Test(arguments: loopbackSpellings)
    func loopbackInAnySpellingIsBlockedWithoutARequest(host: String) async throws {
        let server = try TestHTTPServer(routes: ["/asset": .status(200)])
        defer { server.stop() }
        let url = "http://\(host):\(server.port)/asset"
        let result = try await FetchEngine(configuration: hostileConfiguration { $0.allowPrivateAddresses = false })
            .fetch(FetchRequest(url: url))
        #expect(result.verdict == .blocked, "\(url): \(result.verdict.name) \(result.detail ?? "")")
        #expect(result.detail?.contains("allow_private_addresses") == true)
        #expect(server.requestCount("/asset") == 0)
        #expect(result.elapsed < .seconds(1))
    }

    /// Private and special ranges, IPv4 and IPv6; refused before any packet leaves.
    @Test(arguments: ["10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.1.1", "[fc00::1]", "[fd12:3456::1]",
                      "[fe80::1]", "[::ffff:10.0.0.1]", "[::ffff:192.168.0.1]", "[64:ff9b::10.0.0.1]", "224.0.0.1",
                      "255.255.255.255", "[ff02::1]"])
    func privateRangesAreBlocked(host: String) async throws {
        let result = try await FetchEngine(configuration: hostileConfiguration { $0.allowPrivateAddresses = false })
            .fetch(FetchRequest(url: "http://\(host):9/asset"))
        #expect(result.verdict == .blocked, "\(host): \(result.verdict.name) \(result.detail ?? "")")
        #expect(result.elapsed < .seconds(1))
    }

    /// Cloud metadata services, in many spellings: refused even where private addresses are allowed.
    static let metadataSpellings = [
        "169.254.169.254", "0xa9fea9fe", "2852039166", "0251.0376.0251.0376", "169.254.43518",
        "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[64:ff9b::169.254.169.254]", "[::169.254.169.254]",
        "[fd00:ec2::254]", "169.254.170.2", "100.100.100.200", "[::ffff:100.100.100.200]", "192.0.0.192",
        "[64:ff9b::c000:c0]", "168.63.129.16",
    ]

    @Test(arguments: metadataSpellings)
    func aRedirectToCloudMetadataIsBlocked(host: String) async throws {
        let (result, server) = try await checkOnce(["/asset": .redirect(302, to: "http://\(host)/latest/meta-data/")])
        #expect(result.verdict == .blocked, "\(host): \(result.verdict.name) \(result.detail ?? "")")
        #expect(result.detail?.contains("cloud metadata address") == true)
        #expect(result.verdict.hint(detail: result.detail).contains("allow_private_addresses") == false)
        #expect(server.requestCount("/asset") == 1)
        #expect(result.elapsed < .seconds(1))
    }

    @Test(arguments: ["http://user:pa55@127.0.0.1:PORT/b", "//user:pa55@127.0.0.1:PORT/b"])
    func credentialsARedirectSuppliesAreNeverSent(location: String) async throws {
        let server = try TestHTTPServer(routes: ["/b": .status(200)])
        defer { server.stop() }
        let target = location.replacingOccurrences(of: "PORT", with: "\(server.port)")
        let first = try TestHTTPServer(routes: ["/asset": .redirect(302, to: target)])
        defer { first.stop() }
        let result = try await FetchEngine(configuration: hostileConfiguration()).fetch(FetchRequest(url: first.url("/asset")))
        #expect(result.verdict == .ok)
        #expect(server.requestCount("/b") == 1)
        #expect(server.requests("/b").allSatisfy { $0.headers["authorization"] == nil })
        #expect(result.detail == "credentials in a redirect's Location were not sent")
        #expect(!result.finalURL.contains("pa55"))
    }

    @Test func theCataloguesOwnCredentialsFollowARelativeRedirectQuietly() async throws {
        let server = try TestHTTPServer(routes: ["/asset": .redirect(302, to: "/b"), "/b": .status(200)])
        defer { server.stop() }
        let url = "http://editor:s3cret@127.0.0.1:\(server.port)/asset"
        let result = try await FetchEngine(configuration: hostileConfiguration()).fetch(FetchRequest(url: url))
        #expect(result.verdict == .ok)
        #expect(result.detail == nil)
    }
}
