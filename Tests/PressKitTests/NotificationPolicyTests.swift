import Foundation
import StrictYAML
import Testing
import TestSupport
@testable import PressKit

@Suite struct NotificationPolicyTests {
    func parse(_ yaml: String) throws -> NotificationPolicy {
        try NotificationPolicy.parse(Data(yaml.utf8), path: "Policies/notifications.yaml")
    }

    func problems(_ yaml: String) -> [String] {
        diagnostics { _ = try parse(yaml) }
    }

    @Test func theShippedPolicyConfiguresNoChannel() throws {
        let shipped = try NotificationPolicy.load(from: Repository.root.appendingPathComponent("Policies").path)
        #expect(shipped == NotificationPolicy())
        #expect(!shipped.isConfigured && shipped.channels.isEmpty)
    }

    @Test func theCommentedExamplesAreValidOnceUncommented() throws {
        // Given the shipped file with its example channels uncommented
        let text = try String(contentsOf: Repository.root.appendingPathComponent("Policies/notifications.yaml"), encoding: .utf8)
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("# ") && !line.hasPrefix("# Where") && !line.hasPrefix("# configured") ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
        let policy = try parse(uncommented)
        #expect(policy.channels.map(\.name) == ["webhook:1", "webhook:2", "email"])
        #expect(policy.email?.startTLS == .required && policy.certificateAuthorityFile == "/etc/ssl/office-ca.pem")
    }

    @Test func readsEveryKey() throws {
        let policy = try parse("""
            webhooks:
              - url: https://press.example.org/hooks/links
                token_env: PRESSKIT_WEBHOOK_TOKEN
              - {url: "https://hooks.slack.com/services/${SLACK_HOOK}", format: slack}
            email:
              smtp_url: smtps://mail.example.org:465
              from: presskit@example.org
              to: [desk@example.org, duty@example.org]
              username_env: SMTP_USER
              password_env: SMTP_PASSWORD
            reminder_after: 7d
            timeout: 5s
            ca_file: /etc/ssl/office.pem
            """)
        #expect(policy.webhooks == [
            .init(url: "https://press.example.org/hooks/links", format: .json, tokenEnvironment: "PRESSKIT_WEBHOOK_TOKEN"),
            .init(url: "https://hooks.slack.com/services/${SLACK_HOOK}", format: .slack),
        ])
        #expect(policy.email == .init(smtpURL: "smtps://mail.example.org:465", from: "presskit@example.org",
                                      to: ["desk@example.org", "duty@example.org"], usernameEnvironment: "SMTP_USER",
                                      passwordEnvironment: "SMTP_PASSWORD", startTLS: .required))
        #expect(policy.email?.effectiveTLS == .required)
        #expect(policy.reminderAfter == .seconds(7 * 86_400) && policy.timeout == .seconds(5))
        #expect(policy.certificateAuthorityFile == "/etc/ssl/office.pem")
        #expect(policy.channel(named: "webhook:2") == .webhook(policy.webhooks[1]))
    }

    @Test func startTLSDefaultsToWhenOfferedWithoutAPassword() throws {
        let policy = try parse("email: {smtp_url: 'smtp://127.0.0.1:2525', from: a@example.org, to: [b@example.org]}")
        #expect(policy.email?.startTLS == .whenOffered && policy.email?.effectiveTLS == .whenOffered)
        #expect(policy.reminderAfter == .seconds(86_400) && policy.timeout == .seconds(20))
    }

    @Test func reportsEveryProblemWithItsPosition() {
        #expect(problems("""
            webhook: []
            webhooks:
              - url: ftp://press.example.org/x
                format: slak
              - url: https://user:pw@press.example.org/x
                token_env: "my token"
              - url: https://hooks.example.org/${BAD-NAME}
              - format: json
            email:
              smtp_url: https://mail.example.org
              from: Press Office <press@example.org>
              to: [desk@example.org, not-an-address]
              password_env: SMTP_PASSWORD
              starttls: when-offered
              subject: hi
            reminder_after: 0s
            timeout: 1h
            """) == [
                "Policies/notifications.yaml:1:1: error: unknown key 'webhook' in the notification policy; did you mean 'webhooks'?",
                "Policies/notifications.yaml:3:10: error: webhook 'url': only http and https links are allowed, not 'ftp'",
                "Policies/notifications.yaml:4:13: error: 'format' of a webhook must be json or slack, found 'slak'; did you mean 'slack'?",
                "Policies/notifications.yaml:5:10: error: webhook 'url': a URL must not carry a user name or password ('user:password@'); links are shown to journalists",
                "Policies/notifications.yaml:6:16: error: 'token_env' names an environment variable (letters, digits and _, like PRESSKIT_SMTP_PASSWORD), not the secret itself",
                "Policies/notifications.yaml:7:10: error: a webhook 'url' may hold ${NAME} placeholders only with NAME an environment variable name (letters, digits, _), each closed by '}'",
                "Policies/notifications.yaml:8:5: error: a webhook is missing required key 'url'",
                "Policies/notifications.yaml:10:13: error: 'smtp_url' must start with smtp:// (STARTTLS, usually port 587) or smtps:// (TLS, usually port 465)",
                "Policies/notifications.yaml:11:9: error: 'from': 'Press Office <press@example.org>' is not an email address like press@example.org",
                "Policies/notifications.yaml:12:26: error: 'to': 'not-an-address' is not an email address like press@example.org",
                "Policies/notifications.yaml:13:17: error: 'username_env' and 'password_env' go together: name both, or neither for a server that needs no login",
                "Policies/notifications.yaml:14:13: error: 'starttls: when-offered' would send the password in clear text to a server that offers no STARTTLS; use required, or smtps://",
                "Policies/notifications.yaml:15:3: error: unknown key 'subject' in email",
                "Policies/notifications.yaml:16:17: error: 'reminder_after' must be a duration like 24h or 7d (at most a year), found '0s'",
                "Policies/notifications.yaml:17:10: error: 'timeout' must be a duration from 1s to 10m, like 20s, found '1h'",
            ])
    }

    @Test func emailShapeProblems() {
        #expect(problems("""
            email:
              smtp_url: smtps://user:pw@mail.example.org:465
              from: press@example.org
              to: []
              starttls: required
            """) == [
                "Policies/notifications.yaml:2:13: error: 'smtp_url' must not carry a user name or password; name environment variables in 'username_env' and 'password_env'",
                "Policies/notifications.yaml:4:7: error: 'to' must name at least one address",
                "Policies/notifications.yaml:5:13: error: 'starttls' applies to smtp:// only; smtps:// is TLS from the first byte, so leave it out",
            ])
        #expect(problems("email: {smtp_url: 'smtp://mail.example.org:587', from: press@example.org, starttls: requried}") == [
            "Policies/notifications.yaml:1:8: error: email is missing required key 'to' (a list of addresses)",
            "Policies/notifications.yaml:1:85: error: 'starttls' must be required or when-offered, found 'requried'; did you mean 'required'?",
        ])
    }

    @Test func aMissingFolderIsAnErrorButAMissingFileMeansNoChannel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try NotificationPolicy.load(from: directory.path) == NotificationPolicy())
        #expect(throws: InvalidInput.self) { try NotificationPolicy.load(from: directory.path("nope")) }
    }

    @Test func placeholdersAreFilledFromTheEnvironmentOrNameTheUnsetVariable() {
        #expect(EnvironmentPlaceholders.names(in: "https://h/${A}/${B_2}") == ["A", "B_2"])
        #expect(EnvironmentPlaceholders.names(in: "https://h/${A") == nil)
        #expect(EnvironmentPlaceholders.fill("https://h/${A}", from: ["A": "x"]) == .success("https://h/x"))
        #expect(EnvironmentPlaceholders.fill("https://h/${A}", from: [:]) == .failure(.init(name: "A")))
    }
}
