#if canImport(Glibc)
import Glibc
#endif

/// The header fields of one HTTP response, as libcurl's header callback delivered them.
///
/// Names are stored lowercased (HTTP field names are case-insensitive, RFC 9110 §5.1); values are
/// trimmed. Only the last response of a request is kept: interim 1xx responses are discarded.
struct ResponseHeaders: Sendable, Hashable {
    private(set) var fields: [(name: String, value: String)] = []

    static func == (lhs: ResponseHeaders, rhs: ResponseHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }

    init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0.lowercased(), value: $0.1) }
    }

    /// The first value of a field, by case-insensitive name.
    subscript(name: String) -> String? {
        let wanted = name.cheapLowercased
        return fields.first { $0.name == wanted }?.value
    }

    /// Feeds one raw header line; a status line (`HTTP/…`) starts a new response.
    mutating func consume(line: String) {
        var line = line
        line.withUTF8 { consume(line: $0) }
    }

    /// Feeds one raw header line as libcurl's header callback hands it over. Works on the bytes:
    /// this runs for every header of every response, and building a `String` per line only to
    /// trim and split it was the engine thread's largest cost after the kernel's.
    mutating func consume(line raw: UnsafeBufferPointer<UInt8>) {
        let line = raw.trimmed { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        if line.hasPrefix("HTTP/") {
            fields.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.lowercasedName(line[..<colon])
        let value = line[(colon + 1)...].trimmed { $0 == 0x20 || $0 == 0x09 }
        fields.append((name: name, value: String(decoding: value, as: UTF8.self)))
    }

    /// A field name as a lowercased String, written once: lowercasing a String made from the bytes
    /// built it twice (and an array between), for every header line of every response.
    static func lowercasedName(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return String(decoding: bytes, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (offset, byte) in bytes.enumerated() { buffer[offset] = byte &- 0x41 < 26 ? byte + 0x20 : byte }
            return bytes.count
        }
    }

    /// Content-Length, or for a partial response the total after the slash of Content-Range
    /// (`bytes 0-16383/734003200`). An unknown total (`*`) or an unreadable length gives `nil`.
    var declaredLength: Int64? {
        if case .bytes(let length) = length { return length }
        return nil
    }

    /// What the response says of its size.
    enum DeclaredLength: Equatable {
        case unknown
        case bytes(Int64)
        /// Digits past 2^63 − 1, or not digits at all: no size presskit could hold, so never a small one.
        case unreadable(String)
    }

    /// The declared length as `declaredLength` reads it, keeping a length that cannot be read apart
    /// from one that is absent (RFC 9110 §8.6: Content-Length is 1*DIGIT).
    var length: DeclaredLength {
        let text: String
        if let range = self["content-range"], let slash = range.lastIndex(of: "/") {
            text = range[range.index(after: slash)...].trimmingCharacters(in: " ")
            if text == "*" { return .unknown }
        } else if let contentLength = self["content-length"] {
            text = contentLength
        } else {
            return .unknown
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let bytes = Int64(text) else {
            return .unreadable(text)
        }
        return .bytes(bytes)
    }

    /// The file name from Content-Disposition (RFC 6266): `filename*=UTF-8''…` (percent-decoded)
    /// wins over `filename="…"`.
    var dispositionFilename: String? {
        guard let header = self["content-disposition"] else { return nil }
        var plain: String?
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " \t") }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "filename*":
                let encoded = pair[1].split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if encoded.count == 3, let decoded = String(encoded[2]).percentDecoded { return decoded }
            case "filename":
                plain = pair[1].trimmingCharacters(in: "\"")
            default:
                continue
            }
        }
        return plain
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// Trims any of the given ASCII characters from both ends (Foundation-free). Works on the UTF-8
    /// bytes and looks only at the ends: it runs on header values and media types of every response
    /// (walking the whole text, and a dynamic cast to `String`, made it a third of the classifier's work).
    func trimmingCharacters(in set: String) -> String {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start != end, set.utf8.contains(bytes[start]) { bytes.formIndex(after: &start) }
        while end != start {
            let last = bytes.index(before: end)
            guard set.utf8.contains(bytes[last]) else { break }
            end = last
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension StringProtocol {
    /// `%XX` sequences decoded as UTF-8; `nil` for malformed escapes or invalid UTF-8.
    var percentDecoded: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension String {
    /// Trims any of the given ASCII characters from both ends; the text itself, uncopied, when
    /// there is nothing to trim (the usual case for media type patterns).
    func trimmingCharacters(in set: String) -> String {
        guard let first = utf8.first, let last = utf8.last,
              set.utf8.contains(first) || set.utf8.contains(last) else { return self }
        return self[...].trimmingCharacters(in: set)
    }

    /// `lowercased()`, without its Unicode machinery for the usual all-ASCII text (header names,
    /// media types), which the engine lowercases for every response. One pass over the bytes.
    /// The pass reads the contiguous bytes (`withUTF8`): through the `UTF8View`'s iterator it cost
    /// about 500 instructions for a 12-byte header name, and the classifier looks up ten names per response.
    var cheapLowercased: String {
        var text = self
        // nil: not ASCII; otherwise whether there is an upper-case letter.
        let hasUpper: Bool? = text.withUTF8 { bytes in
            var hasUpper = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte &- 0x41 < 26 { hasUpper = true }
            }
            return hasUpper
        }
        guard let hasUpper else { return lowercased() }
        guard hasUpper else { return self }
        return String(decoding: utf8.map { $0 &- 0x41 < 26 ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// Whether the bytes start with `prefix`, compared in place (`starts(with:)` walked two
    /// iterators: 150 instructions for every header line).
    func hasPrefix(_ prefix: StaticString) -> Bool {
        guard count >= prefix.utf8CodeUnitCount, let base = base.baseAddress else { return prefix.utf8CodeUnitCount == 0 }
        return memcmp(base + startIndex, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    /// The bytes without leading and trailing ones matching `isDropped`.
    func trimmed(_ isDropped: (UInt8) -> Bool) -> Slice {
        guard let first = firstIndex(where: { !isDropped($0) }), let last = lastIndex(where: { !isDropped($0) })
        else { return self[startIndex..<startIndex] }
        return self[first...last]
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes without leading and trailing ones matching `isDropped`.
    func trimmed(_ isDropped: (UInt8) -> Bool) -> Slice<Self> {
        self[...].trimmed(isDropped)
    }
}
