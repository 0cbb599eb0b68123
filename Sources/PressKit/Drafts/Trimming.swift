import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation's NSString round trip
    /// when there is nothing to trim: a feed's every title, date and link went through it, a tenth
    /// of a 10,000-item ingest. Text that starts or ends with ASCII whitespace or any non-ASCII
    /// character (which may be a Unicode space) still goes to Foundation.
    var trimmingWhitespace: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if plain(first), plain(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
