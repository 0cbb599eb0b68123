import Yams

/// Reads one YAML mapping field by field, recording a diagnostic for every problem rather than
/// stopping at the first, and finally for every key nobody asked for (with the nearest known key).
struct MappingReader {
    let path: String
    /// What this mapping is, for messages: "event", "story 'wb23-belgrade'", "asset".
    let what: String
    let mark: Position
    private var values: [String: (key: Node, value: Node)] = [:]
    private var keyOrder: [String] = []

    /// Nil (with a diagnostic) when `node` is not a mapping.
    init?(_ node: Node, what: String, path: String, diagnostics: inout [Diagnostic]) {
        self.path = path
        self.what = what
        self.mark = Position(node.mark)
        guard case .mapping(let mapping) = node else {
            diagnostics.append(Diagnostic(path: path, line: mark.line, column: mark.column,
                                          message: "expected \(what) as a mapping of keys and values, found \(MappingReader.describe(node))"))
            return nil
        }
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            values[name] = (key, value)
            keyOrder.append(name)
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let s): s.string.isEmpty ? "nothing" : "text '\(s.string.prefix(40))'"
        case .alias: "an alias"
        }
    }

    func has(_ key: String) -> Bool { values[key].map { !YAMLText.isNull($0.value) } ?? false }

    /// The value node for `key`, or nil when absent or null.
    func node(_ key: String) -> Node? {
        guard let entry = values[key], !YAMLText.isNull(entry.value) else { return nil }
        return entry.value
    }

    func position(of key: String) -> Position {
        values[key].map { Position($0.value.mark) } ?? mark
    }

    func diagnostic(at node: Node?, _ message: String, severity: Diagnostic.Severity = .error) -> Diagnostic {
        let at = node.map { Position($0.mark) } ?? mark
        return Diagnostic(path: path, line: at.line, column: at.column, severity: severity, message: message)
    }

    /// Text of a scalar field, trimmed. Required fields that are absent or blank are reported.
    func text(_ key: String, required: Bool = false, into diagnostics: inout [Diagnostic]) -> String? {
        guard let node = node(key) else {
            if required {
                diagnostics.append(diagnostic(at: nil, "\(what) is missing required key '\(key)'"))
            }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            diagnostics.append(diagnostic(at: node, "'\(key)' of \(what) must be text, found \(MappingReader.describe(node))"))
            return nil
        }
        let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { diagnostics.append(diagnostic(at: node, "'\(key)' of \(what) must not be empty")) }
            return nil
        }
        return trimmed
    }

    /// A list field's elements (absent → empty). A single value where a list belongs is an error
    /// that shows how to write the list.
    func list(_ key: String, into diagnostics: inout [Diagnostic]) -> [Node] {
        guard let node = node(key) else { return [] }
        guard case .sequence(let sequence) = node else {
            diagnostics.append(diagnostic(at: node, "'\(key)' of \(what) must be a list (one '- item' per line, or [a, b]), found \(MappingReader.describe(node))"))
            return []
        }
        return Array(sequence)
    }

    /// A list of texts, each non-empty.
    func texts(_ key: String, into diagnostics: inout [Diagnostic]) -> [String] {
        list(key, into: &diagnostics).compactMap { element in
            guard case .scalar(let scalar) = element else {
                diagnostics.append(diagnostic(at: element, "each entry of '\(key)' must be text, found \(MappingReader.describe(element))"))
                return nil
            }
            let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                diagnostics.append(diagnostic(at: element, "an entry of '\(key)' is empty"))
                return nil
            }
            return trimmed
        }
    }

    /// A `YYYY-MM-DD` field; impossible days (`2023-02-30`) are reported as such.
    func calendarDate(_ key: String, required: Bool = false, into diagnostics: inout [Diagnostic]) -> CalendarDate? {
        guard let text = text(key, required: required, into: &diagnostics) else { return nil }
        if let date = CalendarDate(iso: text) { return date }
        let message = CalendarDate.looksLikeDate(text)
            ? "'\(text)' is not a real date (\(key) of \(what))"
            : "'\(key)' of \(what) must be a date written YYYY-MM-DD, found '\(text.prefix(40))'"
        diagnostics.append(diagnostic(at: node(key), message))
        return nil
    }

    /// A date-time that must carry its zone (`Z` or `±HH:MM`).
    func zonedDateTime(_ key: String, into diagnostics: inout [Diagnostic]) -> ZonedDateTime? {
        guard let text = text(key, into: &diagnostics) else { return nil }
        switch ZonedDateTime.parse(text) {
        case .success(let moment):
            return moment
        case .failure(let failure):
            diagnostics.append(diagnostic(at: node(key), MappingReader.message(for: failure, text: text, key: key, what: what)))
            return nil
        }
    }

    static func message(for failure: ZonedDateTime.ParseFailure, text: String, key: String, what: String) -> String {
        switch failure {
        case .missingZone:
            "'\(key)' of \(what) has no time zone; add Z or an offset, e.g. \(text.prefix(19))+01:00"
        case .impossible:
            "'\(text.prefix(40))' is not a real date and time (\(key) of \(what))"
        case .malformed where CalendarDate(iso: text) != nil:
            "'\(key)' of \(what) needs a time and a zone, e.g. \(text)T10:00:00+01:00"
        case .malformed:
            "'\(key)' of \(what) must be a date-time with zone like 2023-11-21T10:00:00+01:00, found '\(text.prefix(40))'"
        }
    }

    /// Reports keys present but not in `known`, each with the nearest known key when one is close.
    func reportUnknownKeys(known: [String], into diagnostics: inout [Diagnostic]) {
        for name in keyOrder where !known.contains(name) {
            let keyNode = values[name]?.key
            let shown = name.isEmpty ? MappingReader.describe(keyNode ?? .init("")) : "'\(name)'"
            diagnostics.append(diagnostic(at: keyNode, "unknown key \(shown) in \(what)\(Suggestions.didYouMean(name, in: known))"))
        }
    }
}
