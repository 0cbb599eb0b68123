/// Writes a draft as a catalogue file (Catalog/README.md's format), every guess marked with a
/// comment, so `presskit validate` reads it and a press officer sees what to review.
///
/// Strings are written double-quoted with YAML's escapes for `\` and `"`; control characters the
/// catalogue refuses become spaces. Output depends only on the draft: no clock, no dictionary order.
public struct DraftYAML {
    public struct EventStub: Sendable, Equatable {
        public var id: String
        public var title: String
        public var start: String
        public var type: String = "other"
        /// The comment on the event: why it is a stub, or which existing event the stories are for.
        public var note: String
    }

    public var header: [String]
    public var event: EventStub
    public var stories: [DraftStory]

    public func render() -> String {
        // One string appended to, not an array of lines joined: a 10,000-item feed writes 200,000 lines.
        var out = ""
        out.reserveCapacity(256 + stories.count * 1_024)
        func line(_ text: String) {
            out += text
            out.append("\n")
        }
        for note in header { line("# " + Self.comment(note)) }
        line("event:")
        line("  # " + Self.comment(event.note))
        line("  id: \(event.id)")
        line("  title: \(Self.quoted(event.title))")
        line("  type: \(event.type)")
        line("  start: \(event.start)")
        if !stories.isEmpty { line("stories:") }
        for story in stories {
            line("  # from \(Self.comment(story.source))")
            line("  - id: \(story.id)")
            line("    headline: \(Self.quoted(story.headline ?? story.id))" + (story.headline == nil ? "  # the page gives no headline: its address's name" : ""))
            if let date = story.date {
                line("    date: \(date)" + (story.dateNote.map { "  # " + Self.comment($0) } ?? ""))
            }
            if let summary = story.summary { line("    summary: \(Self.quoted(summary))") }
            if let webstory = story.webstory { line("    webstory: \(Self.quoted(webstory))") }
            let assets = story.assets.filter { $0.kind != nil }
            if !assets.isEmpty { line("    assets:") }
            for asset in assets {
                line("      - kind: \(asset.kind!.rawValue)" + (asset.kindNote.map { "  # " + Self.comment($0) } ?? ""))
                line("        title: \(Self.quoted(asset.title ?? asset.url))" + (asset.titleNote.map { "  # " + Self.comment($0) } ?? ""))
                line("        url: \(Self.quoted(asset.url))")
                if let type = asset.contentType { line("        content_type: \(Self.quoted(type))") }
                if let caption = asset.caption { line("        caption: \(Self.quoted(caption))") }
                if let credit = asset.credit { line("        credit: \(Self.quoted(credit))") }
                if let rights = asset.rights { line("        rights: \(Self.quoted(rights))") }
                if !asset.notes.isEmpty { line("        notes: \(Self.quoted(asset.notes.joined(separator: " ")))") }
            }
        }
        return out
    }

    /// A YAML double-quoted scalar (YAML 1.2 §7.3.1).
    static func quoted(_ text: String) -> String {
        let text = clean(text)
        // Fast path (most titles and URLs): nothing to escape.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// One line for a comment: no line breaks, no control characters.
    static func comment(_ text: String) -> String { clean(text) }

    /// Whitespace collapsed; C0 and C1 controls, DEL and the line and paragraph separators as spaces.
    static func clean(_ text: String) -> String {
        // Fast path: printable ASCII without a leading, trailing or doubled space is already clean.
        var previous: UInt8 = 0x20
        var clean = true
        for byte in text.utf8 {
            if byte < 0x20 || byte >= 0x7F || (byte == 0x20 && previous == 0x20) { clean = false; break }
            previous = byte
        }
        if clean, previous != 0x20 { return text }
        let spaced = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 || value == 0xFEFF
            return control ? " " : scalar
        }))
        return spaced.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
