import Catalogue
import Foundation

/// Output formats of `presskit report`; one `switch` picks the renderer.
public enum LinkReportFormat: String, CaseIterable, Sendable {
    case text, markdown, json, html

    /// The renderer; `colour` only matters to text (ANSI colours, for a terminal).
    public func renderer(colour: Bool = false) -> any LinkReportRenderer {
        switch self {
        case .text: ReportTextRenderer(colour: colour)
        case .markdown: ReportMarkdownRenderer()
        case .json: ReportJSONRenderer()
        case .html: ReportHTMLRenderer()
        }
    }
}

/// Turns a report into text. Pure: no clock, no files, no environment.
public protocol LinkReportRenderer: Sendable {
    func render(_ report: LinkReport) -> String
}

/// `presskit.report/1`: pretty JSON with sorted keys; absent values left out, never null.
public struct ReportJSONRenderer: LinkReportRenderer {
    public init() {}
    public func render(_ report: LinkReport) -> String { JSONText.encode(report) }
}

/// The words every human-readable report shares, and the notification digest too: the same
/// headings, order and sentences whether staff read a mail, a terminal or a page.
enum ReportWording {
    /// Change kinds in reading order (most urgent first), reminders aside: a report lists what is
    /// still broken in a section of its own.
    static let kinds: [ChangeDigest.Kind] = ChangeDigest.Kind.allCases.filter { $0 != .reminder }

    static let stillBroken = "Still broken"
    static let incompleteKits = "Incomplete kits"
    static let linkHealth = "Link health, last \(HealthWindow.days) days"

    /// "2 links broke, 1 recovered; 3 still broken; 1 kit incomplete", or "Nothing changed".
    static func summary(_ report: LinkReport) -> String {
        let changes = ChangeDigest.countPhrases { kind in kind == .reminder ? 0 : report.changes(kind).count }
        var parts = [changes.isEmpty ? "Nothing changed" : changes.joined(separator: ", ")]
        if !report.stillBroken.isEmpty { parts.append("\(report.stillBroken.count) still broken") }
        let kits = report.incompleteKits.count
        if kits > 0 { parts.append("\(kits) kit\(kits == 1 ? "" : "s") incomplete") }
        return parts.joined(separator: "; ")
    }

    /// "Changes since 2026-11-20 09:00 UTC (the previous report) until 2026-11-24 12:00 UTC".
    static func period(_ report: LinkReport) -> String {
        let until = moment(report.createdAt)
        guard let since = report.since else { return "Everything checked until \(until) (the first report)" }
        let source = report.sinceSource == .option ? "--since" : "the previous report"
        return "Changes from \(moment(since)) (\(source)) until \(until)"
    }

    /// How the link stands now, after what happened to it: one line per change.
    static func state(_ item: ChangeDigest.Item) -> String {
        let since = moment(item.since)
        let was = item.previousVerdict.map { ", was \($0)" } ?? ""
        let detail = item.detail.map { " — \($0)" } ?? ""
        switch item.kind {
        case .broke: return "\(item.verdict) since \(since)\(was)\(detail)"
        case .moved: return "moved to \(item.newURL ?? "another URL") (since \(since)); put the new URL in the catalogue"
        case .changed: return "serves another file since \(since)\(detail)"
        case .certificateExpiring: return "certificate expires \(item.certificateExpiry.map(moment) ?? "soon")\(detail)"
        case .reminder: return "still \(item.verdict) since \(since)\(detail)"
        case .recovered: return "\(item.verdict) again since \(since)\(was)"
        }
    }

    static func state(_ link: LinkReport.BrokenLink) -> String {
        let status = link.httpStatus.map { " (HTTP \($0))" } ?? ""
        let worked = link.lastOK.map { "last worked \(moment($0))" } ?? "never worked"
        let failures = "\(link.consecutiveFailures) failed check\(link.consecutiveFailures == 1 ? "" : "s") in a row"
        let held = link.archivedCopy.map {
            "; the press office holds a copy (sha256 \($0.sha256.prefix(12))…, \(ByteSize.text($0.size)), archived \($0.archivedAt.prefix(10)))"
        } ?? ""
        return "\(link.verdict)\(status) since \(moment(link.since)); \(worked); \(failures)\(held)"
    }

    /// "missing transcript; left out: Gone (broken)".
    static func kitProblems(_ kit: LinkReport.IncompleteKit) -> String {
        var parts: [String] = []
        if !kit.missingKinds.isEmpty { parts.append("missing " + kit.missingKinds.map(\.rawValue).joined(separator: ", ")) }
        if !kit.leftOut.isEmpty {
            parts.append("left out: " + kit.leftOut.map { "\($0.title) (\($0.reasons.map(\.rawValue).joined(separator: ", ")))" }.joined(separator: "; "))
        }
        return parts.joined(separator: "; ")
    }

    /// "Title (event/asset)".
    static func reference(_ use: ChangeDigest.AssetReference) -> String { "\(use.title) (\(use.event)/\(use.asset))" }

    /// `path:12: url: OLD → url: NEW`, or the file alone when the line is unknown.
    static func edit(_ edit: CatalogueEdit, item: ChangeDigest.Item) -> String {
        guard let line = edit.line else { return "\(edit.path): replace \(item.url) with \(item.newURL ?? "the new URL")" }
        let field = edit.field.map { "\($0): " } ?? ""
        return "\(edit.path):\(line): \(field)\(item.url) → \(field)\(item.newURL ?? "the new URL")"
    }

    /// "5 of 6 links working on 2026-11-24; checked on 2 of 30 days; lowest 50 % on 2026-11-23".
    static func healthSentence(_ health: EventHealth) -> String {
        guard let last = health.days.last else { return "No checks in the last \(HealthWindow.days) days." }
        var sentence = "\(last.working) of \(last.checked) link\(last.checked == 1 ? "" : "s") working at the last check on \(last.date)"
        sentence += "; checked on \(health.days.count) of the last \(HealthWindow.days) days"
        if let worst = health.days.min(by: { $0.share < $1.share }), worst.share < last.share {
            sentence += "; lowest \(percent(worst.share)) on \(worst.date)"
        }
        return sentence + "."
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded(.down))) %" }

    /// `2026-11-24 12:00 UTC` from the store's RFC 3339 text (to the minute: seconds and
    /// milliseconds are noise to a reader); other text as it is.
    static func moment(_ rfc3339: String) -> String {
        guard rfc3339.count >= 16, rfc3339.hasSuffix("Z") else { return rfc3339 }
        let text = Timestamp.text(Timestamp.date(rfc3339))
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }
}
