import Catalogue
import Foundation

/// Builds the change digest of a scheduled run: what changed since the last digest, reminders for
/// links still broken after `reminderAfter`, and certificates entering the warning window — each piece
/// of news once. `commit` records what was said, after the digest is safely queued.
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
        var items: [ChangeDigest.Item] = []
        var said: [LinkAlert] = []
        var cleared: [String] = []

        for history in try store.histories(since: since, until: now) {
            let transitions = LinkTransitions.derive(history)
            guard let last = history.checks.last else { continue }
            let wasWorking = history.before.map { LinkTransitions.isWorking($0.verdict) } ?? true
            let isWorking = LinkTransitions.isWorking(last.verdict)
            // A link that broke and came back within the period needs no one's attention.
            if wasWorking && !isWorking, let broke = transitions.last(where: { $0.kind == .broke }) {
                items.append(item(.broke, broke, since: broke.at))
                said.append(LinkAlert(url: history.url, kind: "broke", detail: last.verdict, alertedAt: now))
            } else if !wasWorking && isWorking, let recovered = transitions.last(where: { $0.kind == .recovered }) {
                items.append(item(.recovered, recovered, since: recovered.at))
                cleared.append(history.url)
            }
            if last.verdict == "redirected", let moved = transitions.last(where: { $0.kind == .moved }) {
                items.append(item(.moved, moved, since: moved.at))
            }
            if isWorking, let changed = transitions.last(where: { $0.kind == .changed }) {
                items.append(item(.changed, changed, since: changed.at))
            }
        }

        let announced = Set(items.map(\.url))
        for link in try store.failingLinks() where !announced.contains(link.url) {
            guard let previous = alerts[link.url]?["broke"],
                  now.timeIntervalSince(previous.alertedAt) >= reminderAfter.seconds else { continue }
            items.append(ChangeDigest.Item(kind: .reminder, url: link.url, verdict: link.verdict, previousVerdict: nil,
                                           since: Timestamp.text(link.since), usedBy: []))
            said.append(LinkAlert(url: link.url, kind: "broke", detail: link.verdict, alertedAt: now))
        }

        let window = now.addingTimeInterval(Double(certificateWarningDays) * 86_400)
        for (url, expiry) in try store.expiringCertificates(before: window) {
            let text = Timestamp.text(expiry)
            guard alerts[url]?["certificate-expiring"]?.detail != text else { continue }
            items.append(ChangeDigest.Item(kind: .certificateExpiring, url: url, verdict: "ok", previousVerdict: nil,
                                           since: Timestamp.text(now), certificateExpiry: text, usedBy: []))
            said.append(LinkAlert(url: url, kind: "certificate-expiring", detail: text, alertedAt: now))
        }

        let references = try store.references(for: items.map(\.url))
        for index in items.indices {
            items[index].usedBy = (references[items[index].url] ?? []).map {
                ChangeDigest.AssetReference(event: $0.event, asset: $0.asset, title: $0.title)
            }
        }
        items.sort { ($0.kind, $0.url) < ($1.kind, $1.url) }
        let digest = ChangeDigest(createdAt: Timestamp.text(now), since: since.map(Timestamp.text), items: items)
        return Outcome(digest: digest, until: now, alerts: said, cleared: cleared)
    }

    /// Records that `outcome`'s digest was queued: the next digest starts where this one ended.
    public func commit(_ outcome: Outcome) throws {
        try store.recordDigest(until: outcome.until, alerts: outcome.alerts, cleared: outcome.cleared)
    }

    private func item(_ kind: ChangeDigest.Kind, _ transition: LinkTransition, since: Date) -> ChangeDigest.Item {
        ChangeDigest.Item(kind: kind, url: transition.url, verdict: transition.verdict,
                          previousVerdict: transition.previousVerdict, since: Timestamp.text(since),
                          newURL: transition.newURL, detail: transition.detail, usedBy: [])
    }
}
