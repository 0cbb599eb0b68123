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
        let wanted = name.lowercased()
        return fields.first { $0.name == wanted }?.value
    }

    /// Feeds one raw header line; a status line (`HTTP/…`) starts a new response.
    mutating func consume(line raw: String) {
        let line = raw.trimmingCharacters(in: " \t\r\n")
        if line.hasPrefix("HTTP/") {
            fields.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
        fields.append((name: name, value: value))
    }

    /// Content-Length, or for a partial response the total after the slash of Content-Range
    /// (`bytes 0-16383/734003200`). An unknown total (`*`) gives `nil`.
    var declaredLength: Int64? {
        if let range = self["content-range"], let slash = range.lastIndex(of: "/") {
            return Int64(range[range.index(after: slash)...].trimmingCharacters(in: " "))
        }
        return self["content-length"].flatMap { Int64($0) }
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

extension StringProtocol {
    /// Trims any of the given characters from both ends (Foundation-free).
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        guard let first = firstIndex(where: { !drop.contains($0) }),
              let last = lastIndex(where: { !drop.contains($0) })
        else { return "" }
        return String(self[first...last])
    }

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
