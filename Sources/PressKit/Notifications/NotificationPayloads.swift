import Foundation

/// What each channel is sent for a digest, rendered once when the digest is queued and stored in
/// the outbox as it will go out, so a retry next run sends exactly the same bytes.
public struct NotificationPayloads: Sendable {
    public var policy: NotificationPolicy
    public var text = DigestText()

    public init(policy: NotificationPolicy) {
        self.policy = policy
    }

    /// One payload per configured channel; none for an empty digest or when no channel is configured.
    public func render(_ digest: ChangeDigest, at date: Date) throws -> [(channel: String, payload: String)] {
        guard !digest.isEmpty else { return [] }
        return try policy.channels.compactMap { name, channel in
            switch channel {
            case .webhook(let webhook):
                return (name, try webhookBody(digest, format: webhook.format))
            case .email(let email):
                var mail = DigestMail(from: email.from, to: email.to)
                mail.text = text
                return mail.message(for: digest, date: date, messageID: "presskit.\(UUID().uuidString.lowercased())").map { (name, $0) }
            }
        }
    }

    func webhookBody(_ digest: ChangeDigest, format: NotificationPolicy.WebhookFormat) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch format {
        case .json:
            return String(decoding: try encoder.encode(digest), as: UTF8.self)
        case .slack:
            let message = SlackMessage(text: SlackEscaping.text(text.render(digest) ?? ""))
            return String(decoding: try encoder.encode(message), as: UTF8.self)
        }
    }
}

/// A chat webhook's message: Slack's incoming-webhook payload, `{"text": …}`, which Mattermost,
/// Rocket.Chat and Microsoft Teams' Slack-compatible hooks accept too.
struct SlackMessage: Codable, Equatable {
    /// Escaped for mrkdwn (`SlackEscaping`).
    var text: String
}
