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
        return json.bytes()
    }
}

/// Pretty-printed JSON in JSONEncoder's layout: `"key" : value`, two spaces per level, one member
/// or element per line, an empty container as its brackets around a blank line. Written as UTF-8
/// bytes through a `ByteWriter` (appending to a `String` piece by piece cost twice as much as an
/// array of bytes, and that twice as much as the writer).
struct PrettyJSON: ~Copyable {
    private var out = ByteWriter(capacity: 1_024)
    /// Spaces before the outermost closing bracket.
    private let indent: Int
    /// Open containers, and per level (bit `depth - 1`) whether something was written into it.
    private var depth = 0
    private var written: UInt64 = 0

    init(indent: Int) {
        self.indent = indent
    }

    consuming func bytes() -> [UInt8] { out.bytes() }

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
        out.append(UInt8(ascii: bracket))
        depth += 1
        written &= ~(1 << (depth - 1))
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        let wasEmpty = written & (1 << (depth - 1)) == 0
        depth -= 1
        if wasEmpty {
            // The blank line holds the outermost indentation: the document is indented by inserting
            // spaces after every line break of an unindented encoding.
            out.appendLineBreak(indentedBy: indent)
        }
        out.appendLineBreak(indentedBy: indent + 2 * depth)
        out.append(UInt8(ascii: bracket))
    }

    /// Starts the next element of the innermost array.
    mutating func element() {
        let bit: UInt64 = 1 << (depth - 1)
        if written & bit != 0 { out.append(UInt8(ascii: ",")) }
        written |= bit
        out.appendLineBreak(indentedBy: indent + 2 * depth)
    }

    /// Starts the next member of the innermost object; its value follows.
    mutating func key(_ name: StaticString) {
        element()
        // `"name" : ` stored in one reservation.
        let length = name.utf8CodeUnitCount
        let key = out.room(length + 5)
        key[0] = UInt8(ascii: "\"")
        (key + 1).update(from: name.utf8Start, count: length)
        (key[length + 1], key[length + 2], key[length + 3], key[length + 4]) =
            (UInt8(ascii: "\""), 0x20, UInt8(ascii: ":"), 0x20)
        out.advance(by: length + 5)
    }

    mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        out.appendQuoted(value)
    }

    mutating func member<N: BinaryInteger>(_ name: StaticString, _ value: N?) {
        guard let value else { return }
        key(name)
        if let value = Int64(exactly: value) {
            appendDigits(value)
        } else {
            out.append(String(value))
        }
    }

    /// Swift's shortest representation without a trailing `.0`, as the encoder writes numbers.
    mutating func member(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        let number = value.description
        out.append(number.hasSuffix(".0") ? String(number.dropLast(2)) : number)
    }

    mutating func member(_ name: StaticString, strings: [String]) {
        key(name)
        open("[")
        for string in strings {
            element()
            out.appendQuoted(string)
        }
        close("]")
    }

    /// An integer's decimal digits, as `String(value)` writes them, without making the String
    /// (600 instructions a number, three to six numbers per link).
    private mutating func appendDigits(_ value: Int64) {
        // At most 19 digits and a sign, written from the right.
        let digits = out.room(20)
        var magnitude = value.magnitude
        var end = 20
        repeat {
            end -= 1
            digits[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            end -= 1
            digits[end] = UInt8(ascii: "-")
        }
        digits.update(from: digits + end, count: 20 - end)
        out.advance(by: 20 - end)
    }
}
