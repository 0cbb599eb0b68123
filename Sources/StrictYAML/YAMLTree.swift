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

    /// Text holds tabs and line breaks, never other control characters: a NUL would cut it short in
    /// C strings, and escape sequences would reach terminals through every listing.
    static func controlCharacterMessage(_ control: Unicode.Scalar) -> String {
        "text holds the control character \(ControlCharacters.escaped(String(control))) (from an escape such as \"\\0\" or \"\\e\"); only tabs and line breaks are allowed: remove it"
    }

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
        /// The children of every mapping and list still open, innermost last; a mapping's keys and
        /// values alternate. A container closing takes its own as one array of the right size.
        var children: [YAMLNode] = []
        /// The mappings and lists still open, innermost last.
        var open: [Container] = []

        struct Container {
            let isMapping: Bool
            let at: Position
            /// Where its children start in `children`.
            let start: Int
            /// Its scalar keys, once it has too many to search for duplicates.
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
                if let control = text.unicodeScalars.first(where: { ControlCharacters.isControl($0) && $0 != "\t" && $0 != "\n" }) {
                    throw Problem(position: at, message: YAMLTree.controlCharacterMessage(control))
                }
                let style: YAMLNode.ScalarStyle = scalar.style == YAML_PLAIN_SCALAR_STYLE ? .plain : .quoted
                try attach(.scalar(text, style: style, at: at))
            case YAML_SEQUENCE_START_EVENT:
                if event.data.sequence_start.anchor != nil { throw Problem(position: at, message: YAMLTree.anchorMessage) }
                try begin(isMapping: false, at: at)
            case YAML_MAPPING_START_EVENT:
                if event.data.mapping_start.anchor != nil { throw Problem(position: at, message: YAMLTree.anchorMessage) }
                try begin(isMapping: true, at: at)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try attach(end())
            default:
                break
            }
            return false
        }

        mutating func begin(isMapping: Bool, at: Position) throws {
            guard open.count < maximumDepth else {
                throw Problem(position: at, message: "document is nested deeper than \(maximumDepth) levels")
            }
            open.append(Container(isMapping: isMapping, at: at, start: children.count))
        }

        /// Closes the innermost container, handing over its children.
        mutating func end() -> YAMLNode {
            let container = open.removeLast()
            let start = container.start
            let node: YAMLNode
            if container.isMapping {
                let pairs = (0..<(children.count - start) / 2).map {
                    (key: children[start + 2 * $0], value: children[start + 2 * $0 + 1])
                }
                node = .mapping(pairs, at: container.at)
            } else {
                node = .sequence(Array(children[start...]), at: container.at)
            }
            children.removeSubrange(start...)
            return node
        }

        mutating func attach(_ node: YAMLNode) throws {
            guard let top = open.indices.last else {
                root = node
                return
            }
            if open[top].isMapping, (children.count - open[top].start) % 2 == 0, case .scalar(let name, _, _) = node,
               !Self.note(key: name, of: &open[top], among: children) {
                throw Problem(position: node.position, message: "duplicate key '\(name.prefix(60))' in the same mapping; keep one")
            }
            children.append(node)
        }

        /// Notes a scalar key of a mapping; false when it already has one of that text.
        static func note(key name: String, of container: inout Container, among children: [YAMLNode]) -> Bool {
            if container.keys == nil {
                let keys = stride(from: container.start, to: children.count, by: 2)
                for index in keys {
                    if case .scalar(let other, _, _) = children[index], other == name { return false }
                }
                if (children.count - container.start) / 2 < searchLimit { return true }
                container.keys = Set(keys.compactMap { children[$0].text })
            }
            return container.keys!.insert(name).inserted
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
