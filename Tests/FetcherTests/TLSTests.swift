@testable import Fetcher
import Foundation
import TestHTTPServer
import Testing

@Suite("https against openssl s_server", .enabled(if: TLSTestServer.opensslPath != nil,
                                                  "openssl is not installed: TLS tests skipped"))
struct TLSTests {
    @Test func selfSignedCertificateIsTLS() async throws {
        let server = try await TLSTestServer.start(subjectAltName: "IP:127.0.0.1")
        defer { server.stop() }
        let result = try await FetchEngine(configuration: testConfiguration()).fetch(FetchRequest(url: server.url("/")))
        #expect(result.verdict == .tls)
        #expect(result.curlError?.code == 60)  // CURLE_PEER_FAILED_VERIFICATION
        #expect(result.attempts == 1)  // TLS failures are not retried
    }

    @Test func trustedCertificateIsOkAndItsExpiryIsRecorded() async throws {
        let server = try await TLSTestServer.start(subjectAltName: "IP:127.0.0.1")
        defer { server.stop() }
        let configuration = testConfiguration { $0.certificateAuthorityFile = server.certificatePath }
        // s_server -www ignores HEAD, so ask with a ranged GET.
        let request = FetchRequest(url: server.url("/"), strategy: .rangedGet)
        let result = try await FetchEngine(configuration: configuration).fetch(request)
        #expect(result.verdict == .ok)
        #expect(result.httpStatus == 200)
        #expect(result.timings.tlsHandshake > .zero)
        let expiry = try #require(result.certificateExpiry)
        let days = expiry.timeIntervalSinceNow / 86_400
        #expect(days > 1.5 && days < 2.5)  // the certificate was made with -days 2
    }

    @Test func certificateForAnotherHostIsTLS() async throws {
        let server = try await TLSTestServer.start(subjectAltName: "DNS:press.example.org")
        defer { server.stop() }
        let configuration = testConfiguration { $0.certificateAuthorityFile = server.certificatePath }
        let result = try await FetchEngine(configuration: configuration).fetch(FetchRequest(url: server.url("/")))
        #expect(result.verdict == .tls)
        #expect(result.curlError.map { Verdict.tlsErrors.contains($0.code) } == true)
    }
}

@Suite("HTTP/2 against nginx", .enabled(if: NginxTestServer.nginxPath != nil && TLSTestServer.opensslPath != nil,
                                        "nginx or openssl is not installed: HTTP/2 tests skipped"))
struct HTTP2Tests {
    @Test func http2IsUsedAndOneConnectionCarriesManyChecks() async throws {
        let server = try await NginxTestServer.start()
        defer { server.stop() }
        let requests = (0..<40).map { FetchRequest(url: server.url("/clip-\($0).mp4")) }
        let results = try await checkAll(requests, configuration: testConfiguration {
            $0.certificateAuthorityFile = server.certificatePath
            $0.perHostConcurrency = 8
        })
        #expect(results.count == 40)
        #expect(results.values.allSatisfy { $0.verdict == .ok && $0.httpVersion == "2" })
        #expect(results.values.allSatisfy { $0.contentType == "video/mp4" })
        // Only handshakes report certificates; the engine fills in reused connections from its cache,
        // or, for a stream that finishes before the one that made the handshake, from that one.
        #expect(results.values.allSatisfy { $0.certificateExpiry != nil })
        // Multiplexed: far fewer TLS handshakes than checks.
        #expect(results.values.filter { $0.timings.tlsHandshake > .zero }.count < 10)
    }
}
