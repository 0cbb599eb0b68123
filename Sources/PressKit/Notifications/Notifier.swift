import Catalogue
import Fetcher
import Foundation

/// Sends a scheduled run's change digest to every configured channel, through the outbox.
///
/// The digest is queued first (one outbox row per channel, one transaction), then every pending
/// notification is tried, oldest first, so one that failed last run goes out before this run's.
/// A failure is recorded (redacted) and the notification stays queued for the next run: delivery
/// never throws and never stops the check. Once a channel fails, its later notifications wait for
/// the next run too, so a dead server costs one timeout per run, and a channel's digests arrive in order.
///
/// Secrets are read from `environment` only when sending. Every value the policy's `token_env`,
/// `username_env`, `password_env` and `${NAME}` placeholders point at is redacted from every error
/// before it is stored or returned.
public struct Notifier: Sendable {
    public var policy: NotificationPolicy
    public let store: CatalogueStore
    public var environment: [String: String]
    public var payloads: NotificationPayloads

    public init(policy: NotificationPolicy, store: CatalogueStore,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.policy = policy
        self.store = store
        self.environment = environment
        payloads = NotificationPayloads(policy: policy)
    }

    /// Queues `digest` (nothing when it is nil or empty, or no channel is configured), then tries
    /// every pending notification. Throws only when the catalogue database itself fails.
    public func notify(_ digest: ChangeDigest?, now: Date = Date()) async throws -> NotificationSummary {
        var summary = NotificationSummary()
        if let digest, policy.isConfigured {
            summary.queued = try store.enqueueNotifications(payloads.render(digest, at: now), at: now).count
        }
        try await deliverPending(into: &summary)
        return summary
    }

    /// Tries every pending notification, oldest first.
    func deliverPending(into summary: inout NotificationSummary) async throws {
        var failedChannels: Set<String> = []
        for notification in try store.pendingNotifications() {
            func outcome(tried: Bool, _ error: String?) -> NotificationSummary.Outcome {
                NotificationSummary.Outcome(id: notification.id, channel: notification.channel, queuedAt: notification.createdAt,
                                            attempts: notification.attempts + (tried ? 1 : 0), error: error)
            }
            guard let channel = policy.channel(named: notification.channel) else {
                summary.unconfigured.append(outcome(tried: false, "channel '\(notification.channel)' is no longer in \(NotificationPolicy.fileName)"))
                continue
            }
            if failedChannels.contains(notification.channel) {
                summary.waiting.append(outcome(tried: false, nil))
                continue
            }
            if let error = await deliver(notification, over: channel) {
                try store.markNotificationFailed(id: notification.id, at: Date(), error: error)
                summary.failed.append(outcome(tried: true, error))
                failedChannels.insert(notification.channel)
            } else {
                try store.markNotificationDelivered(id: notification.id, at: Date())
                summary.delivered.append(outcome(tried: true, nil))
            }
        }
    }

    /// Sends one notification; nil when delivered, else why not (redacted).
    func deliver(_ notification: OutboxNotification, over channel: NotificationPolicy.Channel) async -> String? {
        let redact = redactor
        do {
            switch channel {
            case .webhook(let webhook):
                let url: String
                switch EnvironmentPlaceholders.fill(webhook.url, from: environment) {
                case .success(let filled): url = filled
                case .failure(let unset): return unsetMessage(unset.name, "the URL of \(notification.channel)")
                }
                var headers = ["Content-Type": "application/json"]
                if let name = webhook.tokenEnvironment {
                    guard let token = environment[name], !token.isEmpty else { return unsetMessage(name, "token_env of \(notification.channel)") }
                    headers["Authorization"] = "Bearer \(token)"
                }
                _ = try await Delivery.webhook(url: url, body: Array(notification.payload.utf8), headers: headers,
                                               timeout: policy.timeout, certificateAuthorities: policy.certificateAuthorityFile,
                                               secrets: secrets)
            case .email(let email):
                var username: String?, password: String?
                if let name = email.usernameEnvironment {
                    guard let value = environment[name], !value.isEmpty else { return unsetMessage(name, "username_env of email") }
                    username = value
                }
                if let name = email.passwordEnvironment {
                    guard let value = environment[name], !value.isEmpty else { return unsetMessage(name, "password_env of email") }
                    password = value
                }
                try await Delivery.mail(smtpURL: email.smtpURL, from: email.from, to: email.to, message: notification.payload,
                                        username: username, password: password, tls: email.effectiveTLS, timeout: policy.timeout,
                                        certificateAuthorities: policy.certificateAuthorityFile, secrets: secrets)
            }
            return nil
        } catch {
            return redact(error.description)
        }
    }

    private func unsetMessage(_ name: String, _ use: String) -> String {
        "environment variable \(name) (\(use)) is not set; set it where the scheduled run starts"
    }

    /// The values of every environment variable the policy names: whatever a server or libcurl
    /// echoes, none of them reaches the outbox or the summary.
    var secrets: [String] {
        var names: [String] = []
        for webhook in policy.webhooks {
            names += EnvironmentPlaceholders.names(in: webhook.url) ?? []
            names += [webhook.tokenEnvironment].compactMap { $0 }
        }
        if let email = policy.email { names += [email.usernameEnvironment, email.passwordEnvironment].compactMap { $0 } }
        return names.compactMap { environment[$0] }.filter { !$0.isEmpty }
    }

    var redactor: SecretRedactor { SecretRedactor(secrets) }
}
