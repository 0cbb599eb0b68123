import Fetcher
import Foundation
import StrictYAML

extension NotificationPolicy {
    static let keys = ["webhooks", "email", "reminder_after", "timeout", "ca_file"]
    static let webhookKeys = ["url", "format", "token_env"]
    static let emailKeys = ["smtp_url", "from", "to", "username_env", "password_env", "starttls"]

    /// Reads `notifications.yaml` from `directory`; a folder without it configures no channel, a
    /// missing folder is an error (as for the other policies).
    public static func load(from directory: String) throws -> NotificationPolicy {
        try PolicyFolder.check(directory)
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return NotificationPolicy() }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws -> NotificationPolicy {
        var d: [Diagnostic] = []
        var policy = NotificationPolicy()
        guard let root = YAMLText.parse(path: path, data: data, into: &d) else { throw InvalidInput(diagnostics: d) }
        if let map = MappingReader(root, what: "the notification policy", path: path, diagnostics: &d) {
            for node in map.list("webhooks", into: &d) {
                if let webhook = readWebhook(node, path: path, into: &d) { policy.webhooks.append(webhook) }
            }
            if let node = map.node("email") { policy.email = readEmail(node, path: path, into: &d) }
            if let text = map.text("reminder_after", into: &d) {
                if let value = PolicyDuration.parse(text, maximumSeconds: 366 * 86_400), value > .zero {
                    policy.reminderAfter = value
                } else {
                    d.append(map.diagnostic(at: map.node("reminder_after"), "'reminder_after' must be a duration like 24h or 7d (at most a year), found '\(text.prefix(40))'"))
                }
            }
            if let text = map.text("timeout", into: &d) {
                if let value = PolicyDuration.parse(text, maximumSeconds: 600), value >= .seconds(1) {
                    policy.timeout = value
                } else {
                    d.append(map.diagnostic(at: map.node("timeout"), "'timeout' must be a duration from 1s to 10m, like 20s, found '\(text.prefix(40))'"))
                }
            }
            policy.certificateAuthorityFile = map.text("ca_file", into: &d)
            map.reportUnknownKeys(known: keys, into: &d)
        }
        if d.hasErrors { throw InvalidInput(diagnostics: d.sorted()) }
        return policy
    }

    private static func readWebhook(_ node: YAMLNode, path: String, into d: inout [Diagnostic]) -> Webhook? {
        guard let map = MappingReader(node, what: "a webhook", path: path, diagnostics: &d) else { return nil }
        defer { map.reportUnknownKeys(known: webhookKeys, into: &d) }
        var webhook = Webhook(url: "")
        if let format = map.text("format", into: &d) {
            if let value = WebhookFormat(rawValue: format) { webhook.format = value } else {
                d.append(map.diagnostic(at: map.node("format"), "'format' of a webhook must be json or slack, found '\(format.prefix(40))'"
                    + Suggestions.didYouMean(format, in: WebhookFormat.allCases.map(\.rawValue))))
            }
        }
        webhook.tokenEnvironment = variableName("token_env", in: map, into: &d)
        guard let url = map.text("url", required: true, into: &d) else { return nil }
        // The URL is checked with each placeholder standing for a harmless word; its own text is
        // never echoed, since a webhook URL can itself be the secret.
        guard let names = EnvironmentPlaceholders.names(in: url) else {
            d.append(map.diagnostic(at: map.node("url"), "a webhook 'url' may hold ${NAME} placeholders only with NAME an environment variable name (letters, digits, _), each closed by '}'"))
            return nil
        }
        let filled = names.reduce(url) { $0.replacing("${\($1)}", with: "placeholder") }
        if let problem = FieldRules.urlProblem(filled) {
            d.append(map.diagnostic(at: map.node("url"), "webhook 'url': \(problem)"))
            return nil
        }
        webhook.url = url
        return webhook
    }

    private static func readEmail(_ node: YAMLNode, path: String, into d: inout [Diagnostic]) -> Email? {
        guard let map = MappingReader(node, what: "email", path: path, diagnostics: &d) else { return nil }
        defer { map.reportUnknownKeys(known: emailKeys, into: &d) }
        let smtpURL = map.text("smtp_url", required: true, into: &d)
        if let smtpURL, let problem = smtpURLProblem(smtpURL) {
            d.append(map.diagnostic(at: map.node("smtp_url"), problem))
        }
        let from = map.text("from", required: true, into: &d)
        if let from, let problem = addressProblem(from) { d.append(map.diagnostic(at: map.node("from"), "'from': \(problem)")) }
        if !map.has("to") { d.append(map.diagnostic(at: nil, "email is missing required key 'to' (a list of addresses)")) }
        let toNodes = map.list("to", into: &d)
        var to: [String] = []
        for entry in toNodes {
            guard let text = entry.text?.trimmedWhitespace, !text.isEmpty else {
                d.append(map.diagnostic(at: entry, "each entry of 'to' must be an email address"))
                continue
            }
            if let problem = addressProblem(text) { d.append(map.diagnostic(at: entry, "'to': \(problem)")) } else { to.append(text) }
        }
        if map.has("to") && toNodes.isEmpty { d.append(map.diagnostic(at: map.node("to"), "'to' must name at least one address")) }
        let username = variableName("username_env", in: map, into: &d)
        let password = variableName("password_env", in: map, into: &d)
        if map.has("username_env") != map.has("password_env") {
            d.append(map.diagnostic(at: map.node("username_env") ?? map.node("password_env"), "'username_env' and 'password_env' go together: name both, or neither for a server that needs no login"))
        }
        let isSMTPS = smtpURL?.lowercased().hasPrefix("smtps:") ?? false
        // With a password, STARTTLS is required unless said otherwise, and saying otherwise is refused:
        // a server (or someone in between) that offers no STARTTLS would otherwise receive it in clear text.
        var startTLS: Delivery.MailTLS = password == nil ? .whenOffered : .required
        if let text = map.text("starttls", into: &d) {
            if isSMTPS {
                d.append(map.diagnostic(at: map.node("starttls"), "'starttls' applies to smtp:// only; smtps:// is TLS from the first byte, so leave it out"))
            } else if let value = Delivery.MailTLS(rawValue: text) {
                if value == .whenOffered && password != nil {
                    d.append(map.diagnostic(at: map.node("starttls"), "'starttls: when-offered' would send the password in clear text to a server that offers no STARTTLS; use required, or smtps://"))
                } else {
                    startTLS = value
                }
            } else {
                d.append(map.diagnostic(at: map.node("starttls"), "'starttls' must be required or when-offered, found '\(text.prefix(40))'"
                    + Suggestions.didYouMean(text, in: Delivery.MailTLS.allCases.map(\.rawValue))))
            }
        }
        guard let smtpURL, let from, !to.isEmpty else { return nil }
        return Email(smtpURL: smtpURL, from: from, to: to, usernameEnvironment: username, passwordEnvironment: password,
                     startTLS: startTLS)
    }

    private static func variableName(_ key: String, in map: MappingReader, into d: inout [Diagnostic]) -> String? {
        guard let name = map.text(key, into: &d) else { return nil }
        guard EnvironmentPlaceholders.isVariableName(name) else {
            d.append(map.diagnostic(at: map.node(key), "'\(key)' names an environment variable (letters, digits and _, like PRESSKIT_SMTP_PASSWORD), not the secret itself"))
            return nil
        }
        return name
    }

    /// smtp or smtps, a host, a valid port, and no credentials (they come from the environment).
    static func smtpURLProblem(_ text: String) -> String? {
        let scheme = text.prefix { $0 != ":" }.lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            return "'smtp_url' must start with smtp:// (STARTTLS, usually port 587) or smtps:// (TLS, usually port 465)"
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            return "'smtp_url' must name a host, like smtp://mail.example.org:587"
        }
        if components.user != nil || components.password != nil {
            return "'smtp_url' must not carry a user name or password; name environment variables in 'username_env' and 'password_env'"
        }
        if let port = components.port, !(1...65_535).contains(port) { return "the port of 'smtp_url' is out of range" }
        return nil
    }

    /// An address usable both in the SMTP envelope and in a header: no display name, brackets or quotes.
    static func addressProblem(_ text: String) -> String? {
        if let problem = FieldRules.emailProblem(text) { return problem }
        if text.contains(where: { "<>()\",;:\\[]".contains($0) || !$0.isASCII }) {
            return "'\(text.prefix(60))' must be a plain address like press@example.org, without a name, brackets or quotes"
        }
        return nil
    }
}
