import Catalogue
import Foundation

/// Builds the change digest of a scheduled run: what changed since the last digest (by the same
/// rules as `presskit report`, `ChangeDigest.build`), reminders for links still broken after
/// `reminderAfter`, and each certificate warning once per expiry date. `commit` records what was
/// said, after the digest is safely queued.
public struct DigestBuilder: Sendable {
    public var store: CatalogueStore
    public var certificateWarningDays: Int
    public var reminderAfter: Duration

    public init(store: CatalogueStore, certificateWarningDays: Int, reminderAfter: Duration) {
        self.store = store
        self.certificateWarningDays = certificateWarningDays
        self.reminderAfter = reminderAfter
    }

    /// A digest and what to record once it is queued.
    public struct Outcome: Sendable {
        public var digest: ChangeDigest
        var until: Date
        var alerts: [LinkAlert]
        var cleared: [String]
    }

    public func build(now: Date = Date()) throws -> Outcome {
        let since = try store.mark("digest")
        let alerts = try store.alerts()
        let transitions = LinkTransitions.derive(try store.histories(since: since, until: now))
        let window = now.addingTimeInterval(Double(certificateWarningDays) * 86_400)
        let expiring = try store.expiringCertificates(before: window).map(\.url)
        let failing = try store.failingLinks()
        let urls = Array(Set(transitions.map(\.url) + expiring + failing.map(\.url)))
        let uses = try store.uses(of: urls).mapValues { $0.map(ChangeDigest.AssetReference.init) }
        var digest = ChangeDigest.build(transitions: transitions, health: try store.health(of: urls), usedBy: uses,
                                        certificateWarningDays: certificateWarningDays, since: since, createdAt: now)
        var said: [LinkAlert] = []
        var cleared: [String] = []
        digest.items = digest.items.filter { item in
            switch item.kind {
            case .broke:
                said.append(LinkAlert(url: item.url, kind: "broke", detail: item.verdict, alertedAt: now))
            case .recovered:
                cleared.append(item.url)
            case .certificateExpiring:
                // A standing warning: said again only for a new expiry date (a renewed certificate).
                let expiry = item.certificateExpiry ?? ""
                guard alerts[item.url]?["certificate-expiring"]?.detail != expiry else { return false }
                said.append(LinkAlert(url: item.url, kind: "certificate-expiring", detail: expiry, alertedAt: now))
            default:
                break
            }
            return true
        }
        let announced = Set(digest.items.filter { $0.kind == .broke || $0.kind == .recovered }.map(\.url))
        for link in failing where !announced.contains(link.url) {
            guard let previous = alerts[link.url]?["broke"],
                  now.timeIntervalSince(previous.alertedAt) >= reminderAfter.seconds else { continue }
            digest.items.append(ChangeDigest.Item(kind: .reminder, url: link.url, verdict: link.verdict, previousVerdict: nil,
                                                  since: Timestamp.text(link.since), usedBy: uses[link.url] ?? []))
            said.append(LinkAlert(url: link.url, kind: "broke", detail: link.verdict, alertedAt: now))
        }
        digest.items.sort { ($0.kind, $0.url) < ($1.kind, $1.url) }
        return Outcome(digest: digest, until: now, alerts: said, cleared: cleared)
    }

    /// Records that `outcome`'s digest was queued: the next digest starts where this one ended.
    public func commit(_ outcome: Outcome) throws {
        try store.recordDigest(until: outcome.until, alerts: outcome.alerts, cleared: outcome.cleared)
    }
}
