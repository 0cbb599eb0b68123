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
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(Problem(position: Position(line: 1, column: 1), message: "cannot start the YAML parser (out of memory)"))
        }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = Builder(maximumDepth: maximumDepth)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return .failure(syntaxProblem(parser, text: text, maximumDepth: maximumDepth)) }
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
    }

    private struct Builder {
        let maximumDepth: Int
        var root: YAMLNode?
        var documents = 0
        /// Open containers: a mapping's pairs (with its pending key and the scalar keys seen) or a list's items.
        var stack: [Container] = []

        enum Container {
            case mapping(pairs: [(key: YAMLNode, value: YAMLNode)], pendingKey: YAMLNode?, keys: Set<String>, at: Position)
            case sequence(items: [YAMLNode], at: Position)
        }

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
                try open(.sequence(items: [], at: at), at: at)
            case YAML_MAPPING_START_EVENT:
                if event.data.mapping_start.anchor != nil { throw Problem(position: at, message: YAMLTree.anchorMessage) }
                try open(.mapping(pairs: [], pendingKey: nil, keys: [], at: at), at: at)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                switch stack.removeLast() {
                case .sequence(let items, let start): try attach(.sequence(items, at: start))
                case .mapping(let pairs, _, _, let start): try attach(.mapping(pairs, at: start))
                }
            default:
                break
            }
            return false
        }

        mutating func open(_ container: Container, at: Position) throws {
            guard stack.count < maximumDepth else {
                throw Problem(position: at, message: "document is nested deeper than \(maximumDepth) levels")
            }
            stack.append(container)
        }

        mutating func attach(_ node: YAMLNode) throws {
            guard let top = stack.popLast() else {
                root = node
                return
            }
            switch top {
            case .sequence(var items, let at):
                items.append(node)
                stack.append(.sequence(items: items, at: at))
            case .mapping(var pairs, let pendingKey, var keys, let at):
                if let key = pendingKey {
                    pairs.append((key, node))
                    stack.append(.mapping(pairs: pairs, pendingKey: nil, keys: keys, at: at))
                } else {
                    if let name = node.text, !keys.insert(name).inserted {
                        throw Problem(position: node.position, message: "duplicate key '\(name.prefix(60))' in the same mapping; keep one")
                    }
                    stack.append(.mapping(pairs: pairs, pendingKey: node, keys: keys, at: at))
                }
            }
        }
    }

    /// libyaml's own words for a syntax error, at its position.
    private static func syntaxProblem(_ parser: yaml_parser_t, text: String, maximumDepth: Int) -> Problem {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            return Problem(position: position(ofByte: parser.problem_offset, in: text), message: "YAML cannot read the text: \(problem)")
        }
        let mark = parser.problem_mark
        let at = Position(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        if problem.hasPrefix("Maximum nesting level") {
            return Problem(position: at, message: "document is nested deeper than \(maximumDepth) levels")
        }
        let context = parser.context.map { " " + String(cString: $0) } ?? ""
        return Problem(position: at, message: "YAML syntax error: \(problem)\(context)")
    }

    private static func position(ofByte offset: Int, in text: String) -> Position {
        var line = 1, column = 1, consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return Position(line: line, column: column)
    }
}
