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
        /// Where the digest's period ends; nil for an outage notice, which reports no period.
        var until: Date?
        var alerts: [LinkAlert] = []
        var cleared: [String] = []
        var marks: [String: Date?] = [:]
    }

    /// The mark of an outage staff were told about: when it began.
    static let outageMark = "outage"

    /// For a run that reached no host (nothing recorded): the "checks could not run" notice, once
    /// per outage; the digest is empty when the outage was already announced.
    public func buildOutageNotice(_ outage: NetworkOutage, now: Date = Date()) throws -> Outcome {
        let since = try store.mark("digest")
        var digest = ChangeDigest(createdAt: Timestamp.text(now), since: since.map(Timestamp.text), items: [])
        guard try store.mark(Self.outageMark) == nil else { return Outcome(digest: digest, until: nil) }
        digest.checks = ChangeDigest.ChecksNotice(state: .couldNotRun, since: Timestamp.text(now), reason: outage.message)
        return Outcome(digest: digest, until: nil, marks: [Self.outageMark: now])
    }

    /// The digest after a run. `reachedHosts`: the run reached a host, so an outage announced
    /// before is over and the digest says checks are running again.
    public func build(now: Date = Date(), reachedHosts: Bool = true) throws -> Outcome {
        let since = try store.mark("digest")
        let outageBegan = reachedHosts ? try store.mark(Self.outageMark) : nil
        let alerts = try store.alerts()
        let histories = try store.histories(since: since, until: now)
        let transitions = ArchiveFixity.annotate(LinkTransitions.derive(histories), histories: histories,
                                                 copies: try store.archivedCopies(for: histories.map(\.url)))
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
                said.append(LinkAlert(url: item.url, kind: ChangeDigest.Kind.broke.rawValue, detail: item.verdict.rawValue, alertedAt: now))
            case .recovered:
                cleared.append(item.url)
            case .certificateExpiring:
                // A standing warning: said again only for a new expiry date (a renewed certificate).
                let expiry = item.certificateExpiry ?? ""
                guard alerts[item.url]?[ChangeDigest.Kind.certificateExpiring.rawValue]?.detail != expiry else { return false }
                said.append(LinkAlert(url: item.url, kind: ChangeDigest.Kind.certificateExpiring.rawValue, detail: expiry, alertedAt: now))
            default:
                break
            }
            return true
        }
        let announced = Set(digest.items.filter { $0.kind == .broke || $0.kind == .recovered }.map(\.url))
        // A reminder of a link still broken says, like its first notice, when the office holds a copy.
        let held = try store.archivedCopies(for: failing.map(\.url).filter { !announced.contains($0) })
        for link in failing where !announced.contains(link.url) {
            guard let previous = alerts[link.url]?[ChangeDigest.Kind.broke.rawValue],
                  now.timeIntervalSince(previous.alertedAt) >= reminderAfter.seconds else { continue }
            digest.items.append(ChangeDigest.Item(kind: .reminder, url: link.url, verdict: link.verdict, previousVerdict: nil,
                                                  since: Timestamp.text(link.since), detail: held[link.url].map(ArchiveFixity.holding),
                                                  usedBy: uses[link.url] ?? []))
            said.append(LinkAlert(url: link.url, kind: ChangeDigest.Kind.broke.rawValue, detail: link.verdict.rawValue, alertedAt: now))
        }
        digest.items.sort { ($0.kind, $0.url) < ($1.kind, $1.url) }
        var outcome = Outcome(digest: digest, until: now, alerts: said, cleared: cleared)
        if let outageBegan {
            outcome.digest.checks = ChangeDigest.ChecksNotice(state: .runningAgain, since: Timestamp.text(outageBegan))
            outcome.marks[Self.outageMark] = .some(nil)
        }
        return outcome
    }

    /// Records that `outcome`'s digest was queued: the next digest starts where this one ended.
    public func commit(_ outcome: Outcome) throws {
        try store.recordDigest(until: outcome.until, alerts: outcome.alerts, cleared: outcome.cleared, marks: outcome.marks)
    }
}
