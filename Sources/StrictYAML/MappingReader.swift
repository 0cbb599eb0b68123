
/// Reads one YAML mapping field by field, recording a diagnostic for every problem rather than
/// stopping at the first, and finally for every key nobody asked for (with the nearest known key).
public struct MappingReader {
    public let path: String
    /// What this mapping is, for messages: "event", "story 'wb23-belgrade'", "asset".
    public let what: String
    public let mark: Position
    /// The mapping's entries in file order, shared with the node (not copied).
    private let entries: [(key: YAMLNode, value: YAMLNode)]
    /// Each entry's key name: its text, or "" for a key that is not a scalar.
    private let names: [String]
    /// Key name → index of its last entry, for mappings too long to search; nil for the usual few keys.
    private let index: [String: Int]?
    /// Beyond this many entries, keys are looked up in `index` rather than searched.
    private static let searchLimit = 32

    /// Nil (with a diagnostic) when `node` is not a mapping.
    public init?(_ node: YAMLNode, what: String, path: String, diagnostics: inout [Diagnostic]) {
        self.path = path
        self.what = what
        self.mark = node.position
        guard case .mapping(let mapping, _) = node else {
            diagnostics.append(Diagnostic(path: path, line: mark.line, column: mark.column,
                                          message: "expected \(what) as a mapping of keys and values, found \(MappingReader.describe(node))"))
            return nil
        }
        entries = mapping
        names = mapping.map { $0.key.text ?? "" }
        if mapping.count > Self.searchLimit {
            var index: [String: Int] = [:]
            for (offset, name) in names.enumerated() { index[name] = offset }
            self.index = index
        } else {
            index = nil
        }
    }

    /// Where the last entry named `key` is (a later one shadows an earlier, as when they were kept in
    /// a dictionary). A search through a few short names costs less than hashing them.
    private func offset(of key: String) -> Int? {
        index.map { $0[key] } ?? names.lastIndex(of: key)
    }

    /// The value written for `key`, null or not.
    private func value(_ key: String) -> YAMLNode? {
        offset(of: key).map { entries[$0].value }
    }

    public static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let text, _, _): text.isEmpty ? "nothing" : "text '\(text.prefix(40))'"
        }
    }

    public func has(_ key: String) -> Bool { value(key).map { !$0.isNull } ?? false }

    /// The value node for `key`, or nil when absent or null.
    public func node(_ key: String) -> YAMLNode? {
        guard let value = value(key), !value.isNull else { return nil }
        return value
    }

    public func position(of key: String) -> Position {
        value(key)?.position ?? mark
    }

    public func diagnostic(at node: YAMLNode?, _ message: String, severity: Diagnostic.Severity = .error) -> Diagnostic {
        let at = node?.position ?? mark
        return Diagnostic(path: path, line: at.line, column: at.column, severity: severity, message: message)
    }

    /// Text of a scalar field, trimmed. Required fields that are absent or blank are reported.
    public func text(_ key: String, required: Bool = false, into diagnostics: inout [Diagnostic]) -> String? {
        guard let node = node(key) else {
            if required {
                diagnostics.append(diagnostic(at: nil, "\(what) is missing required key '\(key)'"))
            }
            return nil
        }
        guard case .scalar(let raw, _, _) = node else {
            diagnostics.append(diagnostic(at: node, "'\(key)' of \(what) must be text, found \(MappingReader.describe(node))"))
            return nil
        }
        let trimmed = raw.trimmedWhitespace
        if trimmed.isEmpty {
            if required { diagnostics.append(diagnostic(at: node, "'\(key)' of \(what) must not be empty")) }
            return nil
        }
        return trimmed
    }

    /// A list field's elements (absent → empty). A single value where a list belongs is an error
    /// that shows how to write the list.
    public func list(_ key: String, into diagnostics: inout [Diagnostic]) -> [YAMLNode] {
        guard let node = node(key) else { return [] }
        guard case .sequence(let sequence, _) = node else {
            diagnostics.append(diagnostic(at: node, "'\(key)' of \(what) must be a list (one '- item' per line, or [a, b]), found \(MappingReader.describe(node))"))
            return []
        }
        return Array(sequence)
    }

    /// A list of texts, each non-empty.
    public func texts(_ key: String, into diagnostics: inout [Diagnostic]) -> [String] {
        list(key, into: &diagnostics).compactMap { element in
            guard case .scalar(let raw, _, _) = element else {
                diagnostics.append(diagnostic(at: element, "each entry of '\(key)' must be text, found \(MappingReader.describe(element))"))
                return nil
            }
            let trimmed = raw.trimmedWhitespace
            if trimmed.isEmpty {
                diagnostics.append(diagnostic(at: element, "an entry of '\(key)' is empty"))
                return nil
            }
            return trimmed
        }
    }

    /// `true` or `false` (YAML 1.2's booleans; `yes`/`no` are refused as ambiguous).
    public func bool(_ key: String, into diagnostics: inout [Diagnostic]) -> Bool? {
        guard let text = text(key, into: &diagnostics) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            diagnostics.append(diagnostic(at: node(key), "'\(key)' of \(what) must be true or false, found '\(text.prefix(40))'"))
            return nil
        }
    }

    /// A whole number within `range` (underscores allowed as digit separators: 100_000).
    public func integer(_ key: String, in range: ClosedRange<Int>, into diagnostics: inout [Diagnostic]) -> Int? {
        guard let text = text(key, into: &diagnostics) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(value) else {
            diagnostics.append(diagnostic(at: node(key), "'\(key)' of \(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text.prefix(40))'"))
            return nil
        }
        return value
    }

    /// A number within `range`.
    public func number(_ key: String, in range: ClosedRange<Double>, into diagnostics: inout [Diagnostic]) -> Double? {
        guard let text = text(key, into: &diagnostics) else { return nil }
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite, range.contains(value) else {
            diagnostics.append(diagnostic(at: node(key), "'\(key)' of \(what) must be a number from \(range.lowerBound) to \(range.upperBound), found '\(text.prefix(40))'"))
            return nil
        }
        return value
    }

    /// Reports keys present but not in `known`, each with the nearest known key when one is close.
    public func reportUnknownKeys(known: [String], into diagnostics: inout [Diagnostic]) {
        for name in names where !known.contains(name) {
            let keyNode = offset(of: name).map { entries[$0].key }
            let shown = name.isEmpty ? keyNode.map(MappingReader.describe) ?? "an empty key" : "'\(name)'"
            diagnostics.append(diagnostic(at: keyNode, "unknown key \(shown) in \(what)\(Suggestions.didYouMean(name, in: known))"))
        }
    }
}

extension String {
    /// The text without leading and trailing white space and line breaks; the common case of nothing
    /// to trim costs two scalar checks (Foundation's trimming dominated profiles of large imports).
    public var trimmedWhitespace: String {
        // Text that starts and ends with an ASCII character other than white space, nearly all of it.
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           !Unicode.Scalar(first).isWhitespace, !Unicode.Scalar(last).isWhitespace { return self }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !first.isWhitespace && !last.isWhitespace { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property, answered without a table look-up for ASCII.
    fileprivate var isWhitespace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }
}
