import Catalogue

/// One link of `presskit check --format json`, written straight into a string.
///
/// Written by hand because a JSONEncoder per link, plus re-indenting its output, cost more CPU than
/// the link checks themselves at 100,000 links. The bytes are the ones JSONEncoder gives with
/// `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`; `CheckJSONTests` holds that reference.
enum CheckJSON {
    /// `link` as an element of the document's `links` array, `indent` spaces deep (first line unindented).
    static func link(_ link: CheckedLink, indent: Int) -> [UInt8] {
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
        if let media = link.media { json.media(MediaJSON(media, offSpec: link.offSpec)) }
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
        json.member("verdict", c.verdict.rawValue)
        json.member("warning", link.certificateWarning)
        json.close("}")
        return json.utf8
    }
}

/// Pretty-printed JSON in JSONEncoder's layout: `"key" : value`, two spaces per level, one member
/// or element per line, an empty container as its brackets around a blank line. Built as UTF-8
/// bytes: appending to a `String` piece by piece cost twice as much.
struct PrettyJSON {
    private var bytes: [UInt8] = []
    /// Spaces before the outermost closing bracket.
    private let indent: Int
    /// Open containers, and per level (bit `depth - 1`) whether something was written into it.
    private var depth = 0
    private var written: UInt64 = 0

    init(indent: Int) {
        self.indent = indent
        bytes.reserveCapacity(1_024)
    }

    var utf8: [UInt8] { bytes }

    /// `"media" : {…}` in `MediaJSON`'s keys, sorted as the encoder sorts them.
    mutating func media(_ m: MediaJSON) {
        key("media")
        open("{")
        member("audio_codec", m.audioCodec)
        member("canonical_url", m.canonicalURL)
        member("channels", m.channels)
        member("duration", m.duration)
        member("format", m.format)
        member("frame_rate", m.frameRate)
        member("height", m.height)
        member("note", m.note)
        member("off_spec", strings: m.offSpec)
        member("og_description", m.ogDescription)
        member("og_image", m.ogImage)
        member("og_title", m.ogTitle)
        member("pages", m.pages)
        member("probe_bytes", m.probeBytes)
        member("probed_at", m.probedAt)
        member("sample_rate", m.sampleRate)
        member("title", m.title)
        member("video_codec", m.videoCodec)
        member("width", m.width)
        close("}")
    }

    /// A Unicode scalar rather than a `Character`: `Character.asciiValue` cost 300 instructions a bracket.
    mutating func open(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        depth += 1
        written &= ~(1 << (depth - 1))
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        let wasEmpty = written & (1 << (depth - 1)) == 0
        depth -= 1
        if wasEmpty {
            // The blank line holds the outermost indentation: the document is indented by inserting
            // spaces after every line break of an unindented encoding.
            newLine(indent)
        }
        newLine(indent + 2 * depth)
        bytes.append(UInt8(ascii: bracket))
    }

    /// Starts the next element of the innermost array.
    mutating func element() {
        let bit: UInt64 = 1 << (depth - 1)
        if written & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        written |= bit
        newLine(indent + 2 * depth)
    }

    /// Starts the next member of the innermost object; its value follows.
    mutating func key(_ name: StaticString) {
        element()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Byte by byte: an array literal here was a heap allocation per key.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(0x20)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
    }

    mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        appendQuoted(value)
    }

    mutating func member<N: BinaryInteger>(_ name: StaticString, _ value: N?) {
        guard let value else { return }
        key(name)
        if let value = Int64(exactly: value) {
            appendDigits(value)
        } else {
            appendASCII(String(value))
        }
    }

    /// Swift's shortest representation without a trailing `.0`, as the encoder writes numbers.
    mutating func member(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        let number = value.description
        appendASCII(number.hasSuffix(".0") ? String(number.dropLast(2)) : number)
    }

    mutating func member(_ name: StaticString, strings: [String]) {
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
        JSONQuoting.append(string, to: &bytes)
    }

    private mutating func appendASCII(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    /// A line break and `count` spaces of indentation, in one append.
    private mutating func newLine(_ count: Int) {
        if count < Self.newLineAndSpaces.count {
            bytes.append(contentsOf: Self.newLineAndSpaces[...count])
        } else {
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: count))
        }
    }

    /// Line starts are copied from here: `repeatElement` appended indentation a byte at a time.
    private static let newLineAndSpaces = [0x0A] + [UInt8](repeating: 0x20, count: 64)

    /// An integer's decimal digits, as `String(value)` writes them, without making the String
    /// (600 instructions a number, three to six numbers per link).
    private mutating func appendDigits(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
