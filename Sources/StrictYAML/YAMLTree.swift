// CYaml is the libyaml copy Yams builds on; it is not a product of Yams, but SwiftPM makes the
// module of every transitive C target importable. presskit uses libyaml's event parser directly.
import CYaml

/// Builds a `YAMLNode` tree from libyaml's event stream in one linear pass, refusing on the way what a
/// catalogue never needs and an attacker would use: anchors and aliases (the "billion laughs"), nesting
/// deeper than a limit, more than one document; and reporting duplicate keys in a mapping.
public enum YAMLTree {
    public struct Problem: Error, Sendable {
        public var position: Position
        public var message: String
    }

    public static let anchorMessage = "YAML anchors and aliases ('&name', '*name') are not allowed; write the value out"

    /// The document's root, nil for an empty document, or the first problem.
    public static func parse(_ text: String, maximumDepth: Int) -> Result<YAMLNode?, Problem> {
        var text = text
        return text.withUTF8 { parse(utf8: UnsafeRawBufferPointer($0), maximumDepth: maximumDepth) }
    }

    /// The same, straight from UTF-8 bytes (a file's, without copying them into a String first).
    public static func parse(utf8 bytes: UnsafeRawBufferPointer, maximumDepth: Int) -> Result<YAMLNode?, Problem> {
        // Nothing to read is an empty stream (and an empty buffer may have no address to lend libyaml).
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return .success(nil) }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(Problem(position: Position(line: 1, column: 1), message: "cannot start the YAML parser (out of memory)"))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, start.assumingMemoryBound(to: UInt8.self), bytes.count)
        var builder = Builder(maximumDepth: maximumDepth)
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return .failure(syntaxProblem(parser, bytes: bytes, maximumDepth: maximumDepth))
            }
            defer { yaml_event_delete(&event) }
            do {
                if try builder.take(&event) { return .success(builder.root) }
            } catch let problem as Problem {
                return .failure(problem)
            } catch {
                return .failure(Problem(position: Position(line: 1, column: 1), message: "\(error)"))
            }
        }
    }

    private struct Builder {
        let maximumDepth: Int
        var root: YAMLNode?
        var documents = 0
        /// The mappings and lists still open, innermost last; children are appended in place.
        var stack: [Frame] = []

        struct Frame {
            let isMapping: Bool
            let at: Position
            var items: [YAMLNode] = []
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var pendingKey: YAMLNode?
            /// The scalar keys seen, once a mapping is too long to search them for duplicates.
            var keys: Set<String>?
        }

        /// Beyond this many keys, duplicates are found with a set rather than by searching.
        static let searchLimit = 32

        init(maximumDepth: Int) {
            self.maximumDepth = maximumDepth
        }

        /// Consumes one event; true at the end of the stream.
        mutating func take(_ event: inout yaml_event_t) throws -> Bool {
            let at = Position(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return true
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { throw Problem(position: at, message: "a file holds one YAML document; found a second one ('---')") }
            case YAML_ALIAS_EVENT:
                throw Problem(position: at, message: YAMLTree.anchorMessage)
            case YAML_SCALAR_EVENT:
                if event.data.scalar.anchor != nil { throw Problem(position: at, message: YAMLTree.anchorMessage) }
                let scalar = event.data.scalar
                let text = scalar.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                } ?? ""
                let style: YAMLNode.ScalarStyle = scalar.style == YAML_PLAIN_SCALAR_STYLE ? .plain : .quoted
                try attach(.scalar(text, style: style, at: at))
            case YAML_SEQUENCE_START_EVENT:
                if event.data.sequence_start.anchor != nil { throw Problem(position: at, message: YAMLTree.anchorMessage) }
                try open(Frame(isMapping: false, at: at))
            case YAML_MAPPING_START_EVENT:
                if event.data.mapping_start.anchor != nil { throw Problem(position: at, message: YAMLTree.anchorMessage) }
                try open(Frame(isMapping: true, at: at))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                try attach(frame.isMapping ? .mapping(frame.pairs, at: frame.at) : .sequence(frame.items, at: frame.at))
            default:
                break
            }
            return false
        }

        mutating func open(_ frame: Frame) throws {
            guard stack.count < maximumDepth else {
                throw Problem(position: frame.at, message: "document is nested deeper than \(maximumDepth) levels")
            }
            stack.append(frame)
        }

        mutating func attach(_ node: YAMLNode) throws {
            guard !stack.isEmpty else {
                root = node
                return
            }
            let top = stack.count - 1
            guard stack[top].isMapping else { return stack[top].items.append(node) }
            if let key = stack[top].pendingKey {
                stack[top].pairs.append((key, node))
                stack[top].pendingKey = nil
                return
            }
            if case .scalar(let name, _, _) = node, !insertKey(name, into: &stack[top]) {
                throw Problem(position: node.position, message: "duplicate key '\(name.prefix(60))' in the same mapping; keep one")
            }
            stack[top].pendingKey = node
        }

        /// Notes a scalar key of a mapping; false when it already has one of that text.
        private func insertKey(_ name: String, into frame: inout Frame) -> Bool {
            if frame.keys == nil {
                let isDuplicate = frame.pairs.contains { pair in
                    if case .scalar(let other, _, _) = pair.key { return other == name }
                    return false
                }
                if isDuplicate { return false }
                if frame.pairs.count < Self.searchLimit { return true }
                frame.keys = Set(frame.pairs.compactMap(\.key.text))
            }
            return frame.keys!.insert(name).inserted
        }
    }

    /// libyaml's own words for a syntax error, at its position.
    private static func syntaxProblem(_ parser: yaml_parser_t, bytes: UnsafeRawBufferPointer, maximumDepth: Int) -> Problem {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            return Problem(position: position(ofByte: parser.problem_offset, in: bytes), message: "YAML cannot read the text: \(problem)")
        }
        let mark = parser.problem_mark
        let at = Position(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        if problem.hasPrefix("Maximum nesting level") {
            return Problem(position: at, message: "document is nested deeper than \(maximumDepth) levels")
        }
        let context = parser.context.map { " " + String(cString: $0) } ?? ""
        return Problem(position: at, message: "YAML syntax error: \(problem)\(context)")
    }

    /// Line and column (in scalars) of the byte at `offset` of UTF-8 text: a scalar starts at every
    /// byte but continuation bytes (10xxxxxx).
    private static func position(ofByte offset: Int, in bytes: UnsafeRawBufferPointer) -> Position {
        var line = 1, column = 1
        for byte in bytes.prefix(max(0, offset)) where byte & 0xC0 != 0x80 {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return Position(line: line, column: column)
    }
}
