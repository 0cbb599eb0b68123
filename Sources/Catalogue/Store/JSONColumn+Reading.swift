/// Shot lists and speakers read back from their JSON columns without `JSONDecoder`.
///
/// The columns hold flat arrays of objects whose values are strings (`JSONColumn.shots` and
/// `.speakers` write them; older rows came from `JSONEncoder`). Reading them is a few dozen bytes,
/// but the first `JSONDecoder` of a process cost a listing of 100 assets a twelfth of its
/// instructions (runtime type lookups). Anything this reader does not expect (numbers, nesting,
/// a repeated key, a lone surrogate) gives nil, and the caller decodes with `JSONDecoder` as before,
/// so both ways agree on every value this one accepts; `JSONColumnReadingTests` compares them.
extension JSONColumn {
    /// `json` read as `[T]` when `T` is `Shot` or `Speaker` and the text is a plain list; else nil.
    static func read<T>(_ json: String, as type: T.Type) -> [T]? {
        guard let objects = objects(json) else { return nil }
        if T.self == Shot.self {
            var shots: [Shot] = []
            shots.reserveCapacity(objects.count)
            for fields in objects {
                // Both are required strings, as `Shot`'s synthesized `Decodable` requires them.
                guard case let at?? = value("at", in: fields), case let shot?? = value("shot", in: fields) else { return nil }
                shots.append(Shot(at: at, shot: shot))
            }
            return shots as? [T]
        }
        if T.self == Speaker.self {
            var speakers: [Speaker] = []
            speakers.reserveCapacity(objects.count)
            for fields in objects {
                // `name` is a required string; `language` may be absent or null.
                guard case let name?? = value("name", in: fields) else { return nil }
                speakers.append(Speaker(name: name, language: value("language", in: fields) ?? nil))
            }
            return speakers as? [T]
        }
        return nil
    }

    /// An object's members, in their order: a shot or a speaker has two, which a linear search
    /// finds sooner than a dictionary is built (hashing every key was half of reading a list).
    typealias Members = [(key: String, value: String?)]

    /// The value of `key` in `members`: nil when absent, `.some(nil)` when null.
    static func value(_ key: String, in members: Members) -> String?? {
        members.first { $0.key == key }.map(\.value)
    }

    /// `[{"key": "text" or null, …}, …]` as the members of each object; nil for any other shape.
    static func objects(_ json: String) -> [Members]? {
        var json = json
        return json.withUTF8 { bytes in
            var reader = FlatJSONReader(bytes: bytes)
            return reader.objects()
        }
    }
}

/// A reader for exactly the shape `JSONColumn.objects` accepts, on UTF-8 bytes (RFC 8259 grammar).
private struct FlatJSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func objects() -> [JSONColumn.Members]? {
        skipSpace()
        guard take(UInt8(ascii: "[")) else { return nil }
        var objects: [JSONColumn.Members] = []
        skipSpace()
        if !take(UInt8(ascii: "]")) {
            repeat {
                skipSpace()
                guard let object = object() else { return nil }
                objects.append(object)
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "]")) else { return nil }
        }
        skipSpace()
        return index == bytes.count ? objects : nil
    }

    private mutating func object() -> JSONColumn.Members? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var fields: JSONColumn.Members = []
        skipSpace()
        if take(UInt8(ascii: "}")) { return fields }
        repeat {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            let value: String?
            if bytes[index...].starts(with: "null".utf8) {
                index += 4
                value = nil
            } else {
                guard let text = string() else { return nil }
                value = text
            }
            // A repeated key is left to JSONDecoder, whatever it makes of it.
            guard !fields.contains(where: { $0.key == key }) else { return nil }
            fields.append((key, value))
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? fields : nil
    }

    /// A string literal; nil for a raw control character, a bad escape or a lone surrogate.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        // Most strings have no escape: made from the bytes where they lie, with no copy to build.
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            defer { index = end + 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
        }
        var text: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard var value = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(value) {
                        guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                              (0xDC00...0xDFFF).contains(low) else { return nil }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { return nil }
                    text.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    return nil
                }
            case 0..<0x20:
                return nil
            default:
                text.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }
}
