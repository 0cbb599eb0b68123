/// CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields quoted when they hold a comma,
/// quote or line break, quotes doubled), UTF-8 with no byte order mark.
///
/// Cells whose text begins with `=`, `+`, `-`, `@`, tab or CR get a leading `'`, as OWASP advises
/// against formula injection: catalogue text comes from many hands and the file is meant for spreadsheets.
/// Control characters other than tab and line feed (server text such as a Content-Type or a page's
/// title can carry ESC sequences, which retitle or rewrite a terminal that shows the file) become
/// U+FFFD; a line feed inside a quoted field is still RFC 4180.
enum CSV {
    static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    static func field(_ raw: String) -> String {
        var text = TerminalText.withoutControls(raw)
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
