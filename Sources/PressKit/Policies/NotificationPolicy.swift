import Fetcher
import Foundation

/// Where scheduled runs send their change digest: `Policies/notifications.yaml`, documented key by
/// key in Policies/README.md. Without the file, or with every channel commented out (as shipped),
/// nothing is sent.
///
/// Secrets are never written here: the policy names environment variables (`token_env`,
/// `password_env`, `${NAME}` in a webhook URL) that are read only when a notification is sent.
public struct NotificationPolicy: Sendable, Equatable {
    public static let fileName = "notifications.yaml"

    public var webhooks: [Webhook] = []
    public var email: Email?
    /// How long a link may stay broken before it is announced again.
    public var reminderAfter: Duration = .seconds(24 * 3_600)
    /// Longest one delivery (connection, TLS, sending, the server's answer) may take.
    public var timeout: Duration = .seconds(20)
    /// A PEM file of extra certificate authorities for webhook and mail servers (an intranet CA).
    public var certificateAuthorityFile: String?

    public init() {}

    /// Whether any channel is configured; without one, digests are not even queued.
    public var isConfigured: Bool { !webhooks.isEmpty || email != nil }

    /// Every configured channel under its stable outbox name: `webhook:1`, `webhook:2`, …, `email`.
    public var channels: [(name: String, channel: Channel)] {
        webhooks.enumerated().map { ("webhook:\($0.offset + 1)", Channel.webhook($0.element)) }
            + (email.map { [("email", Channel.email($0))] } ?? [])
    }

    public func channel(named name: String) -> Channel? {
        channels.first { $0.name == name }?.channel
    }

    public enum Channel: Sendable, Equatable {
        case webhook(Webhook)
        case email(Email)
    }

    public struct Webhook: Sendable, Equatable {
        /// http or https; `${NAME}` placeholders are filled from the environment when sending.
        public var url: String
        public var format: WebhookFormat
        /// The environment variable whose value is sent as `Authorization: Bearer …`.
        public var tokenEnvironment: String?

        public init(url: String, format: WebhookFormat = .json, tokenEnvironment: String? = nil) {
            self.url = url
            self.format = format
            self.tokenEnvironment = tokenEnvironment
        }
    }

    public enum WebhookFormat: String, Sendable, Equatable, CaseIterable {
        /// The `ChangeDigest` as JSON (`presskit.digest/1`).
        case json
        /// `{"text": …}`, the digest as readable text, for Slack and chat tools that accept its webhooks.
        case slack
    }

    public struct Email: Sendable, Equatable {
        /// `smtp://host:587` (STARTTLS) or `smtps://host:465` (TLS from the start).
        public var smtpURL: String
        public var from: String
        public var to: [String]
        public var usernameEnvironment: String?
        public var passwordEnvironment: String?
        /// For `smtp://` only.
        public var startTLS: Delivery.MailTLS

        public init(smtpURL: String, from: String, to: [String], usernameEnvironment: String? = nil,
                    passwordEnvironment: String? = nil, startTLS: Delivery.MailTLS = .whenOffered) {
            self.smtpURL = smtpURL
            self.from = from
            self.to = to
            self.usernameEnvironment = usernameEnvironment
            self.passwordEnvironment = passwordEnvironment
            self.startTLS = startTLS
        }

        /// What libcurl is told: `smtps://` is TLS throughout, so it is always `required` there.
        public var effectiveTLS: Delivery.MailTLS {
            smtpURL.lowercased().hasPrefix("smtps:") ? .required : startTLS
        }
    }
}

/// `${NAME}` placeholders in a webhook URL, filled from the environment at send time.
public enum EnvironmentPlaceholders {
    /// The names used in `text`, in order; nil when a `${` is not closed or a name is malformed.
    public static func names(in text: String) -> [String]? {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return nil }
            let name = String(rest[open.upperBound..<close])
            guard isVariableName(name) else { return nil }
            names.append(name)
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// `text` with every placeholder replaced by the variable's value, or the first unset name.
    public static func fill(_ text: String, from environment: [String: String]) -> Result<String, UnsetVariable> {
        var result = text
        for name in names(in: text) ?? [] {
            guard let value = environment[name], !value.isEmpty else { return .failure(UnsetVariable(name: name)) }
            result = result.replacing("${\(name)}", with: value)
        }
        return .success(result)
    }

    public struct UnsetVariable: Error, Sendable, Equatable {
        public var name: String
    }

    /// POSIX shell variable names: a letter or underscore, then letters, digits and underscores.
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
