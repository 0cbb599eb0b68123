import Foundation
import Yams

/// Turns a file's bytes into a YAML node tree, or into diagnostics saying why it cannot.
///
/// Guards taken before any catalogue rule runs: a size limit, strict UTF-8, one document, a nesting limit,
/// and no anchors or aliases (the "billion laughs" expansion works through aliases; catalogues never need them).
public enum YAMLText {
    /// Largest file read, in bytes. A press-kit event with hundreds of assets stays well under it.
    public static let maximumFileSize = 1 << 20
    /// Deepest nesting of mappings and lists accepted. A catalogue needs 6.
    public static let maximumDepth = 32

    public static let anchorMessage = "YAML anchors and aliases ('&name', '*name') are not allowed in catalogue files"

    /// A parsed document. `parser` is held because Yams keeps node anchors as weak references to it.
    public struct Document {
        public let root: Node
        public let parser: Parser
    }

    public static func parse(path: String, data: Data, into diagnostics: inout [Diagnostic]) -> Document? {
        func fail(_ line: Int, _ column: Int, _ message: String) -> Document? {
            diagnostics.append(Diagnostic(path: path, line: line, column: column, message: message))
            return nil
        }
        guard data.count <= maximumFileSize else {
            return fail(0, 0, "file is \(data.count) bytes, over the limit of \(maximumFileSize) bytes (1 MiB); split the event's assets across files or shorten long texts")
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) } // UTF-8 byte order mark
        if let (line, column, byte) = firstInvalidUTF8(in: bytes) {
            return fail(line, column, String(format: "file is not valid UTF-8 (byte 0x%02X); save it as UTF-8", byte))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let problem = YAMLEventScan.firstProblem(in: text, maximumDepth: maximumDepth) {
            let suffix = problem.message == anchorMessage ? "; write the value out" : ""
            return fail(problem.line, problem.column, problem.message + suffix)
        }
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: text)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            let (line, column, message) = describe(error, in: text)
            return fail(line, column, message)
        } catch {
            return fail(1, 1, "cannot parse YAML: \(error)")
        }
        guard let root, !isNull(root) else {
            return fail(1, 1, "file is empty; a catalogue file describes one event (see Catalog/README.md)")
        }
        return Document(root: root, parser: parser)
    }

    /// A plain `~`, `null` or nothing: YAML's null, which catalogue fields treat as absent.
    public static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Line, column (in scalars) and byte of the first invalid UTF-8 sequence, if any.
    public static func firstInvalidUTF8(in bytes: Data.SubSequence) -> (Int, Int, UInt8)? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1, column = 1, offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            case .error:
                return (line, column, bytes[offset])
            case .emptyInput:
                return nil
            }
        }
    }

    private static func describe(_ error: YamlError, in text: String) -> (Int, Int, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            if problem.hasPrefix("Maximum nesting level") {
                return (mark.line, mark.column, "document is nested deeper than \(maximumDepth) levels; a catalogue needs a handful")
            }
            let while_ = context.map { " \($0.text)" } ?? ""
            return (mark.line, mark.column, "YAML syntax error: \(problem)\(while_)")
        case let .reader(problem, offset, _, _):
            let (line, column) = position(ofByte: offset ?? 0, in: text)
            return (line, column, "YAML cannot read the text: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, context.mark.column, "duplicate key \(keys) in the same mapping; keep one")
        default:
            return (1, 1, "cannot parse YAML: \(error)")
        }
    }

    private static func position(ofByte offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1, consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

/// A 1-based line and column in a file (Yams' `Mark` cannot be created outside Yams).
public struct Position: Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(_ mark: Mark?) {
        line = mark?.line ?? 1
        column = mark?.column ?? 1
    }
}
