import Catalogue
import Foundation

/// The change digest as plain text: the body of notification mail and the `text` of chat webhooks.
///
/// Grouped by kind, most urgent first ("Broken (2)", "Moved (1)", …), under a header line with the
/// counts. Each entry names the assets using the link (so staff know which kits are affected), the
/// URL, the verdict and since when, and the new URL or what changed. Catalogue and server text is
/// put on one line with control, line-separator and bidi-override characters replaced by spaces, so
/// a title can neither forge lines nor reorder what a reader sees. An empty digest renders as nil:
/// nothing is sent at all.
public struct DigestText: Sendable {
    /// Entries shown per kind; the rest are counted, and `presskit report` lists them all (a whole
    /// portal going down should not produce a mail nobody can read).
    public var maximumItemsPerKind = 50
    /// Assets named per entry before "and N more".
    public var maximumAssetsPerItem = 3

    public init() {}

    public func render(_ digest: ChangeDigest) -> String? {
        guard !digest.isEmpty else { return nil }
        var lines = ["presskit link digest of \(Self.readable(digest.createdAt)): \(Self.summary(digest))"]
        if let notice = digest.checks { lines.append(Self.sentence(notice)) }
        if let since = digest.since, !digest.items.isEmpty { lines.append("Changes since \(Self.readable(since)).") }
        for kind in ChangeDigest.Kind.allCases {
            let items = digest.items.filter { $0.kind == kind }.sorted { $0.url < $1.url }
            guard !items.isEmpty else { continue }
            lines.append("")
            lines.append("\(kind.heading) (\(items.count))")
            for item in items.prefix(maximumItemsPerKind) {
                lines.append("- " + assets(item.usedBy))
                lines.append("  " + PlainTextEscaping.oneLine(item.url))
                lines.append("  " + state(item))
            }
            if items.count > maximumItemsPerKind {
                lines.append("- and \(items.count - maximumItemsPerKind) more; run 'presskit report' to see them all")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "2 links broke, 1 recovered": the counts by kind, most urgent first. Used as the header and,
    /// after "presskit: ", as the mail subject (counts only, so no catalogue text reaches a header).
    public static func summary(_ digest: ChangeDigest) -> String {
        let notice = digest.checks.map { [$0.state == .couldNotRun ? "checks could not run" : "checks running again"] } ?? []
        return (notice + ChangeDigest.countPhrases { kind in digest.items.count { $0.kind == kind } }).joined(separator: ", ")
    }

    /// The notice as a sentence staff can act on.
    static func sentence(_ notice: ChangeDigest.ChecksNotice) -> String {
        let since = readable(notice.since)
        switch notice.state {
        case .couldNotRun:
            let reason = notice.reason.map { ": \(PlainTextEscaping.oneLine($0))" } ?? ""
            return "Link checks could not run since \(since)\(reason). The links stay due and are checked once the network is back; you will be told then."
        case .runningAgain:
            return "Link checks are running again; they could not run since \(since) (no host could be reached)."
        }
    }

    private func assets(_ references: [ChangeDigest.AssetReference]) -> String {
        guard !references.isEmpty else { return "(no asset in the catalogue uses it any more)" }
        var names = references.prefix(maximumAssetsPerItem).map { "\(PlainTextEscaping.oneLine($0.title)) (\(PlainTextEscaping.oneLine($0.event))/\(PlainTextEscaping.oneLine($0.asset)))" }
        if references.count > maximumAssetsPerItem { names.append("and \(references.count - maximumAssetsPerItem) more") }
        return names.joined(separator: "; ")
    }

    private func state(_ item: ChangeDigest.Item) -> String {
        let since = Self.readable(item.since)
        let was = item.previousVerdict.map { ", was \(PlainTextEscaping.oneLine($0.rawValue))" } ?? ""
        let detail = item.detail.map { " — \(PlainTextEscaping.oneLine($0))" } ?? ""
        let verdict = PlainTextEscaping.oneLine(item.verdict.rawValue)
        switch item.kind {
        case .broke: return "\(verdict) since \(since)\(was)\(detail)"
        case .moved:
            let target = item.newURL.map { "moved to \(PlainTextEscaping.oneLine($0)); put the new URL in the catalogue" } ?? "moved"
            return "\(target) (since \(since))\(detail)"
        case .changed: return "serves another file since \(since)\(detail)"
        case .certificateExpiring:
            return "certificate expires \(item.certificateExpiry.map(Self.readable) ?? "soon")\(detail)"
        case .reminder: return "still \(verdict) since \(since)\(detail)"
        case .recovered: return "\(verdict) again since \(since)\(was)"
        }
    }

    /// `2026-11-24 12:00 UTC` from RFC 3339; text that is not a time is shown as it is, on one line.
    static func readable(_ rfc3339: String) -> String {
        let date = (try? Date(rfc3339, strategy: .iso8601))
            ?? (try? Date(rfc3339, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        guard let date else { return PlainTextEscaping.oneLine(rfc3339) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
