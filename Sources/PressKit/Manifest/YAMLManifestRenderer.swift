/// The JSON document's exact mirror in YAML: the same keys in the same (sorted) order, the same
/// values. Written from the JSON text rather than through Yams' encoder, which built a node tree
/// and took ~0.7 s for a 1,000-asset kit; this is one linear pass.
public struct YAMLManifestRenderer: ManifestRenderer {
    public init() {}
    public func render(_ manifest: Manifest) -> String { JSONToYAML.convert(JSONText.encode(manifest)) }
    public func renderIndex(_ site: SiteIndex) -> String { JSONToYAML.convert(JSONText.encode(site)) }
}

/// Block-style YAML from JSON text that `JSONEncoder` wrote (valid by construction).
///
/// Scalars follow YAML 1.2 and stay unambiguous for YAML 1.1 readers (PyYAML, libyaml): a string is
/// written plain only when it starts with a letter, holds nothing but letters, digits and `_./@+-:`
/// (no `: `, no trailing `:`) and is not a word a reader would take for a boolean or null; anything
/// else is the JSON string itself, which is a valid YAML double-quoted scalar, with the characters
/// YAML does not allow raw (C1 controls, DEL, U+2028/2029, U+FEFF) escaped as `\uXXXX`.
enum JSONToYAML {
    static func convert(_ json: String) -> String {
        var parser = Parser(bytes: Array(json.utf8))
        let value = parser.value()
        var out = ""
        out.reserveCapacity(json.utf8.count)
        switch value {
        case .object(let members) where !members.isEmpty: writeMembers(members, indent: 0, into: &out)
        case .array(let items) where !items.isEmpty: writeItems(items, indent: 0, into: &out)
        default:
            write(value, into: &out)
            out += "\n"
        }
        return out
    }

    indirect enum Value {
        case object([(key: String, value: Value)])
        case array([Value])
        /// A JSON string token, quotes and escapes as written.
        case string(Substring)
        /// A number, `true`, `false` or `null`, as written.
        case literal(Substring)
    }

    private static func writeMembers(_ members: [(key: String, value: Value)], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in members {
            out += pad
            writeScalar(key[...], into: &out)
            out += ":"
            writeNested(value, indent: indent, into: &out)
        }
    }

    private static func writeItems(_ items: [Value], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            out += pad + "-"
            switch item {
            case .object(let members) where !members.isEmpty:
                // The first member shares the dash's line; the rest line up under it.
                var first = ""
                writeMembers(members, indent: indent + 2, into: &first)
                out += " " + first.dropFirst(indent + 2)
            case .array(let inner) where !inner.isEmpty:
                out += "\n"
                writeItems(inner, indent: indent + 2, into: &out)
            default:
                out += " "
                write(item, into: &out)
                out += "\n"
            }
        }
    }

    /// A member's value after `key:`: scalars and empty collections on the same line, others below.
    private static func writeNested(_ value: Value, indent: Int, into out: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "\n"
            writeMembers(members, indent: indent + 2, into: &out)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            writeItems(items, indent: indent, into: &out)
        default:
            out += " "
            write(value, into: &out)
            out += "\n"
        }
    }

    private static func write(_ value: Value, into out: inout String) {
        switch value {
        case .object: out += "{}"
        case .array: out += "[]"
        case .literal(let text): out += text
        case .string(let token):
            let content = token.dropFirst().dropLast()
            if !content.contains("\\"), isPlainSafe(content) { out += content } else { out += yamlQuoted(token) }
        }
    }

    private static func writeScalar(_ text: Substring, into out: inout String) {
        if isPlainSafe(text) { out += text } else { out += yamlQuoted(Substring(JSONText.encode(String(text)).dropLast())) }
    }

    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]

    static func isPlainSafe(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return false }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                 UInt8(ascii: ":"):
                break
            case UInt8(ascii: " ") where previous != UInt8(ascii: ":") && previous != UInt8(ascii: " "):
                break
            default:
                return false
            }
            previous = byte
        }
        return previous != UInt8(ascii: ":") && previous != UInt8(ascii: " ") && !reserved.contains(text.lowercased())
    }

    /// The JSON string token with what YAML forbids raw escaped.
    private static func yamlQuoted(_ token: Substring) -> String {
        guard token.unicodeScalars.contains(where: needsEscape) else { return String(token) }
        var result = ""
        for scalar in token.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// A minimal JSON reader for well-formed input; keeps tokens as written.
    struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func value() -> Value {
            skipSpace()
            guard index < bytes.count else { return .literal("null") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: Value)] = []
                while true {
                    skipSpace()
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    let key = decode(stringToken())
                    skipSpace()
                    index += 1  // ':'
                    members.append((key, value()))
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [Value] = []
                while true {
                    skipSpace()
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    items.append(value())
                }
            case UInt8(ascii: "\""):
                return .string(stringToken())
            default:
                let start = index
                while index < bytes.count, !",]} \n\r\t".utf8.contains(bytes[index]) { index += 1 }
                return .literal(text(start, index))
            }
        }

        private mutating func stringToken() -> Substring {
            let start = index
            index += 1
            while bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index += 1
            return text(start, index)
        }

        private func text(_ start: Int, _ end: Int) -> Substring {
            Substring(String(decoding: bytes[start..<end], as: UTF8.self))
        }

        /// Keys are plain JSON strings of ours; decode through Foundation only when escaped.
        private func decode(_ token: Substring) -> String {
            let content = token.dropFirst().dropLast()
            guard content.contains("\\") else { return String(content) }
            return JSONText.decodeString(String(token)) ?? String(content)
        }

        private mutating func skipSpace() {
            while index < bytes.count, " \n\r\t".utf8.contains(bytes[index]) { index += 1 }
        }
    }
}
