import Catalogue
import Foundation
import TestHTTPServer
import Testing
import TestSupport
@testable import PressKit

/// The Notifier against real servers on 127.0.0.1: the Swift test server for webhooks, aiosmtpd for mail.
@Suite struct NotifierTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore
    let digest = DigestFixtures.representative
    /// Secrets with characters that percent-encoding and JSON would change, to catch leaks in any form.
    let token = "tok-9f8e/7d+6c=VERY-SECRET"
    let hookSecret = "T0001-B0002-SLACK-SECRET"
    let password = "pa$$-SMTP-SECRET"

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("catalogue.sqlite"), access: .create)
    }

    func notifier(_ configure: (inout NotificationPolicy) -> Void, environment: [String: String] = [:]) -> Notifier {
        var policy = NotificationPolicy()
        policy.timeout = .seconds(5)
        configure(&policy)
        return Notifier(policy: policy, store: store, environment: environment)
    }

    /// Everything a person or a log could see after a run: summary lines and every outbox row.
    func everythingShown(_ summaries: [NotificationSummary]) throws -> String {
        let rows = try store.allNotifications().map { "\($0.channel) \($0.payload) \($0.lastError ?? "")" }
        return (summaries.flatMap(\.lines) + summaries.flatMap { ($0.failed + $0.waiting + $0.unconfigured).compactMap(\.error) } + rows)
            .joined(separator: "\n")
    }

    func expectNoSecrets(in text: String) {
        for secret in [token, hookSecret, password] {
            #expect(!text.contains(secret), "\(secret) leaked")
            #expect(!text.contains(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret), "\(secret) leaked encoded")
        }
    }

    @Test func webhooksReceiveTheDigestAsJSONAndAsSlackText() async throws {
        defer { directory.remove() }
        let server = try TestHTTPServer(routes: ["/hook": .status(200), "/slack/\(hookSecret)": .status(200, body: "ok")])
        defer { server.stop() }
        let notifier = notifier({
            $0.webhooks = [.init(url: server.url("/hook"), format: .json, tokenEnvironment: "PK_TOKEN"),
                           .init(url: server.url("/slack/${PK_SLACK}"), format: .slack)]
        }, environment: ["PK_TOKEN": token, "PK_SLACK": hookSecret])

        let summary = try await notifier.notify(digest)

        #expect(summary.queued == 2 && summary.delivered.map(\.channel) == ["webhook:1", "webhook:2"] && summary.isComplete)
        let json = try #require(server.requests("/hook").first)
        #expect(json.method == "POST" && json.headers["content-type"] == "application/json")
        #expect(json.headers["authorization"] == "Bearer \(token)")
        #expect(try JSONDecoder().decode(ChangeDigest.self, from: Data(json.body)) == digest)
        let slack = try #require(server.requests("/slack/\(hookSecret)").first)
        #expect(slack.headers["authorization"] == nil, "the token goes only where token_env says")
        let text = try JSONDecoder().decode(SlackMessage.self, from: Data(slack.body)).text
        #expect(text.contains("Broken (2)") && text.contains("&lt;!channel&gt;"))
        #expect(try store.pendingNotifications().isEmpty)
    }

    @Test func aFailingWebhookWhoseDigestIsDeliveredOnTheNextRun() async throws {
        defer { directory.remove() }
        // Given a webhook that fails once with a 500 echoing the token, then works
        let echo = Route { request, _, connection in
            let body = "upstream down; you sent \(request.headers["authorization"] ?? "")"
            connection.writeHead(status: 500, headers: [], contentLength: body.utf8.count)
            connection.write(body)
            return .keepAlive
        }
        let server = try TestHTTPServer(routes: ["/hook": .sequence([echo, .status(200)])])
        defer { server.stop() }
        let notifier = notifier({ $0.webhooks = [.init(url: server.url("/hook"), tokenEnvironment: "PK_TOKEN")] },
                                environment: ["PK_TOKEN": token])

        // When the first run's delivery fails
        let first = try await notifier.notify(digest)
        #expect(first.delivered.isEmpty && first.failed.count == 1)
        let pending = try #require(try store.pendingNotifications().first)
        #expect(pending.attempts == 1 && pending.lastError?.contains("HTTP 500") == true)
        #expect(pending.lastError?.contains("[redacted]") == true)

        // Then the next run sends it first, then its own digest
        var later = digest
        later.createdAt = "2026-11-24T12:30:00Z"
        let second = try await notifier.notify(later, now: Date().addingTimeInterval(900))
        #expect(second.delivered.map(\.id) == [pending.id, pending.id + 1])
        #expect(second.delivered.first?.attempts == 2 && second.isComplete)
        let bodies = server.requests("/hook").map { try? JSONDecoder().decode(ChangeDigest.self, from: Data($0.body)) }
        #expect(bodies == [digest, digest, later])
        expectNoSecrets(in: try everythingShown([first, second]))
    }

    @Test func unreachableChannelsAndUnsetVariablesKeepTheDigestAndNeverShowASecret() async throws {
        defer { directory.remove() }
        let closed = try TestHTTPServer(routes: [:])
        let port = closed.port
        closed.stop()
        let notifier = notifier({
            $0.webhooks = [.init(url: "http://127.0.0.1:\(port)/hooks/${PK_SLACK}", tokenEnvironment: "PK_TOKEN"),
                           .init(url: "http://127.0.0.1:\(port)/hooks/${PK_UNSET}")]
            $0.email = .init(smtpURL: "smtp://127.0.0.1:\(port)", from: "presskit@example.org", to: ["desk@example.org"],
                             usernameEnvironment: "PK_USER", passwordEnvironment: "PK_PASSWORD", startTLS: .required)
        }, environment: ["PK_TOKEN": token, "PK_SLACK": hookSecret, "PK_USER": "presskit", "PK_PASSWORD": password])

        let first = try await notifier.notify(digest)
        #expect(first.failed.map(\.channel) == ["webhook:1", "webhook:2", "email"] && first.delivered.isEmpty)
        #expect(first.failed[1].error == "environment variable PK_UNSET (the URL of webhook:2) is not set; set it where the scheduled run starts")
        #expect(first.failed[0].error?.contains("Couldn't connect") == true || first.failed[0].error?.contains("Failed to connect") == true)

        // A second run tries each channel's oldest notification once; the newer ones wait behind it.
        let second = try await notifier.notify(digest)
        #expect(second.failed.count == 3 && second.waiting.count == 3 && second.failed.allSatisfy { $0.attempts == 2 })
        #expect(try store.pendingNotifications().count == 6)
        expectNoSecrets(in: try everythingShown([first, second]))
    }

    @Test func nothingIsQueuedForAnEmptyDigestOrWithoutChannels() async throws {
        defer { directory.remove() }
        let empty = ChangeDigest(createdAt: "2026-11-24T12:15:00Z", since: nil, items: [])
        let withWebhook = notifier { $0.webhooks = [.init(url: "http://127.0.0.1:9/hook")] }
        #expect(try await withWebhook.notify(empty) == NotificationSummary())
        #expect(try await notifier { _ in }.notify(digest) == NotificationSummary())
        // A channel removed from the policy: its notification is kept and reported, not sent.
        try store.enqueueNotifications([("webhook:9", "{}")], at: Date())
        let summary = try await withWebhook.notify(nil)
        #expect(summary.unconfigured.map(\.channel) == ["webhook:9"] && summary.unconfigured[0].attempts == 0)
        #expect(try store.pendingNotifications().count == 1)
    }

    @Test func mailArrivesWithTheDigest() async throws {
        defer { directory.remove() }
        guard let server = try await SMTPTestServer.start() else {
            try Test.cancel("no python3-aiosmtpd: install it (.ci/run does) to test mail delivery")
        }
        defer { server.stop() }
        let notifier = notifier {
            $0.email = .init(smtpURL: server.url, from: "presskit@example.org", to: ["desk@example.org", "duty@example.org"])
        }
        let summary = try await notifier.notify(digest)
        #expect(summary.delivered.map(\.channel) == ["email"])
        let message = try #require(server.messages().first)
        let (head, body) = try #require(message.split(separator: "\n\n", maxSplits: 1).map(String.init).pairs)
        let headers = head.split(separator: "\n").map(String.init)
        #expect(headers.contains("From: presskit@example.org"))
        #expect(headers.contains("To: desk@example.org, duty@example.org"))
        #expect(headers.contains("Subject: presskit: 2 links broke, 1 moved, 1 changed, 1 certificate expiring,"))
        #expect(headers.contains("X-MailFrom: presskit@example.org") && headers.contains("X-RcptTo: desk@example.org, duty@example.org"))
        #expect(QuotedPrintable.decode(body).replacingOccurrences(of: "\r\n", with: "\n") == DigestText().render(digest))
    }

    @Test func aLoginOverStartTLSThatTheServerRefusesKeepsTheMailAndThePasswordHidden() async throws {
        defer { directory.remove() }
        guard let server = try await SMTPTestServer.start(startTLS: true) else {
            try Test.cancel("no python3-aiosmtpd: install it (.ci/run does) to test mail delivery")
        }
        defer { server.stop() }
        // aiosmtpd offers AUTH only after STARTTLS and, started from its command line, accepts no
        // login: reaching its 535 proves the TLS upgrade (verified against the office CA) and the
        // login exchange happened, and the refusal must not show the password.
        let notifier = notifier({
            $0.email = .init(smtpURL: server.url, from: "presskit@example.org", to: ["desk@example.org"],
                             usernameEnvironment: "PK_USER", passwordEnvironment: "PK_PASSWORD", startTLS: .required)
            $0.certificateAuthorityFile = server.certificatePath
        }, environment: ["PK_USER": "presskit", "PK_PASSWORD": password])
        let summary = try await notifier.notify(digest)
        #expect(summary.failed.map(\.channel) == ["email"] && server.messages().isEmpty)
        #expect(summary.failed.first?.error?.contains("reply 535") == true, "\(summary.lines)")
        #expect(try store.pendingNotifications().count == 1)
        expectNoSecrets(in: try everythingShown([summary]))
    }
}
