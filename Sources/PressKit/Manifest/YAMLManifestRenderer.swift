/// The JSON document's exact mirror in YAML: the same keys in the same (sorted) order, the same
/// values. Written from `KitJSON`'s tree of the document rather than through Yams' encoder, which
/// built a node tree and took ~0.7 s for a 1,000-asset kit, or by re-reading the JSON text.
public struct YAMLManifestRenderer: ManifestRenderer {
    public var audience: KitAudience

    public init(audience: KitAudience = .staff) { self.audience = audience }

    public func render(_ manifest: Manifest) -> String {
        let cut: ((KitJSON.Node) -> KitJSON.Node)? = audience == .public ? { PublicDocument.kit($0) } : nil
        return JSONToYAML.convert(manifest, cut: cut)
    }

    public func renderIndex(_ site: SiteIndex) -> String {
        let cut: ((KitJSON.Node) -> KitJSON.Node)? = audience == .public ? { PublicDocument.site($0) } : nil
        return JSONToYAML.convert(site, cut: cut)
    }
}

/// Block-style YAML of a JSON document.
///
/// Scalars follow YAML 1.2 and stay unambiguous for YAML 1.1 readers (PyYAML, libyaml): a string is
/// written plain only when it starts with a letter, holds nothing but letters, digits and `_./@+-:`
/// (no `: `, no trailing `:`) and is not a word a reader would take for a boolean or null; anything
/// else is its JSON string literal, which is a valid YAML double-quoted scalar, with the characters
/// YAML does not allow raw (C1 controls, DEL, U+2028/2029, U+FEFF) escaped as `\uXXXX`.
enum JSONToYAML {
    typealias Node = KitJSON.Node

    /// Kits and site indexes hold only strings, integers, finite numbers and booleans, which `KitJSON` always encodes.
    /// - Parameter cut: what a public document leaves out of the tree, if anything.
    static func convert<T: Encodable>(_ document: T, cut: ((Node) -> Node)? = nil) -> String {
        guard let full = try? KitJSON.tree(document) else { preconditionFailure("unencodable \(T.self)") }
        let tree = cut?(full) ?? full
        var out = ""
        out.reserveCapacity(1 << 16)
        switch tree {
        case .object(let object) where !object.members.isEmpty: writeMembers(object.sortedMembers, indent: 0, into: &out)
        case .array(let list) where !list.items.isEmpty: writeItems(list.items, indent: 0, into: &out)
        default:
            write(tree, into: &out)
            out += "\n"
        }
        return out
    }

    /// - Parameter padFirst: false when the first member shares a list item's dash line.
    private static func writeMembers(_ members: [(key: String, value: Node)], indent: Int, padFirst: Bool = true,
                                     into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (position, (key, value)) in members.enumerated() {
            if position > 0 || padFirst { out += pad }
            writeScalar(key, into: &out)
            out += ":"
            writeNested(value, indent: indent, into: &out)
        }
    }

    private static func writeItems(_ items: [Node], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            out += pad
            out += "-"
            switch item {
            case .object(let object) where !object.members.isEmpty:
                // The first member shares the dash's line; the rest line up under it.
                out += " "
                writeMembers(object.sortedMembers, indent: indent + 2, padFirst: false, into: &out)
            case .array(let inner) where !inner.items.isEmpty:
                out += "\n"
                writeItems(inner.items, indent: indent + 2, into: &out)
            default:
                out += " "
                write(item, into: &out)
                out += "\n"
            }
        }
    }

    /// A member's value after `key:`: scalars and empty collections on the same line, others below.
    private static func writeNested(_ value: Node, indent: Int, into out: inout String) {
        switch value {
        case .object(let object) where !object.members.isEmpty:
            out += "\n"
            writeMembers(object.sortedMembers, indent: indent + 2, into: &out)
        case .array(let list) where !list.items.isEmpty:
            out += "\n"
            writeItems(list.items, indent: indent, into: &out)
        default:
            out += " "
            write(value, into: &out)
            out += "\n"
        }
    }

    private static func write(_ value: Node, into out: inout String) {
        switch value {
        case .object: out += "{}"
        case .array: out += "[]"
        case .integer(let number): out += String(number)
        case .unsigned(let number): out += String(number)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .string(let text): writeScalar(text, into: &out)
        }
    }

    /// Plain when safe; else the JSON literal (a string with anything JSON escapes is never plain).
    private static func writeScalar(_ text: String, into out: inout String) {
        if isPlainSafe(text[...]) { out += text } else { out += yamlQuoted(KitJSON.literal(text)) }
    }

    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]

    static func isPlainSafe(_ text: Substring) -> Bool {
        // On the text's own bytes: iterating a Substring's UTF8View was most of writing a YAML kit.
        if let plain = text.utf8.withContiguousStorageIfAvailable({ isPlainSafe(text, bytes: $0) }) { return plain }
        return Array(text.utf8).withUnsafeBufferPointer { isPlainSafe(text, bytes: $0) }
    }

    private static func isPlainSafe(_ text: Substring, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
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
        // The reserved words are at most five letters: longer text skips the lower-casing copy.
        return previous != UInt8(ascii: ":") && previous != UInt8(ascii: " ")
            && (bytes.count > 5 || !reserved.contains(text.lowercased()))
    }

    /// The JSON string token with what YAML forbids raw escaped.
    private static func yamlQuoted(_ token: String) -> String {
        // Every scalar `needsEscape` names starts with one of these bytes in UTF-8: most text has none.
        var token = token
        guard token.withUTF8({ $0.contains { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF } }),
              token.unicodeScalars.contains(where: needsEscape) else { return token }
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
}
