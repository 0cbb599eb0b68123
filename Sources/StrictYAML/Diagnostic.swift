/// One problem found in a catalogue or policy file, with where it is and what to do about it.
///
/// Rendered as `path:line:column: error: message` — the shape compilers use, so editors and CI
/// annotators jump straight to the spot.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable {
        case error
        case warning
    }

    public var path: String
    /// 1-based; 0 when the problem is about the file as a whole (it cannot be read, say).
    public var line: Int
    /// 1-based, counted in Unicode scalars as libyaml does; 0 with `line`.
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(path: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// One line, with control characters in the path or message shown escaped (`\u{1B}`): a
    /// catalogue's file name or text must never reach a terminal as raw control bytes.
    public var description: String {
        let location = line > 0 ? "\(ControlCharacters.escaped(path)):\(line):\(column)" : ControlCharacters.escaped(path)
        return "\(location): \(severity.rawValue): \(ControlCharacters.escaped(message))"
    }
}

/// Control characters (C0, DEL, C1) in text that a person reads or a file stores.
public enum ControlCharacters {
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `text` with every control character written as `\u{HEX}`, and nothing else changed.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, then position, so reports read top to bottom.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.path, lhs.line, lhs.column, lhs.message) < (rhs.path, rhs.line, rhs.column, rhs.message)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
}

/// A catalogue or policy that could not be read: every diagnostic, not only the first.
public struct InvalidInput: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        let count = diagnostics.errors.count
        return "\(count) error\(count == 1 ? "" : "s") in the input"
    }
}
