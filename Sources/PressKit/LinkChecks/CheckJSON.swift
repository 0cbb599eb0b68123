import Catalogue

/// One link of `presskit check --format json`, written straight into a string.
///
/// Written by hand because a JSONEncoder per link, plus re-indenting its output, cost more CPU than
/// the link checks themselves at 100,000 links. The bytes are the ones JSONEncoder gives with
/// `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`; `CheckJSONTests` holds that reference.
enum CheckJSON {
    /// `link` as an element of the document's `links` array, `indent` spaces deep (first line unindented).
    static func link(_ link: CheckedLink, indent: Int) -> String {
        let c = link.check
        var json = PrettyJSON(indent: indent)
        json.open("{")
        // Members in sorted key order; absent values are left out, as the encoder does.
        json.member("attempts", c.attempts)
        json.member("certificate_expiry", c.certificateExpiry.map(Timestamp.text))
        json.member("content_length", c.contentLength)
        json.member("content_type", c.contentType)
        json.member("curl_code", c.curlCode)
        json.member("curl_message", c.curlMessage)
        json.member("detail", c.detail)
        json.member("etag", c.etag)
        json.member("filename", c.filename)
        json.member("final_url", c.finalURL)
        json.member("hint", link.hint)
        json.member("http_status", c.httpStatus)
        json.member("http_version", c.httpVersion)
        json.member("kinds", strings: link.target.kinds.map(\.rawValue).sorted())
        json.member("last_modified", c.lastModified)
        json.member("method", c.method)
        json.member("new_url", c.newURL)
        json.key("redirects")
        json.open("[")
        for hop in c.redirects {
            json.element()
            json.open("{")
            json.member("location", hop.location)
            json.member("status", hop.status)
            json.member("url", hop.url)
            json.close("}")
        }
        json.close("]")
        json.member("remote_ip", c.remoteIP)
        json.key("timings")
        json.open("{")
        // Rounded to the microsecond.
        let round = { (value: Double?) in value.map { ($0 * 1_000_000).rounded() / 1_000_000 } }
        json.member("connect", round(c.connectTime))
        json.member("dns", round(c.dnsTime))
        json.member("first_byte", round(c.firstByteTime))
        json.member("tls", round(c.tlsTime))
        json.member("total", round(c.totalTime))
        json.close("}")
        json.member("url", c.url)
        json.member("used_by", strings: link.target.usedBy)
        json.member("verdict", c.verdict)
        json.member("warning", link.certificateWarning)
        json.close("}")
        return json.text
    }
}

/// Pretty-printed JSON in JSONEncoder's layout: `"key" : value`, two spaces per level, one member
/// or element per line, an empty container as its brackets around a blank line.
struct PrettyJSON {
    private(set) var text = ""
    /// Spaces before the outermost closing bracket.
    private let indent: Int
    /// Per open container: whether nothing was written into it yet.
    private var emptyContainers: [Bool] = []

    init(indent: Int) {
        self.indent = indent
        text.reserveCapacity(1_024)
    }

    mutating func open(_ bracket: String) {
        text.append(bracket)
        emptyContainers.append(true)
    }

    mutating func close(_ bracket: String) {
        if emptyContainers.removeLast() {
            // The blank line holds the outermost indentation: the document is indented by inserting
            // spaces after every line break of an unindented encoding.
            text.append("\n")
            pad(indent)
        }
        text.append("\n")
        pad(indent + 2 * emptyContainers.count)
        text.append(bracket)
    }

    /// Starts the next element of the innermost array.
    mutating func element() {
        text.append(emptyContainers[emptyContainers.count - 1] ? "\n" : ",\n")
        emptyContainers[emptyContainers.count - 1] = false
        pad(indent + 2 * emptyContainers.count)
    }

    /// Starts the next member of the innermost object; its value follows.
    mutating func key(_ name: String) {
        element()
        text.append("\"")
        text.append(name)
        text.append("\" : ")
    }

    mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        appendQuoted(value)
    }

    mutating func member<N: BinaryInteger>(_ name: String, _ value: N?) {
        guard let value else { return }
        key(name)
        text.append(String(value))
    }

    /// Swift's shortest representation without a trailing `.0`, as the encoder writes numbers.
    mutating func member(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        let number = value.description
        text.append(number.hasSuffix(".0") ? String(number.dropLast(2)) : number)
    }

    mutating func member(_ name: String, strings: [String]) {
        key(name)
        open("[")
        for string in strings {
            element()
            appendQuoted(string)
        }
        close("]")
    }

    /// A string literal: quotes, backslashes and control characters escaped; slashes and non-ASCII as they are.
    private mutating func appendQuoted(_ string: String) {
        text.append("\"")
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text.append(string)
        } else {
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": text.append("\\\"")
                case "\\": text.append("\\\\")
                case "\n": text.append("\\n")
                case "\r": text.append("\\r")
                case "\t": text.append("\\t")
                case "\u{8}": text.append("\\b")
                case "\u{C}": text.append("\\f")
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
    }

    private mutating func pad(_ spaces: Int) {
        text.append(spaces < Self.pads.count ? Self.pads[spaces] : String(repeating: " ", count: spaces))
    }

    private static let pads = (0...16).map { String(repeating: " ", count: $0) }
}
