/// The report as Markdown, for a ticket or an e-mail: readable raw, and rendered the same by
/// CommonMark and GitHub Flavored Markdown.
///
/// `#` the report, `##` each section; a link is a list item with its URL, how it stands, and the
/// assets using it. Catalogue text goes through `MarkdownEscaping`; URLs show as code spans and are
/// linked only when http(s), so neither a title nor a URL can add links, HTML or table cells.
public struct ReportMarkdownRenderer: LinkReportRenderer {
    public init() {}

    public func render(_ report: LinkReport) -> String {
        var doc = MarkdownDocument()
        doc.line("# Link report" + (report.event.map { " for " + MarkdownEscaping.inline($0) } ?? ""))
        doc.line(MarkdownEscaping.inline(ReportWording.period(report)) + ". **" + MarkdownEscaping.inline(ReportWording.summary(report)) + ".**")
        for kind in ReportWording.kinds {
            let changes = report.changes(kind)
            guard !changes.isEmpty else { continue }
            doc.line("## \(kind.heading) (\(changes.count))")
            doc.list(changes.map { change in
                var item = MarkdownEscaping.url(change.item.url) + " — " + MarkdownEscaping.inline(ReportWording.state(change.item)) + "."
                for edit in change.catalogueEdits {
                    item += " Edit " + MarkdownEscaping.code(ReportWording.edit(edit, item: change.item)) + "."
                }
                return item + " " + users(change.item.usedBy)
            })
        }
        if !report.stillBroken.isEmpty {
            doc.line("## \(ReportWording.stillBroken) (\(report.stillBroken.count))")
            doc.list(report.stillBroken.map { link in
                MarkdownEscaping.url(link.url) + " — " + MarkdownEscaping.inline(ReportWording.state(link)) + ". " + users(link.usedBy)
            })
        }
        if !report.incompleteKits.isEmpty {
            doc.line("## \(ReportWording.incompleteKits) (\(report.incompleteKits.count))")
            doc.table(["Event", "Title", "Missing kinds", "Left out"], report.incompleteKits.map { kit in
                [kit.event, kit.title, kit.missingKinds.map(\.rawValue).joined(separator: ", "),
                 kit.leftOut.map { "\($0.title) (\($0.reasons.map(\.rawValue).joined(separator: ", ")))" }.joined(separator: "; ")]
            })
        }
        if !report.linkHealth.events.isEmpty {
            doc.line("## \(ReportWording.linkHealth)")
            doc.line("From \(report.linkHealth.from) to \(report.linkHealth.to); each link counted once a day, by its last check that day.")
            doc.table(["Event", "Title", "Links", "Health"], report.linkHealth.events.map { health in
                [health.event, health.title, String(health.links), ReportWording.healthSentence(health)]
            })
        }
        doc.line("---")
        doc.line("Link report \(report.schema), made \(MarkdownEscaping.inline(ReportWording.moment(report.createdAt))) by presskit.")
        return doc.text
    }

    private func users(_ references: [ChangeDigest.AssetReference]) -> String {
        guard !references.isEmpty else { return "No asset in the catalogue uses it any more." }
        return "Used by " + references.map { MarkdownEscaping.inline(ReportWording.reference($0)) }.joined(separator: "; ") + "."
    }
}
