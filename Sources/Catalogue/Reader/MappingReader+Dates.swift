import StrictYAML

/// Date fields, read with the catalogue's own date types.
extension MappingReader {
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

}
