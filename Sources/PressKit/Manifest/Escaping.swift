import Foundation

/// Catalogue and server text made safe for every marked-up output: the HTML and Markdown kits and
/// indexes, the link report's HTML and Markdown, `check`'s Markdown and JUnit, chat webhooks and
/// mail, and terminals.
/// Every piece of catalogue text (titles, captions, credits, ids, URLs) reaches such an output
/// through one of these functions.
///
/// The rules followed:
/// - HTML: OWASP's XSS Prevention Cheat Sheet, rules 1 and 2 — the five characters `& < > " '` become
///   character references in text and in attribute values, and attribute values are always quoted.
///   C0 control characters other than tab and line breaks are dropped: the HTML Standard makes them
///   parse errors (§13.2.5, "control-character-in-input-stream") and they have no business on a page.
/// - URLs: the WHATWG URL Standard's basic parser, which browsers use, strips leading and trailing
///   C0 controls and spaces and removes every tab and line break before reading the scheme. So
///   `" java\tscript:"` is `javascript:` to a browser; `WebLink` normalises the same way before it
///   compares the scheme, and only `http` and `https` (any case) become links.
/// - Markdown: CommonMark 0.31.2 §2.4 (any ASCII punctuation may be backslash-escaped) and GitHub
///   Flavored Markdown 0.29 §4.10 (a `|` in a table cell must be escaped, even inside a code span).
/// - Slack mrkdwn (chat webhooks): `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;`, as
///   https://api.slack.com/reference/surfaces/formatting#escaping asks; nothing else is markup there
///   that could reach beyond the message (a `<!channel>` could ping a whole channel).
/// - XML 1.0 (JUnit reports): the five predefined entities, and characters XML cannot carry (§2.2,
///   `Char`) replaced by U+FFFD.
/// - Plain-text messages (`PlainTextEscaping`): controls, line and paragraph separators and bidi
///   controls (UAX #9 embeddings, overrides, isolates and marks) become spaces, so one value stays
///   on its line and cannot reorder the rest of it.
/// - Terminals (`TerminalText`): every C0 and C1 control (ECMA-48: ESC, CSI and OSC sequences can
///   recolour, retitle or rewrite a terminal) replaced by U+FFFD; in one-line cells line breaks and
///   tabs become spaces.
/// - Bidi: Unicode UAX #9. HTML isolates catalogue text with `<bdi>` or `dir="auto"`; plain text
///   (`<title>`, Markdown) that holds explicit direction controls is wrapped in FSI … PDI, which
///   closes any embedding or override left open inside, so it cannot reorder the rest of the line.
enum HTMLEscaping {
    /// Text for element content or a double-quoted attribute value.
    static func text(_ raw: String) -> String {
        // Most catalogue text needs nothing: skip the copy.
        guard raw.utf8.contains(where: needsWork) else { return raw }
        // On UTF-8 bytes: everything escaped or dropped is ASCII, and no byte of a multi-byte
        // sequence is (all are 0x80 or more), so the scalars come out as they went in. Appending
        // scalar by scalar to a String was a tenth of a 5,000-asset HTML kit.
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count + 16)
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): out.append(byte)
            case 0x00...0x1F, 0x7F: continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x1F, 0x7F, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }

    /// Text for `<title>`, which cannot hold markup: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
    /// ISOLATE (Unicode UAX #9), the plain-text form of `<bdi>`, so a right-to-left override in a title
    /// cannot reorder the words around it in a tab or a bookmark.
    static func isolated(_ raw: String) -> String { "\u{2068}" + text(raw) + "\u{2069}" }

    /// JSON as the content of a `<script type="application/ld+json">` data block. HTML's script-data
    /// state ends only at `</script` and is confused by `<!--`, and nothing inside is decoded, so
    /// (HTML Living Standard §4.12.1.3, "Restrictions for contents of script elements") `<`, `>` and
    /// `&` are written as JSON's `\u003c`, `\u003e`, `\u0026`. Outside strings JSON has none of them,
    /// so the data stays the same JSON.
    /// - Parameter json: the JSON's UTF-8 bytes (`KitJSON.utf8(tree:)`): made a `String` once, here.
    static func scriptData(_ json: [UInt8]) -> String {
        // On bytes: the three are ASCII, so no multi-byte sequence can contain them.
        // Runs between the three are copied whole, and each escape is six bytes from a table: a
        // 5,000-asset kit's graph is a megabyte and a half, with thousands of them in its captions.
        guard json.contains(where: isScriptSpecial) else { return String(decoding: json, as: UTF8.self) }
        return json.withUnsafeBufferPointer { utf8 -> String in
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 1024)
            var mark = 0
            for (index, byte) in utf8.enumerated() where isScriptSpecial(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index]))
                mark = index + 1
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func isScriptSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// A URL from the catalogue that may become a link, or the reason it is shown as text.
enum WebLink {
    /// The URL as a browser would read it, when its scheme is http or https; nil otherwise
    /// (`javascript:`, `data:`, `vbscript:`, relative or scheme-less text).
    static func http(_ raw: String) -> String? {
        let url = browserNormalised(raw)
        // The scheme compared on bytes, ASCII letters folded: no other character lowercases to one
        // of `h`, `t`, `p`, `s`, so this is `lowercased()`'s answer without a string per link.
        let bytes = url.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let scheme = bytes[..<colon]
        guard scheme.count == 4 || scheme.count == 5 else { return nil }
        for (byte, expected) in zip(scheme, "https".utf8) where byte | 0x20 != expected { return nil }
        return url
    }

    /// A file name relative to the page (an index's link to a kit), when it cannot be read as a URL
    /// with a scheme or as a path from the root; percent-encoded as a URL path.
    static func relativeFile(_ raw: String) -> String? {
        let path = browserNormalised(raw)
        guard !path.isEmpty, !path.contains(":"), !path.hasPrefix("/"), !path.hasPrefix("\\") else { return nil }
        return path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
    }

    /// Whether an image URL's path (query and fragment aside) ends in a raster or vector image extension.
    static func looksLikeImage(_ url: String) -> Bool {
        guard let path = URLComponents(string: url)?.path.lowercased() else { return false }
        return imageExtensions.contains { path.hasSuffix("." + $0) }
    }

    private static let imageExtensions = ["jpg", "jpeg", "png", "gif", "webp", "avif", "svg"]

    /// WHATWG URL Standard §4.4, basic URL parser, first steps: strip leading and trailing C0 control
    /// or space, then remove all ASCII tab or newline.
    private static func browserNormalised(_ raw: String) -> String {
        // Nearly every URL has nothing to strip or remove: no byte at or under 0x20 anywhere
        // (tab, CR and LF included). A kit page asks this of every link several times.
        if raw.utf8.allSatisfy({ $0 > 0x20 }) { return raw }
        let scalars = raw.unicodeScalars
        let isControlOrSpace = { (s: Unicode.Scalar) in s.value <= 0x20 }
        guard let first = scalars.firstIndex(where: { !isControlOrSpace($0) }),
              let last = scalars.lastIndex(where: { !isControlOrSpace($0) }) else { return "" }
        var out = String.UnicodeScalarView()
        for scalar in scalars[first...last] where !["\t", "\n", "\r"].contains(scalar) { out.append(scalar) }
        return String(out)
    }
}

enum MarkdownEscaping {
    /// Catalogue text on one line of a paragraph, list item, heading, link text or table cell.
    ///
    /// Line breaks become spaces, so text can never start a block of its own; characters that mean
    /// something anywhere in a line (emphasis, code, links, images, raw HTML and autolinks, entity
    /// references, strikethrough, table pipes, heading closers) are backslash-escaped. Characters that
    /// only mean something at the start of a line (`-`, `+`, `=`, `1.`, `1)`) are escaped there, in
    /// case the text opens a line. `(`, `)` and `!` are left alone: they only act next to a `[` or `]`,
    /// which are always escaped, and escaping them would litter every title a colleague reads raw in
    /// an email.
    static func inline(_ raw: String) -> String {
        isPlain(raw) ? raw : isolatedIfNeeded(escapedLine(raw))
    }

    /// Text `inline` would return unchanged: no byte it escapes, no line break, control or double
    /// space, nothing to trim, no line-opening marker, and no byte that may start NEL, LS, PS or a
    /// bidi control (0xC2, 0xE2). Most titles are plain; a 5,000-asset kit should not pay for them.
    private static func isPlain(_ raw: String) -> Bool {
        let bytes = raw.utf8
        guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20,
              !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
              first != UInt8(ascii: "-"), first != UInt8(ascii: "+"), first != UInt8(ascii: "=") else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case 0x00...0x1F, 0x7F, 0xC2, 0xE2, UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"),
                 UInt8(ascii: "&"), UInt8(ascii: "~"), UInt8(ascii: "#"):
                return false
            case 0x20 where previous == 0x20:
                return false
            default:
                previous = byte
            }
        }
        return true
    }

    private static func escapedLine(_ raw: String) -> String {
        let flat = oneLine(raw)
        var out: String
        if let escaped = escapedByBytes(flat) {
            out = escaped
        } else {
            out = ""
            out.reserveCapacity(flat.utf8.count)
            for character in flat {
                if alwaysEscaped.contains(character) { out.append("\\") }
                out.append(character)
            }
        }
        if let first = out.first, lineStartEscaped.contains(first) {
            out.insert("\\", at: out.startIndex)
        } else if let marker = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }),
                  marker != out.startIndex, out[marker] == "." || out[marker] == ")",
                  out[..<marker].count <= 9 {
            // An ordered-list marker is 1–9 digits then `.` or `)` (CommonMark §5.2).
            out.insert("\\", at: marker)
        }
        return out
    }

    /// `flat` with every always-escaped character backslash-escaped, working on UTF-8 bytes; nil when
    /// such a character touches a non-ASCII scalar, which could make it part of a larger grapheme
    /// cluster (a combining mark after it, a prepended mark before it) that the `Character` loop
    /// leaves alone. Between ASCII neighbours an ASCII character is always a cluster of its own.
    private static func escapedByBytes(_ flat: String) -> String? {
        var flat = flat
        return flat.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            for (index, byte) in bytes.enumerated() {
                if isAlwaysEscaped(byte) {
                    if index > 0 && bytes[index - 1] >= 0x80 || index + 1 < bytes.count && bytes[index + 1] >= 0x80 { return nil }
                    out.append(UInt8(ascii: "\\"))
                }
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The bytes of `alwaysEscaped`.
    private static func isAlwaysEscaped(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "~"), UInt8(ascii: "#"): true
        default: false
        }
    }

    /// A link destination: http(s) only (callers show anything else with `code`), with the characters
    /// that would end or break a destination percent-encoded (CommonMark §6.3: no spaces, controls or
    /// unbalanced parentheses; `<` and `>` open raw HTML; `\` escapes; `|` ends a GFM table cell).
    /// Existing `%XX` escapes are kept as they are.
    static func destination(_ url: String) -> String {
        url.addingPercentEncoding(withAllowedCharacters: destinationAllowed) ?? url
    }

    /// A URL shown as itself: a code span (readable raw, nothing inside it acts), linked when it is
    /// http(s). Check reports and link reports list URLs this way.
    static func url(_ raw: String) -> String {
        guard let href = WebLink.http(raw) else { return code(raw) }
        return "[\(code(raw))](\(destination(href)))"
    }

    /// Text shown verbatim as a code span, e.g. a URL that must not become a link (CommonMark §6.1:
    /// the fence is one backtick longer than the longest run inside; a space pads content that starts
    /// or ends with a backtick). Line breaks become spaces; a `|` is escaped as GFM requires in tables.
    static func code(_ raw: String) -> String {
        let flat = oneLine(raw).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return isolatedIfNeeded(fence + pad + flat + pad + fence)
    }

    /// Text that carries explicit bidi controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI), wrapped
    /// in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE; other text is left as it is.
    static func isolatedIfNeeded(_ text: String) -> String {
        let controls: ClosedRange<UInt32> = 0x202A...0x202E, isolates: ClosedRange<UInt32> = 0x2066...0x2069
        // All of them are U+20xx, which UTF-8 starts with 0xE2: text without that byte has none.
        guard text.utf8.contains(0xE2), text.unicodeScalars.contains(where: { controls.contains($0.value) || isolates.contains($0.value) }) else { return text }
        return "\u{2068}" + text + "\u{2069}"
    }

    /// Line breaks (CommonMark's and Unicode's: LF, CR, NEL, LS, PS) and other C0 controls become
    /// single spaces; leading and trailing spaces go, so text can never indent itself into a code block.
    private static func oneLine(_ raw: String) -> String {
        guard needsFlattening(raw) else { return raw }
        let breaks: Set<Unicode.Scalar> = ["\u{85}", "\u{2028}", "\u{2029}"]
        return raw.unicodeScalars.split(whereSeparator: { $0.value < 0x20 || $0 == " " || breaks.contains($0) })
            .map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }

    /// Whether `oneLine` would change `raw`: a control, a leading, trailing or double space, or a
    /// NEL (C2 85), LS or PS (E2 80 A8/A9).
    private static func needsFlattening(_ raw: String) -> Bool {
        let bytes = raw.utf8
        guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else { return true }
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || (byte == 0x20 && previous == 0x20) || (previous == 0xC2 && byte == 0x85)
                || (beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9)) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    private static let alwaysEscaped: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "~", "#"]
    private static let lineStartEscaped: Set<Character> = ["-", "+", "="]
    private static let destinationAllowed = CharacterSet.controlCharacters
        .union(.whitespacesAndNewlines)
        .union(CharacterSet(charactersIn: "()<>\\|`\""))
        .inverted
}

enum SlackEscaping {
    /// Text for a Slack-compatible message (mrkdwn): `&`, `<` and `>` as entities, so a title such as
    /// `<!channel>` or `<https://evil|text>` stays text.
    static func text(_ raw: String) -> String {
        guard raw.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else { return raw }
        var result = ""
        result.reserveCapacity(raw.utf8.count + 8)
        for character in raw {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}

enum XMLEscaping {
    /// XML 1.0 text or a double-quoted attribute value: the five predefined entities, and characters
    /// XML cannot carry (controls, lone surrogates' stand-ins, U+FFFE/U+FFFF) replaced by U+FFFD.
    static func text(_ raw: String) -> String {
        var out = ""
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
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

/// Catalogue and server text for one line of a plain-text message (the digest's chat text and mail).
enum PlainTextEscaping {
    /// `raw` on one line: controls, line and paragraph separators and bidi embeddings, overrides and
    /// isolates (Unicode TR #9) become spaces.
    static func oneLine(_ raw: String) -> String {
        guard raw.unicodeScalars.contains(where: isUnsafe) else { return raw }
        return String(String.UnicodeScalarView(raw.unicodeScalars.map { isUnsafe($0) ? " " : $0 }))
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
