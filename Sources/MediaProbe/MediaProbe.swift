/// Pure parsers: bytes in, media properties out. No I/O, no state between calls.
///
/// Each format's parser reads only through `ByteView`, whose reads return nil past the bytes it
/// holds, and bounds every loop by the bytes available; so hostile input (a box claiming 2^64
/// bytes, offsets that loop, truncation anywhere, absurd counts) ends in `.unknown` or `.needMore`,
/// never in a trap, an allocation sized by the input's claims, or a hang.
public enum MediaProbe {
    /// Probes the first bytes of a file; see `probe(_: ProbeInput)`.
    public static func probe(_ bytes: [UInt8], totalSize: Int64? = nil, contentType: String? = nil) -> ProbeOutcome {
        probe(ProbeInput(head: bytes, totalSize: totalSize, contentType: contentType))
    }

    /// Probes the first bytes of a file, given as a slice.
    public static func probe(_ bytes: ArraySlice<UInt8>, totalSize: Int64? = nil, contentType: String? = nil) -> ProbeOutcome {
        probe(Array(bytes), totalSize: totalSize, contentType: contentType)
    }

    /// Recognises the format from its magic number (the Content-Type only breaks ties for formats
    /// without one) and runs that format's parser over every byte fetched so far.
    public static func probe(_ input: ProbeInput) -> ProbeOutcome {
        guard let format = ProbedFormat.detect(input.head, contentType: input.contentType) else {
            if input.head.count == 0 { return .unknown(reason: "no bytes to probe") }
            return .unknown(reason: "not a format presskit can probe (no known signature in the first bytes)")
        }
        let outcome = format.parser(input)
        return checked(outcome, input: input)
    }

    /// The format the first bytes announce, if any (e.g. to pick a parser or a Content-Type check).
    public static func detectFormat(_ head: [UInt8], contentType: String? = nil) -> String? {
        ProbedFormat.detect(ByteView(head), contentType: contentType)?.rawValue
    }

    /// A safety net under every parser: a request for bytes already held or past the end of the file
    /// would make a caller loop or fetch nothing, so it becomes `.unknown` instead.
    private static func checked(_ outcome: ProbeOutcome, input: ProbeInput) -> ProbeOutcome {
        guard case .needMore(let range, let partial) = outcome else { return outcome }
        if range.lowerBound < 0 || input.covers(range) || !input.mayHaveBytes(at: range.lowerBound) {
            // A truncated file: what its bytes told is the answer, if they told more than the format.
            if let partial, partial != MediaProperties(format: partial.format) { return .properties(partial) }
            let format = partial?.format.map { "\($0) " } ?? ""
            return .unknown(reason: "truncated or malformed \(format)file: it ends before its properties")
        }
        return outcome
    }
}

/// The formats with a parser, in the order their signatures are tried.
enum ProbedFormat: String, CaseIterable {
    case isoBMFF = "ISO BMFF"
    case jpeg = "JPEG"
    case png = "PNG"
    case gif = "GIF"
    case wave = "WAV"
    case webP = "WebP"
    case pdf = "PDF"
    case mpegAudio = "MP3"
    case html = "HTML"

    var parser: (ProbeInput) -> ProbeOutcome {
        switch self {
        case .isoBMFF: ISOBMFFParser.probe
        case .jpeg: JPEGParser.probe
        case .png: PNGParser.probe
        case .gif: GIFParser.probe
        case .wave: WAVEParser.probe
        case .webP: WebPParser.probe
        case .pdf: PDFParser.probe
        case .mpegAudio: MPEGAudioParser.probe
        case .html: HTMLParser.probe
        }
    }

    static func detect(_ head: ByteView, contentType: String?) -> ProbedFormat? {
        if ISOBMFFParser.recognises(head) { return .isoBMFF }
        if head.matches([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.matches(PNGParser.signature) { return .png }
        if head.matches("GIF87a") || head.matches("GIF89a") { return .gif }
        if head.matches("RIFF", at: 0) || head.matches("RF64", at: 0) {
            if head.matches("WAVE", at: 8) { return .wave }
            if head.matches("WEBP", at: 8) { return .webP }
        }
        if PDFParser.recognises(head) { return .pdf }
        let type = contentType?.lowercased() ?? ""
        if MPEGAudioParser.recognises(head, declaredAudio: type.hasPrefix("audio/mpeg") || type.hasPrefix("audio/mp3")) {
            return .mpegAudio
        }
        if HTMLParser.recognises(head, declaredHTML: type.hasPrefix("text/html") || type.hasPrefix("application/xhtml")) {
            return .html
        }
        return nil
    }
}
