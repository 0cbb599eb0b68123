/// The elements of a whole page that say what it publishes: meta and link tags, the title and first
/// heading, `<time>`, `<base>`, JSON-LD scripts, `<video>` / `<audio>` / `<source>` / `<img>`, and
/// links with their text.
///
/// The same tag scanner as the probe's (`Tag`, WHATWG §13.2.5 in spirit: comments, quoted
/// attributes, raw-text elements), run over a whole body instead of a head. It never builds a tree,
/// so broken nesting cannot confuse it: an element's text ends at its own end tag, at the next start
/// of the same element, or after `maxText` bytes, whichever comes first. Drafting (PressKit's
/// `PageDraft`) writes its extraction rules over these elements.
public struct HTMLElement: Sendable, Hashable {
    /// Lowercased tag name: `meta`, `a`, `script`, …
    public var name: String
    /// Attribute values with character references decoded; names lowercased; first of each name wins.
    public var attributes: [String: String]
    /// The element's text, tags removed and whitespace collapsed (for `title`, `h1`, `a`, `time`),
    /// or raw (for `script`: JSON-LD is not HTML-decoded). Nil for empty elements.
    public var text: String?
    /// `video` or `audio` for a `<source>` (or `<track>`) inside one of them; nil elsewhere.
    public var enclosing: String?

    public init(name: String, attributes: [String: String] = [:], text: String? = nil, enclosing: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.enclosing = enclosing
    }

    public subscript(_ attribute: String) -> String? { attributes[attribute] }

    /// Reads the elements of `bytes`, at most the first `limit` bytes of them.
    public static func scan(_ bytes: ArraySlice<UInt8>, limit: Int = 4 * 1_024 * 1_024) -> [HTMLElement] {
        HTMLElementScanner.scan(bytes.prefix(limit))
    }
}

enum HTMLElementScanner {
    /// Elements kept, with whether their text is read too.
    private static let kept: [String: Bool] = [
        "meta": false, "link": false, "base": false, "video": false, "audio": false, "source": false, "img": false,
        "title": true, "h1": true, "a": true, "time": true, "script": true,
    ]
    /// The longest text kept per element, in bytes before decoding (JSON-LD may be long).
    private static let maxText = 8 * 1_024
    private static let maxScript = 1_024 * 1_024

    static func scan(_ bytes: ArraySlice<UInt8>) -> [HTMLElement] {
        var elements: [HTMLElement] = []
        var index = bytes.startIndex
        var media: String?
        while let tag = Tag.next(in: bytes, from: &index) {
            if tag.isClosing {
                if tag.name == media { media = nil }
                continue
            }
            switch tag.name {
            case "style", "textarea", "template":
                index = Tag.closing(of: tag.name, in: bytes[index...]) ?? bytes.endIndex
                continue
            case "video", "audio":
                media = tag.name
            default:
                break
            }
            guard let readsText = kept[tag.name] else { continue }
            var element = HTMLElement(name: tag.name, attributes: decoded(tag.attributes))
            if tag.name == "source" || tag.name == "track" { element.enclosing = media }
            if readsText {
                if tag.name == "script" {
                    let end = Tag.closing(of: tag.name, in: bytes[index...]) ?? bytes.endIndex
                    let text = HTMLEntities.string(bytes[index..<end].prefix(maxScript)).trimmingWhitespace
                    element.text = text.isEmpty ? nil : text
                    index = end  // script content is never markup
                } else {
                    // Only a bounded window is searched, so a page of unclosed elements stays linear;
                    // the next start of the same element ends the text too (an unclosed `<a>`).
                    let window = bytes[index..<min(bytes.endIndex, index + maxText)]
                    let next = nextStart(of: tag.name, in: window) ?? window.endIndex
                    let end = Tag.closing(of: tag.name, in: window[..<next]) ?? next
                    element.text = text(withoutTags(bytes[index..<end]))
                }
            }
            elements.append(element)
        }
        return elements
    }

    private static func decoded(_ attributes: [String: ArraySlice<UInt8>]) -> [String: String] {
        attributes.mapValues { HTMLEntities.decode(HTMLEntities.string($0.prefix(maxText))).trimmingWhitespace }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        let words = HTMLEntities.decode(HTMLEntities.string(bytes)).split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    private static func nextStart(of name: String, in bytes: ArraySlice<UInt8>) -> Int? {
        var from = bytes.startIndex
        let needle = Array("<\(name)".utf8)
        while let candidate = Tag.firstTag(needle, in: bytes[from...]) {
            let after = candidate + needle.count
            if after >= bytes.endIndex || !isNameByte(bytes[after]) { return candidate }
            from = candidate + 1
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D
    }
}

extension HTMLElement {
    /// The text of an HTML fragment (a feed's title or summary, often HTML escaped once more than
    /// it should be): tags removed, character references decoded, whitespace collapsed.
    public static func plainText(_ html: String) -> String {
        // Fast paths: only whitespace (between a feed's elements), or no markup, no reference and
        // no whitespace to collapse.
        var previous: UInt8 = 0x20
        var plain = true
        var blank = true
        for byte in html.utf8 {
            let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if !space { blank = false }
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte < 0x20 || (byte == 0x20 && previous == 0x20) { plain = false }
            previous = byte
        }
        if blank { return "" }
        if plain, previous != 0x20 { return html }
        var kept: [UInt8] = []
        var inTag = false
        for byte in html.utf8 {
            if byte == UInt8(ascii: "<") { inTag = true } else if byte == UInt8(ascii: ">"), inTag { inTag = false; kept.append(0x20) } else if !inTag { kept.append(byte) }
        }
        let decoded = HTMLEntities.decode(String(decoding: kept, as: UTF8.self))
        // ASCII text (a feed's `&amp;` titles) collapses its spaces byte by byte; anything else by
        // Character, whose whitespace includes Unicode's (a decoded `&nbsp;`).
        if decoded.utf8.allSatisfy({ $0 < 0x80 }) {
            var words: [UInt8] = []
            words.reserveCapacity(decoded.utf8.count)
            var pendingSpace = false
            for byte in decoded.utf8 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !words.isEmpty
                } else {
                    if pendingSpace { words.append(0x20); pendingSpace = false }
                    words.append(byte)
                }
            }
            return String(decoding: words, as: UTF8.self)
        }
        return decoded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
