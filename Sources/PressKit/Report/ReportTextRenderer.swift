/// The report for a terminal, a log or a cron mail: a summary, then one block per section, each
/// link as "- who uses it / the URL / how it stands", the layout of the notification digest.
///
/// Colour (ANSI SGR) only when asked, i.e. when the caller writes to a terminal; the words carry
/// the meaning either way. Catalogue and server text is put on one line with control characters
/// and bidi controls replaced, so a title cannot forge lines, recolour the terminal or reorder
/// what a reader sees.
public struct ReportTextRenderer: LinkReportRenderer {
    public var colour: Bool

    public init(colour: Bool = false) {
        self.colour = colour
    }

    public func render(_ report: LinkReport) -> String {
        var lines = [bold("presskit link report") + (report.event.map { " for \(plain($0))" } ?? ""),
                     ReportWording.period(report) + ".",
                     ReportWording.summary(report) + "."]
        for kind in ReportWording.kinds {
            let changes = report.changes(kind)
            guard !changes.isEmpty else { continue }
            lines += ["", paint("\(kind.heading) (\(changes.count))", tone(kind))]
            for change in changes {
                lines.append("- " + users(change.item.usedBy))
                lines.append("  " + plain(change.item.url))
                lines.append("  " + plain(ReportWording.state(change.item)))
                for edit in change.catalogueEdits {
                    lines.append("  edit " + plain(ReportWording.edit(edit, item: change.item)))
                }
            }
        }
        if !report.stillBroken.isEmpty {
            lines += ["", paint("\(ReportWording.stillBroken) (\(report.stillBroken.count))", .bad)]
            for link in report.stillBroken {
                lines += ["- " + users(link.usedBy), "  " + plain(link.url), "  " + plain(ReportWording.state(link))]
            }
        }
        if !report.incompleteKits.isEmpty {
            lines += ["", paint("\(ReportWording.incompleteKits) (\(report.incompleteKits.count))", .warning)]
            for kit in report.incompleteKits {
                lines.append("- \(plain(kit.title)) (\(plain(kit.event))): \(plain(ReportWording.kitProblems(kit)))")
            }
        }
        if !report.linkHealth.events.isEmpty {
            lines += ["", bold("\(ReportWording.linkHealth) (\(report.linkHealth.from) to \(report.linkHealth.to))")]
            for health in report.linkHealth.events {
                lines.append("- \(plain(health.title)) (\(plain(health.event))): \(ReportWording.healthSentence(health))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func users(_ references: [ChangeDigest.AssetReference]) -> String {
        guard !references.isEmpty else { return "(no asset in the catalogue uses it any more)" }
        return references.map { plain(ReportWording.reference($0)) }.joined(separator: "; ")
    }

    enum Tone: String {
        case bad = "31", warning = "33", good = "32"
    }

    private func tone(_ kind: ChangeDigest.Kind) -> Tone {
        switch kind {
        case .broke, .reminder: .bad
        case .moved, .changed, .certificateExpiring: .warning
        case .recovered: .good
        }
    }

    private func paint(_ text: String, _ tone: Tone) -> String {
        colour ? "\u{1B}[1;\(tone.rawValue)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// Text from the catalogue or a server on one line: controls (ESC included) replaced, and bidi
    /// embeddings, overrides and isolates (Unicode UAX #9) turned into spaces.
    func plain(_ text: String) -> String {
        let line = TerminalText.sanitize(text)
        guard line.unicodeScalars.contains(where: Self.isBidiControl) else { return line }
        return String(String.UnicodeScalarView(line.unicodeScalars.map { Self.isBidiControl($0) ? " " : $0 }))
    }

    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029: true
        default: false
        }
    }
}
