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
        var lines = header.map { "# " + Self.comment($0) }
        lines.append("event:")
        lines.append("  # " + Self.comment(event.note))
        lines.append("  id: \(event.id)")
        lines.append("  title: \(Self.quoted(event.title))")
        lines.append("  type: \(event.type)")
        lines.append("  start: \(event.start)")
        if !stories.isEmpty { lines.append("stories:") }
        for story in stories {
            lines.append("  # from \(Self.comment(story.source))")
            lines.append("  - id: \(story.id)")
            lines.append("    headline: \(Self.quoted(story.headline ?? story.id))" + (story.headline == nil ? "  # the page gives no headline: its address's name" : ""))
            if let date = story.date {
                lines.append("    date: \(date)" + (story.dateNote.map { "  # " + Self.comment($0) } ?? ""))
            }
            if let summary = story.summary { lines.append("    summary: \(Self.quoted(summary))") }
            if let webstory = story.webstory { lines.append("    webstory: \(Self.quoted(webstory))") }
            let assets = story.assets.filter { $0.kind != nil }
            if !assets.isEmpty { lines.append("    assets:") }
            for asset in assets {
                lines.append("      - kind: \(asset.kind!.rawValue)" + (asset.kindNote.map { "  # " + Self.comment($0) } ?? ""))
                lines.append("        title: \(Self.quoted(asset.title ?? asset.url))" + (asset.titleNote.map { "  # " + Self.comment($0) } ?? ""))
                lines.append("        url: \(Self.quoted(asset.url))")
                if let type = asset.contentType { lines.append("        content_type: \(Self.quoted(type))") }
                if let caption = asset.caption { lines.append("        caption: \(Self.quoted(caption))") }
                if let credit = asset.credit { lines.append("        credit: \(Self.quoted(credit))") }
                if let rights = asset.rights { lines.append("        rights: \(Self.quoted(rights))") }
                if !asset.notes.isEmpty { lines.append("        notes: \(Self.quoted(asset.notes.joined(separator: " ")))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
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
