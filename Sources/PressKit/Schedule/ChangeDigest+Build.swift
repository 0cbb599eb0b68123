import Catalogue
import Foundation
import LinkVocabulary

extension ChangeDigest {
    /// The digest of a period, from its link transitions (`LinkTransitions.derive` over
    /// `store.histories`) and the links' current health: the one way both a notification and
    /// `presskit report` decide what changed, so they use the same kinds and agree on every link.
    ///
    /// Each URL gives at most one item per kind, the news as it stands at `createdAt`:
    /// - broke / recovered: only the later of the two, so a link that broke and came back within
    ///   the period is `recovered` (with the failing verdict it recovered from), and one that came
    ///   back and broke again is `broke`;
    /// - moved: the latest move, unless the link no longer redirects there now;
    /// - changed: the latest replacement of the file;
    /// - certificate-expiring: every working link in `health` whose certificate expires within
    ///   `certificateWarningDays` of `createdAt` (a standing warning, not a transition: the notifier
    ///   decides when to repeat it).
    /// No `reminder` items: reminders depend on what was sent before, which only the notifier knows.
    ///
    /// - Parameters:
    ///   - usedBy: the assets and web stories using each URL; a URL missing from it is named as used
    ///     by nothing (it left the catalogue).
    public static func build(transitions: [LinkTransition], health: [String: LinkHealth], usedBy: [String: [AssetReference]],
                             certificateWarningDays: Int, since: Date?, createdAt: Date) -> ChangeDigest {
        var latest: [String: [LinkTransition.Kind: LinkTransition]] = [:]
        for transition in transitions.sorted(by: { $0.at < $1.at }) {
            latest[transition.url, default: [:]][transition.kind] = transition
        }
        var items: [Item] = []
        func item(_ kind: Kind, _ transition: LinkTransition) -> Item {
            Item(kind: kind, url: transition.url, verdict: transition.verdict, previousVerdict: transition.previousVerdict,
                 since: Timestamp.text(transition.at), newURL: transition.newURL, detail: transition.detail,
                 usedBy: usedBy[transition.url] ?? [])
        }
        for (url, byKind) in latest {
            let broke = byKind[.broke], recovered = byKind[.recovered]
            if let broke, broke.at > recovered?.at ?? .distantPast {
                items.append(item(.broke, broke))
            } else if let recovered {
                items.append(item(.recovered, recovered))
            }
            if let moved = byKind[.moved], health[url].map({ $0.verdict == .redirected && $0.newURL == moved.newURL }) ?? true {
                items.append(item(.moved, moved))
            }
            if let changed = byKind[.changed] { items.append(item(.changed, changed)) }
        }
        let horizon = createdAt.addingTimeInterval(Double(certificateWarningDays) * 86_400)
        for link in health.values where link.verdict.isWorking {
            guard let expiry = link.certificateExpiry, expiry <= horizon else { continue }
            let days = Int((expiry.timeIntervalSince(createdAt) / 86_400).rounded(.down))
            items.append(Item(kind: .certificateExpiring, url: link.url, verdict: link.verdict, previousVerdict: nil,
                              since: Timestamp.text(link.since),
                              detail: days < 0 ? "expired" : days == 0 ? "expires within a day" : "expires in \(days) day\(days == 1 ? "" : "s")",
                              certificateExpiry: Timestamp.text(expiry), usedBy: usedBy[link.url] ?? []))
        }
        items.sort { ($0.kind, $0.url) < ($1.kind, $1.url) }
        return ChangeDigest(createdAt: Timestamp.text(createdAt), since: since.map(Timestamp.text), items: items)
    }
}

extension ChangeDigest.AssetReference {
    /// The reference a digest names for one use of a link.
    public init(_ use: LinkUse) {
        self.init(event: use.eventID, asset: use.user, title: use.title)
    }
}
