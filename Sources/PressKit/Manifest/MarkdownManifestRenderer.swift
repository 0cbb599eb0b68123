import Catalogue
import LinkVocabulary

/// A press kit as Markdown, for an e-mail or a wiki page: readable as plain text, and rendered the
/// same by CommonMark and GitHub Flavored Markdown.
///
/// Headings: `#` the event, `##` the glance, event-wide assets and each story, `###` a kind, `####`
/// an asset with its download link. Details are lists; a shot list is a table. Catalogue text goes
/// through `MarkdownEscaping`, so a title cannot add links, HTML or table cells; only http(s) URLs
/// become links, anything else is shown as code.
///
/// A public kit leaves out link health, the review summary and ids: its glance says what the kit
/// offers and when more material comes.
public struct MarkdownManifestRenderer: ManifestRenderer {
    public var audience: KitAudience

    public init(audience: KitAudience = .staff) { self.audience = audience }

    public func render(_ manifest: Manifest) -> String {
        var doc = MarkdownDocument(isPublic: audience == .public)
        // The public kit in the kit's language; the staff review copy keeps presskit's English.
        if audience == .public { doc.words = KitWords.forLanguage(manifest.language) }
        let words = doc.words
        doc.event(manifest)
        if audience == .public { doc.offer(manifest) } else { doc.glance(manifest) }
        if !manifest.eventAssets.isEmpty {
            doc.line("## \(words[.eventWideAssets])")
            doc.groups(manifest.eventAssets)
        }
        for story in manifest.stories { doc.story(story) }
        doc.line("---")
        doc.line("\(words[.markdownFooter]) \(manifest.schema) \(words[.forEvent]) \(MarkdownEscaping.inline(manifest.event.id))"
                 + (manifest.asOf.map { ", \(words[.asOfInline]) \(MarkdownEscaping.inline(KitWording.moment($0)))" } ?? "") + ". \(words[.generatedBy])")
        return doc.text
    }

    public func renderIndex(_ site: SiteIndex) -> String {
        var doc = MarkdownDocument(isPublic: audience == .public)
        doc.line("# Press kits")
        doc.line("\(site.kits.count) kit\(site.kits.count == 1 ? "" : "s")"
                 + (site.asOf.map { ", as of \(MarkdownEscaping.inline(KitWording.moment($0)))" } ?? "") + ".")
        doc.list(site.kits.map { kit in
            let title = MarkdownEscaping.inline(kit.title)
            // The kit's file sits beside the index; linked only as a plain relative path.
            let link = WebLink.relativeFile(kit.file).map { "[\(title)](\(MarkdownEscaping.destination($0)))" }
                ?? "\(title) \(MarkdownEscaping.code(kit.file))"
            var facts = [kit.type.rawValue, KitWording.dates(start: kit.start, end: kit.end),
                         "\(kit.assetCount) asset\(kit.assetCount == 1 ? "" : "s")"]
            if audience == .staff {
                if !kit.missingKinds.isEmpty { facts.append("missing: " + kit.missingKinds.map(\.rawValue).joined(separator: ", ")) }
                facts.append(kit.violationCount == 0 ? "no policy problems"
                             : "\(kit.violationCount) policy problem\(kit.violationCount == 1 ? "" : "s")")
            }
            return "\(link) — \(MarkdownEscaping.inline(facts.joined(separator: "; ")))"
        })
        return doc.text
    }
}

/// The document being written: blocks separated by blank lines. Callers escape catalogue text.
struct MarkdownDocument {
    private(set) var text = ""
    /// Written for journalists: no link health.
    var isPublic = false
    /// The kit's own words (a public kit's in its language).
    var words = KitWords.english

    /// One block (a heading, a paragraph of one line, a rule), followed by a blank line.
    mutating func line(_ block: String) { text += block + "\n\n" }

    /// A tight bullet list, one line per item.
    mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        text += items.map { "- \($0)\n" }.joined() + "\n"
    }

    /// A GFM table of catalogue text: every cell is escaped inline text, so a `|` or a line break in
    /// a cell cannot add a column or end the table.
    mutating func table(_ header: [String], _ rows: [[String]]) {
        text += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: header.count) + "\n"
        text += rows.map { "| " + $0.map(MarkdownEscaping.inline).joined(separator: " | ") + " |\n" }.joined()
        text += "\n"
    }

    /// `[label](url)` for an http(s) URL, else the label followed by the URL as code.
    /// - Parameter label: already escaped.
    static func link(_ url: String, label: String) -> String {
        guard let href = WebLink.http(url) else { return "\(label) \(MarkdownEscaping.code(url))" }
        return "[\(label)](\(MarkdownEscaping.destination(href)))"
    }

    /// "**Name:** value" with the value escaped, or nil when there is no value.
    static func fact(_ name: String, _ value: String?) -> String? {
        value.map { "**\(name):** \(MarkdownEscaping.inline($0))" }
    }

    /// "**Name:** value" in the kit's words ("**Légende :** …"), or nil when there is no value.
    func fact(_ label: KitLabel, _ value: String?) -> String? {
        value.map { "\(words.fact(label)) \(MarkdownEscaping.inline($0))" }
    }

    /// "ok (HTTP 200, checked …)", then the problems the policy flags beyond the verdict.
    static func health(_ health: KitHealth, flags: [LinkProblem]) -> String {
        var text = "**Link:** \(MarkdownEscaping.inline(health.state.rawValue)) (\(MarkdownEscaping.inline(KitWording.healthDetails(health).joined(separator: ", "))))"
        if let newURL = health.newURL { text += ", moved to " + link(newURL, label: MarkdownEscaping.inline(newURL)) }
        let extra = flags.filter { $0 != health.state }
        if !extra.isEmpty { text += "; **flagged:** " + MarkdownEscaping.inline(extra.map(\.rawValue).joined(separator: ", ")) }
        return text
    }
}
