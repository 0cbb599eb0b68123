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
