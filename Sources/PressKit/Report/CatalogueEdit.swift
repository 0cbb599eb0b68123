import Foundation

/// Where a catalogue file names a link: the line to change after a permanent redirect.
public struct CatalogueEdit: Encodable, Hashable, Sendable {
    /// The event's source file, as imported (absolute).
    public var path: String
    /// 1-based; nil when the file cannot be read or no longer holds the URL.
    public var line: Int?
    /// The YAML key naming the URL on that line (`url`, `webstory`), when one does.
    public var field: String?

    public init(path: String, line: Int? = nil, field: String? = nil) {
        self.path = path
        self.line = line
        self.field = field
    }
}

/// Where a catalogue file names a URL, found by reading the file as text: the YAML reader keeps no
/// positions once imported, and a person edits the text anyway.
enum CatalogueLines {
    /// 1-based lines holding `url` as a whole value (not as the start of a longer URL), with the
    /// YAML key before it on the line when there is one.
    static func find(_ url: String, in text: String) -> [(line: Int, field: String?)] {
        guard !url.isEmpty else { return [] }
        var found: [(Int, String?)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var searchFrom = line.startIndex
            while let range = line[searchFrom...].range(of: url) {
                searchFrom = range.upperBound
                if let next = line[range.upperBound...].first, !ends.contains(next) { continue }
                found.append((index + 1, field(before: line[..<range.lowerBound])))
                break
            }
        }
        return found
    }

    /// Characters that may follow a URL in YAML: a closing quote, a separator, a comment, the end of a flow.
    private static let ends: Set<Character> = ["\"", "'", " ", "\t", ",", "}", "]", "#", "\r"]

    /// `url` in `  - {kind: photo, url: "`, `webstory` in `webstory: `.
    private static func field(before prefix: Substring) -> String? {
        var rest = prefix
        while let last = rest.last, last == "\"" || last == "'" || last == " " { rest = rest.dropLast() }
        guard rest.last == ":" else { return nil }
        rest = rest.dropLast()
        let key = rest.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return key.isEmpty ? nil : String(key.reversed())
    }
}
