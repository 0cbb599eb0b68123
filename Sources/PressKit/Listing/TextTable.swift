/// A plain-text table for terminals: left-aligned columns two spaces apart, a header row, and, when a
/// width is given, the widest flexible column shortened with "…" until the table fits.
///
/// Written here rather than taken from a package: the one listed (TextTable 0.0.2) draws box borders
/// and cannot fit a terminal's width, and this is 60 lines.
struct TextTable {
    struct Column {
        var header: String
        /// Columns that may be shortened to fit (titles, URLs), never ids or kinds.
        var flexible = false
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ row: [String]) {
        rows.append(row.map(TerminalText.sanitize))
    }

    func render(maxWidth: Int?) -> String {
        var widths = columns.indices.map { index in
            ([columns[index].header] + rows.map { $0[index] }).map(\.count).max() ?? 0
        }
        if let maxWidth {
            let flexible = columns.indices.filter { columns[$0].flexible }
            // Shrink the widest flexible column one character at a time; a floor keeps each readable.
            while widths.reduce(0, +) + 2 * (widths.count - 1) > maxWidth,
                  let widest = flexible.max(by: { widths[$0] < widths[$1] }), widths[widest] > 12 {
                widths[widest] -= 1
            }
        }
        var lines = [line(columns.map(\.header), widths)]
        lines += rows.map { line($0, widths) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func line(_ cells: [String], _ widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            let width = widths[index]
            let fitted = cell.count > width ? String(cell.prefix(max(0, width - 1))) + "…" : cell
            text += index == cells.count - 1 ? fitted : fitted.padding(toLength: width + 2, withPad: " ", startingAt: 0)
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

/// Text from a catalogue or a server made safe to print on a terminal.
public enum TerminalText {
    /// Replaces control characters (ESC sequences could recolour or rewrite a terminal) and line breaks
    /// with spaces or U+FFFD, so one cell stays on one line.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: result.unicodeScalars.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0: result.unicodeScalars.append("\u{FFFD}")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Text that may span lines (a CSV field, a multi-line message): tab and line feed kept, every
    /// other C0 and C1 control (ESC, BEL, CR, DEL…) replaced by U+FFFD.
    public static func withoutControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\t" && $0 != "\n" }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isControl(scalar) && scalar != "\t" && scalar != "\n" ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }
}
