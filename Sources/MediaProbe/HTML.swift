/// Web story pages: `<title>`, the Open Graph tags (ogp.me: `<meta property="og:title" content="…">`)
/// and `<link rel="canonical">` (RFC 6596) from the document's head.
///
/// Not a full HTML parser: a tag scanner in the spirit of the WHATWG tokenizer (§13.2.5) that knows
/// comments, quoted attribute values, and raw-text elements (`script`, `style`), which is all the
/// head of a real page needs. It stops at `</head>` or `<body>`.
enum HTMLParser {
    /// The most bytes scanned: heads past this size are not worth more fetching.
    private static let scanLimit = 512 * 1024
    private static let request: Int64 = 64 * 1024
    /// The longest field kept, in bytes before decoding: a press kit shows a line, not a novel.
    private static let maxField = 8 * 1024

    static func recognises(_ head: ByteView, declaredHTML: Bool) -> Bool {
        if declaredHTML { return true }
        var bytes = head.all.prefix(1024)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // UTF-8 byte order mark
        let text = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }.prefix(14).map(lowercased)
        return ["<!doctype html", "<html", "<head", "<!--", "<meta", "<title"].contains { text.starts(with: $0.utf8) }
    }

    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        let bytes = input.head.all.prefix(scanLimit)
        var properties = MediaProperties(format: "HTML")
        var index = bytes.startIndex
        var headEnded = false
        scan: while let tag = Tag.next(in: bytes, from: &index) {
            switch (tag.name, tag.isClosing) {
            case ("head", true), ("body", false):
                headEnded = true
                break scan
            case ("title", false):
                let close = Tag.closing(of: "title", in: bytes[tag.end...]) ?? bytes.endIndex
                if properties.title == nil {
                    properties.title = Self.text(bytes[tag.end..<close], collapsingWhitespace: true)
                }
                index = close
            case ("script", false), ("style", false), ("textarea", false):
                index = Tag.closing(of: tag.name, in: bytes[tag.end...]) ?? bytes.endIndex
            case ("meta", false):
                let key = tag.attributes["property"] ?? tag.attributes["name"]
                guard let key, let content = tag.attributes["content"] else { break }
                switch String(decoding: key.map(lowercased), as: UTF8.self) {
                case "og:title": properties.openGraphTitle = properties.openGraphTitle ?? text(content)
                case "og:description": properties.openGraphDescription = properties.openGraphDescription ?? text(content)
                case "og:image", "og:image:url": properties.openGraphImage = properties.openGraphImage ?? text(content)
                default: break
                }
            case ("link", false):
                let relations = tag.attributes["rel"].map { String(decoding: $0.map(lowercased), as: UTF8.self) } ?? ""
                if relations.split(separator: " ").contains("canonical"), let href = tag.attributes["href"] {
                    properties.canonicalURL = properties.canonicalURL ?? text(href)
                }
            default:
                break
            }
        }
        let fetchedEnd = Int64(input.head.count)
        if !headEnded, bytes.count < scanLimit, input.mayHaveBytes(at: fetchedEnd) {
            return .needMore(range: input.range(from: fetchedEnd, length: request), partial: properties)
        }
        return .properties(properties)
    }

    private static func text(_ bytes: ArraySlice<UInt8>, collapsingWhitespace: Bool = false) -> String? {
        let decoded = HTMLEntities.decode(HTMLEntities.string(bytes.prefix(maxField)))
        let words = decoded.split(whereSeparator: { $0.isWhitespace })
        let result = collapsingWhitespace ? words.joined(separator: " ") : decoded.trimmingWhitespace
        return result.isEmpty ? nil : result
    }
}

/// One start or end tag: its lowercased name, attributes (first of each name wins, values raw), and
/// the index after its `>`.
struct Tag {
    let name: String
    let isClosing: Bool
    var attributes: [String: ArraySlice<UInt8>] = [:]
    private(set) var end: Int

    init?(_ bytes: ArraySlice<UInt8>, at open: Int) {
        var index = open + 1
        isClosing = index < bytes.endIndex && bytes[index] == UInt8(ascii: "/")
        if isClosing { index += 1 }
        let nameStart = index
        while index < bytes.endIndex, isNameByte(bytes[index]) { index += 1 }
        guard index > nameStart, isLetter(bytes[nameStart]) else { return nil }
        name = String(decoding: bytes[nameStart..<index].map(lowercased), as: UTF8.self)
        // Attributes (WHATWG §13.2.5.32–39): name, optional `=` and a quoted or unquoted value.
        while index < bytes.endIndex {
            while index < bytes.endIndex, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            guard index < bytes.endIndex, bytes[index] != UInt8(ascii: ">") else { break }
            let attributeStart = index
            while index < bytes.endIndex, !isSpace(bytes[index]), !"=>/".utf8.contains(bytes[index]) { index += 1 }
            if index == attributeStart { index += 1; continue }
            let attribute = String(decoding: bytes[attributeStart..<index].map(lowercased), as: UTF8.self)
            while index < bytes.endIndex, isSpace(bytes[index]) { index += 1 }
            var value = bytes[index..<index]
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < bytes.endIndex, isSpace(bytes[index]) { index += 1 }
                if index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueEnd = bytes[(index + 1)...].firstIndex(of: quote) ?? bytes.endIndex
                    value = bytes[(index + 1)..<valueEnd]
                    index = min(valueEnd + 1, bytes.endIndex)
                } else {
                    let valueStart = index
                    while index < bytes.endIndex, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    value = bytes[valueStart..<index]
                }
            }
            if attributes[attribute] == nil { attributes[attribute] = value }
        }
        end = min(index + 1, bytes.endIndex)
    }
}

extension Tag {
    /// The next tag at or after `index`, past comments and any `<` that opens no tag, with `index`
    /// moved past it; nil at the end. The one tag walk of the probe, the headline and the element scan.
    static func next(in bytes: ArraySlice<UInt8>, from index: inout Int) -> Tag? {
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if bytes[open...].starts(with: "<!--".utf8) {
                index = find(Array("-->".utf8), in: bytes[(open + 4)...]).map { $0 + 3 } ?? bytes.endIndex
                continue
            }
            guard let tag = Tag(bytes, at: open) else {
                index = open + 1
                continue
            }
            index = tag.end
            return tag
        }
        return nil
    }

    /// Where `</name` starts (ASCII case-insensitive), if anywhere.
    static func closing(of name: String, in bytes: ArraySlice<UInt8>) -> Int? {
        firstTag(Array("</\(name)".utf8), in: bytes)
    }

    /// Where `needle` (lower case) starts after a `<`, compared ASCII case-insensitively.
    static func firstTag(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        var from = bytes.startIndex
        while let candidate = bytes[from...].firstIndex(of: UInt8(ascii: "<")) {
            if candidate + needle.count <= bytes.endIndex,
               needle.indices.allSatisfy({ lowercased(bytes[candidate + $0]) == needle[$0] }) { return candidate }
            from = candidate + 1
        }
        return nil
    }
}

/// An element's content with its inner tags (`<span>`, `<a>`, `<img>`) replaced by spaces.
func withoutTags(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var kept: [UInt8] = []
    var inTag = false
    for byte in bytes {
        if byte == UInt8(ascii: "<") { inTag = true } else if byte == UInt8(ascii: ">") { inTag = false; kept.append(0x20) } else if !inTag { kept.append(byte) }
    }
    return kept[...]
}

private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
private func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
private func isNameByte(_ byte: UInt8) -> Bool { isLetter(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x3A }
/// ASCII lowercasing, byte by byte (tag and attribute names are ASCII case-insensitive).
func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

/// What a page says it is before anything else: its `<title>` and its first `<h1>` or `<h2>`.
///
/// A link checker reads these to tell a page that says it is missing (a "soft 404" served with 200)
/// from one that merely mentions the words somewhere in its text: only these two are looked at.
public struct PageHeadline: Sendable, Hashable {
    public var title: String?
    public var heading: String?

    public init(title: String? = nil, heading: String? = nil) {
        self.title = title
        self.heading = heading
    }

    /// Reads the headline from the first bytes of a page (bounded by the caller's read).
    public init(_ bytes: ArraySlice<UInt8>) { self = HTMLParser.headline(bytes) }

    /// Reads the headline from what a probe fetched from the start of the page.
    public init(_ input: ProbeInput) { self.init(input.head.all) }
}

extension HTMLParser {
    /// The same tag scan as `probe`, into the body, until the title and the first heading are found.
    static func headline(_ source: ArraySlice<UInt8>) -> PageHeadline {
        let bytes = source.prefix(scanLimit)
        var headline = PageHeadline()
        var index = bytes.startIndex
        while headline.title == nil || headline.heading == nil, let tag = Tag.next(in: bytes, from: &index) {
            guard !tag.isClosing else { continue }
            switch tag.name {
            case "title":
                let close = Tag.closing(of: "title", in: bytes[tag.end...]) ?? bytes.endIndex
                if headline.title == nil { headline.title = text(bytes[tag.end..<close], collapsingWhitespace: true) }
                index = close
            case "h1", "h2":
                let close = Tag.closing(of: tag.name, in: bytes[tag.end...]) ?? bytes.endIndex
                if headline.heading == nil { headline.heading = text(withoutTags(bytes[tag.end..<close]), collapsingWhitespace: true) }
                index = close
            case "script", "style", "textarea", "template":
                index = Tag.closing(of: tag.name, in: bytes[tag.end...]) ?? bytes.endIndex
            default:
                break
            }
        }
        return headline
    }

}
