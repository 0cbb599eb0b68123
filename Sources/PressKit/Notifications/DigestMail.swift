import Fetcher
import Foundation

/// The change digest as an RFC 5322 mail message, ready for an SMTP upload.
///
/// Headers hold only what presskit controls (the configured addresses, counts in the subject, the
/// date and a message id), each on one line, so catalogue text can never inject a header. The body
/// is `DigestText` in UTF-8, quoted-printable (RFC 2045 §6.7): every line stays under SMTP's 998
/// bytes however long a URL, and any relay can carry it without 8BITMIME. CRLF line ends throughout;
/// libcurl doubles a leading dot as it uploads (RFC 5321 §4.5.2).
public struct DigestMail: Sendable {
    public var from: String
    public var to: [String]
    public var text = DigestText()

    public init(from: String, to: [String]) {
        self.from = from
        self.to = to
    }

    public static func subject(for digest: ChangeDigest) -> String {
        "presskit: " + DigestText.summary(digest)
    }

    /// The whole message, or nil for an empty digest (nothing is sent). `messageID` is the part
    /// before the `@`; the sender's domain follows it.
    public func message(for digest: ChangeDigest, date: Date, messageID: String) -> String? {
        guard let body = text.render(digest) else { return nil }
        let domain = from.split(separator: "@").last.map(String.init) ?? "presskit.invalid"
        let headers = [
            ("From", from),
            ("To", to.joined(separator: ", ")),
            ("Subject", Self.subject(for: digest)),
            ("Date", Self.date(date)),
            ("Message-ID", "<\(messageID)@\(domain)>"),
            // RFC 3834: an automatic message; vacation responders should not answer it.
            ("Auto-Submitted", "auto-generated"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ]
        let head = headers.map { Self.headerLine($0.0, $0.1) }.joined()
        return head + "\r\n" + QuotedPrintable.encode(body)
    }

    /// `Tue, 24 Nov 2026 12:00:00 +0000` (RFC 5322 §3.3).
    static func date(_ date: Date) -> String {
        HTTPDate.format(date.timeIntervalSince1970).replacingOccurrences(of: " GMT", with: " +0000")
    }

    /// `Name: value` folded at spaces before 78 characters (RFC 5322 §2.2.3), with control
    /// characters (CR and LF above all) in the value turned into spaces as a last guard.
    static func headerLine(_ name: String, _ value: String) -> String {
        let clean = String(String.UnicodeScalarView(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        var lines: [String] = []
        var line = name + ":"
        for word in clean.split(separator: " ", omittingEmptySubsequences: true) {
            if line.utf8.count + 1 + word.utf8.count > 78 && line.contains(where: { $0 != " " }) && line != name + ":" {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// Quoted-printable encoding (RFC 2045 §6.7) of text with `\n` line ends, giving CRLF lines of at
/// most 76 characters.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        var output = ""
        let hex = Array("0123456789ABCDEF")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A text ending in a line break ends with that line's CRLF, not with an extra empty line.
        if text.hasSuffix("\n") { lines.removeLast() }
        for line in lines.map({ Array($0.utf8) }) {
            var current = ""
            for (index, byte) in line.enumerated() {
                let isLast = index == line.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
                let token = literal ? String(UnicodeScalar(byte)) : "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
                if current.count + token.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            output += current + "\r\n"
        }
        return output
    }
}
