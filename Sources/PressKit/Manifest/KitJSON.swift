import Catalogue
import Foundation

/// JSON for the big documents (a kit, a ninjs document, a kit's YAML mirror), byte for byte what
/// Foundation's `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes` on Linux,
/// pretty (`"key" : value`, two-space indent, `[\n\n  ]` for an empty list) or compact.
///
/// `JSONEncoder` took 70 ms of a 5,000-asset kit and most of a ninjs one (a second encoder per asset
/// for the extension's one-line JSON): a dictionary per object, type checks per value, and an
/// unreserved byte buffer copied twice. This encoder keeps each object's members in an array,
/// sorts them once by UTF-8 bytes (what `JSONEncoder` does on Linux) and writes into one reserved
/// buffer. Keys still come from the types' `CodingKeys`, so the two cannot disagree on names.
/// A finite `Double` is written as `JSONEncoder` writes it (its `description`, without a trailing
/// `.0`); values `JSONEncoder` special-cases otherwise (`Float`, non-finite numbers, `Date`, `Data`,
/// `URL`, `Decimal`) make it fall back to `JSONEncoder`, so it can never write them differently.
enum KitJSON {
    /// `value` as a document: pretty JSON ending in a newline, or compact JSON without one.
    static func encode<T: Encodable>(_ value: T, pretty: Bool = true, userInfo: [CodingUserInfoKey: any Sendable] = [:]) -> String {
        guard let tree = try? tree(value, userInfo: userInfo) else { return foundation(value, pretty: pretty, userInfo: userInfo) }
        var writer = Writer(pretty: pretty)
        // Documents are large, one-line extension values (one per ninjs asset) small.
        writer.bytes.reserveCapacity(pretty ? 1 << 20 : 256)
        writer.write(tree, indent: 0)
        if pretty { writer.bytes.append(UInt8(ascii: "\n")) }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// A tree (say, one `PublicDocument` cut down) as a document: pretty and ending in a newline,
    /// or compact without one.
    static func encode(tree: Node, pretty: Bool = true) -> String {
        String(decoding: utf8(tree: tree, pretty: pretty), as: UTF8.self)
    }

    /// `encode(tree:pretty:)`'s text as UTF-8 bytes, for a caller that transforms it before making
    /// it a `String` (the public page's JSON-LD): each `String` made checks every byte again.
    static func utf8(tree: Node, pretty: Bool = true) -> [UInt8] {
        var writer = Writer(pretty: pretty)
        writer.bytes.reserveCapacity(1 << 20)
        writer.write(tree, indent: 0)
        if pretty { writer.bytes.append(UInt8(ascii: "\n")) }
        return writer.bytes
    }

    /// `value` as a tree of JSON values, for writers of other notations (the YAML mirror).
    static func tree<T: Encodable>(_ value: T, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> Node {
        try TreeEncoder(userInfo: userInfo).node(value)
    }

    /// A finite number as `JSONEncoder` writes it: `description`, less a trailing `.0` (12.5, 3, 1e+21).
    /// Infinity and NaN, which `JSONEncoder` refuses, fall back to it.
    static func node(_ value: Double) throws -> Node {
        guard value.isFinite else { throw Unsupported() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    /// The reference, for what this encoder does not write itself.
    static func foundation<T: Encodable>(_ value: T, pretty: Bool, userInfo: [CodingUserInfoKey: any Sendable]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo = userInfo
        // Strings and integers cannot fail to encode; an empty document would hide a bug, so trap loudly.
        guard let data = try? encoder.encode(value) else { preconditionFailure("unencodable \(T.self)") }
        return String(decoding: data, as: UTF8.self) + (pretty ? "\n" : "")
    }

    /// A JSON value. Objects and lists are boxes so that nested coding containers can fill them.
    enum Node {
        case string(String)
        case integer(Int64)
        case unsigned(UInt64)
        /// A finite `Double` in `JSONEncoder`'s text (see `number(_:)`).
        case number(String)
        case bool(Bool)
        case null
        case object(Object)
        case array(List)
    }

    final class Object {
        /// In the order encoded; `sortedMembers` is the order written.
        var members: [(key: String, value: Node)] = []

        /// Sorted by the keys' UTF-8 bytes; a key encoded twice keeps its last value, as in
        /// `JSONEncoder`'s dictionary.
        var sortedMembers: [(key: String, value: Node)] {
            // Types that declare their keys in order (most do) need no sort and no copy.
            if members.indices.dropFirst().allSatisfy({ members[$0 - 1].key.utf8.lexicographicallyPrecedes(members[$0].key.utf8) }) {
                return members
            }
            // Insertion sort of positions: stable (equal keys stay in encoding order), and objects
            // have a few dozen members at most.
            var order = Array(members.indices)
            for next in order.indices.dropFirst() {
                let position = order[next]
                var slot = next
                while slot > 0, members[position].key.utf8.lexicographicallyPrecedes(members[order[slot - 1]].key.utf8) {
                    order[slot] = order[slot - 1]
                    slot -= 1
                }
                order[slot] = position
            }
            var sorted: [(key: String, value: Node)] = []
            sorted.reserveCapacity(order.count)
            for (position, index) in order.enumerated() {
                if position + 1 < order.count, members[order[position + 1]].key == members[index].key { continue }
                sorted.append(members[index])
            }
            return sorted
        }
    }

    final class List {
        var items: [Node] = []
    }

    /// What `TreeEncoder` leaves to `JSONEncoder`.
    struct Unsupported: Error {}
}

// MARK: - Writing

extension KitJSON {
    struct Writer {
        let pretty: Bool
        var bytes: [UInt8] = []

        mutating func write(_ node: Node, indent: Int) {
            switch node {
            case .string(let text): string(text)
            case .integer(let value): ascii(String(value))
            case .unsigned(let value): ascii(String(value))
            case .number(let text): ascii(text)
            case .bool(let value): ascii(value ? "true" : "false")
            case .null: ascii("null")
            case .object(let object):
                var container = open(.object, indent: indent)
                for member in object.sortedMembers {
                    key(member.key, in: &container)
                    write(member.value, indent: indent + 1)
                }
                close(container)
            case .array(let list):
                var container = open(.array, indent: indent)
                for item in list.items {
                    next(in: &container)
                    write(item, indent: indent + 1)
                }
                close(container)
            }
        }

        // Streaming: a document written straight from its values (the assets listing) opens a
        // container, writes each member's key (or each item's place) and then its value at
        // `container.indent + 1`, and closes it; the same bytes as the node it would have built.

        struct Container {
            enum Kind { case object, array }
            let kind: Kind
            let indent: Int
            var count = 0
        }

        mutating func open(_ kind: Container.Kind, indent: Int) -> Container {
            bytes.append(kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            return Container(kind: kind, indent: indent)
        }

        /// Before an object's next value: its key. Keys must come in `JSONEncoder`'s sorted order.
        mutating func key(_ key: String, in container: inout Container) {
            next(in: &container)
            string(key)
            if pretty { ascii(" : ") } else { bytes.append(UInt8(ascii: ":")) }
        }

        /// Before a container's next value.
        mutating func next(in container: inout Container) {
            if container.count > 0 { bytes.append(UInt8(ascii: ",")) }
            container.count += 1
            newline(container.indent + 1)
        }

        /// Pretty `JSONEncoder` writes an empty container as its brackets around a blank line.
        mutating func close(_ container: Container) {
            if pretty && container.count == 0 { bytes.append(UInt8(ascii: "\n")) }
            newline(container.indent)
            bytes.append(container.kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }

        mutating func integer(_ value: Int64) { ascii(String(value)) }

        private mutating func newline(_ indent: Int) {
            guard pretty else { return }
            // A newline and the indent in one copy: ninjs nests eight deep, so indents are much of the text.
            let count = 1 + indent * 2
            if count <= Self.lineStart.count {
                bytes.append(contentsOf: Self.lineStart[..<count])
            } else {
                bytes.append(UInt8(ascii: "\n"))
                bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
            }
        }

        private static let lineStart: [UInt8] = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 64)

        private mutating func ascii(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        private mutating func ascii(_ text: String) { bytes.append(contentsOf: text.utf8) }

        /// A string literal escaped as `JSONEncoder` does (see `JSONQuoting`).
        mutating func string(_ text: String) {
            JSONQuoting.append(text, to: &bytes)
        }
    }

    /// `text` as a JSON string literal, quotes included.
    static func literal(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONQuoting.append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
