import CCurl
import Foundation
import TestHTTPServer
import Testing
@testable import Fetcher

@Suite struct DeliveryTests {
    let token = "s3cr3t-T0ken/with+chars"

    @Test func aWebhookReceivesTheBodyAndHeadersAsPosted() async throws {
        let server = try TestHTTPServer(routes: ["/hook": .status(204)])
        defer { server.stop() }
        let status = try await Delivery.webhook(url: server.url("/hook"), body: Array(#"{"a":1}"#.utf8),
                                                headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"],
                                                timeout: .seconds(5))
        #expect(status == 204)
        let request = try #require(server.requests("/hook").first)
        #expect(request.method == "POST")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["authorization"] == "Bearer \(token)")
        #expect(request.headers["expect"] == nil, "no 100-continue wait")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"a":1}"#)
    }

    @Test func aRefusingWebhookIsRejectedWithItsAnswerRedacted() async throws {
        // Given a server that echoes the request's Authorization header and target in a 500
        let echo = Route { request, _, connection in
            let body = "boom: \(request.headers["authorization"] ?? "") at \(request.target)\r\nsecond line"
            connection.writeHead(status: 500, headers: [], contentLength: body.utf8.count)
            connection.write(body)
            return .keepAlive
        }
        let server = try TestHTTPServer(routes: ["/hook/abc-secret-path": echo])
        defer { server.stop() }
        await #expect {
            _ = try await Delivery.webhook(url: server.url("/hook/abc-secret-path"), body: [], headers: ["Authorization": "Bearer \(token)"],
                                           timeout: .seconds(5), secrets: ["abc-secret-path"])
        } throws: { error in
            let failure = try #require(error as? DeliveryFailure)
            return failure.kind == .rejected && failure.responseCode == 500 && !failure.description.contains(token)
                && !failure.description.contains("abc-secret-path") && failure.description.contains(SecretRedactor.mark)
                && !failure.description.contains("\n")
        }
    }

    @Test func redirectsAreNotFollowedAndOtherSchemesNeverContacted() async throws {
        let server = try TestHTTPServer(routes: ["/hook": .redirect(307, to: "/elsewhere"), "/elsewhere": .status(200)])
        defer { server.stop() }
        await #expect(throws: DeliveryFailure(kind: .rejected, responseCode: 307, message: "")) {
            _ = try await Delivery.webhook(url: server.url("/hook"), body: [], headers: [:], timeout: .seconds(5))
        }
        #expect(server.requestCount("/elsewhere") == 0)
        await #expect {
            _ = try await Delivery.webhook(url: "ftp://127.0.0.1:\(server.port)/hook", body: [], headers: [:], timeout: .seconds(5))
        } throws: { ($0 as? DeliveryFailure)?.curlCode == Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue) }
    }

    @Test func aClosedPortIsATransferFailureAndAHeaderLineBreakIsRefused() async throws {
        let closed = try TestHTTPServer(routes: [:])
        let port = closed.port
        closed.stop()
        await #expect {
            _ = try await Delivery.webhook(url: "http://127.0.0.1:\(port)/hook", body: [], headers: [:], timeout: .seconds(5))
        } throws: { ($0 as? DeliveryFailure)?.curlCode == Int(CURLE_COULDNT_CONNECT.rawValue) }
        await #expect {
            _ = try await Delivery.webhook(url: "http://127.0.0.1:\(port)/hook", body: [], headers: ["Authorization": "Bearer \(token)\r\nX-Evil: 1"],
                                           timeout: .seconds(5))
        } throws: { error in
            let failure = try #require(error as? DeliveryFailure)
            return failure.kind == .setup && !failure.description.contains(token)
        }
    }

    @Test func mailTLSMapsToUseSSL() {
        #expect(Delivery.useSSL(for: .required) == Int(CURLUSESSL_ALL.rawValue))
        #expect(Delivery.useSSL(for: .whenOffered) == Int(CURLUSESSL_TRY.rawValue))
    }

    @Test func theRedactorRemovesSecretsInEveryFormAndURLCredentials() {
        let redact = SecretRedactor(["a b/c"]).adding(credentialsOf: "https://user:pa55@hooks.example.org/x")
        #expect(redact("got a b/c and a%20b%2Fc from user:pa55@hooks\nnext") == "got [redacted] and [redacted] from [redacted]@hooks next")
        #expect(SecretRedactor([""])("nothing to hide") == "nothing to hide")
    }

    @Test func mailArrivesWithLeadingDotsIntactAndRequiredTLSIsEnforced() async throws {
        guard let server = try await SMTPTestServer.start() else {
            try Test.cancel("no python3-aiosmtpd: install it (.ci/run does) to test mail delivery")
        }
        defer { server.stop() }
        let message = "From: a@example.org\r\nTo: b@example.org\r\nSubject: dots\r\n\r\n.hidden\r\n..two\r\nend\r\n"
        try await Delivery.mail(smtpURL: server.url, from: "a@example.org", to: ["b@example.org"], message: message,
                                username: nil, password: nil, tls: .whenOffered, timeout: .seconds(5))
        let received = try #require(server.messages().first)
        #expect(received.contains("\n.hidden\n..two\nend"), "libcurl dot-stuffs and the server un-stuffs")
        #expect(received.contains("X-RcptTo: b@example.org"))

        // The same server offers no STARTTLS: `required` must not send the mail in clear text.
        await #expect {
            try await Delivery.mail(smtpURL: server.url, from: "a@example.org", to: ["b@example.org"], message: message,
                                    username: nil, password: "pw-\(token)", tls: .required, timeout: .seconds(5))
        } throws: { error in
            let failure = try #require(error as? DeliveryFailure)
            return failure.curlCode == Int(CURLE_USE_SSL_FAILED.rawValue) && !failure.description.contains(token)
        }
        #expect(server.messages().count == 1)
    }

    @Test func startTLSWithAnOfficeCA() async throws {
        guard let server = try await SMTPTestServer.start(startTLS: true) else {
            try Test.cancel("no python3-aiosmtpd: install it (.ci/run does) to test mail delivery")
        }
        defer { server.stop() }
        let message = "From: a@example.org\r\nTo: b@example.org\r\nSubject: tls\r\n\r\nover TLS\r\n"
        // Without the CA the self-signed certificate is refused: verification is always on.
        await #expect { try await Delivery.mail(smtpURL: server.url, from: "a@example.org", to: ["b@example.org"], message: message,
                                                username: nil, password: nil, tls: .required, timeout: .seconds(5)) }
            throws: { ($0 as? DeliveryFailure)?.kind == .transfer }
        try await Delivery.mail(smtpURL: server.url, from: "a@example.org", to: ["b@example.org"], message: message,
                                username: nil, password: nil, tls: .required, timeout: .seconds(5),
                                certificateAuthorities: server.certificatePath)
        #expect(server.messages().count == 1)
    }
}
