/// What a journalist needs to know about an asset before downloading it: "1920×1080 · 3:12 · H.264".
///
/// Every field is optional because every format knows only some of them (a PNG has no duration, an
/// MP3 no width), and because a parser fills in what the bytes it was given reveal and nothing more.
///
/// The fields live in one shared, immutable box (a setter makes a new one): link checks copy the
/// records that carry these properties several times per link, and inline the fifteen optionals
/// made every such record about 270 bytes larger, copied and retained field by field. Encoded,
/// compared and hashed exactly as the fields themselves.
public struct MediaProperties: Sendable, Hashable, Codable {
    /// The properties themselves; encoded with these names.
    struct Fields: Sendable, Hashable, Codable {
        var format: String?
        var width: Int?
        var height: Int?
        var duration: Double?
        var frameRate: Double?
        var videoCodec: String?
        var audioCodec: String?
        var sampleRate: Int?
        var channels: Int?
        var pageCount: Int?
        var title: String?
        var openGraphTitle: String?
        var openGraphDescription: String?
        var openGraphImage: String?
        var canonicalURL: String?
    }

    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private mutating func update<Value>(_ field: WritableKeyPath<Fields, Value>, _ value: Value) {
        var fields = box.fields
        fields[keyPath: field] = value
        box = Box(fields)
    }

    /// Container or file format in the office's words: "MP4", "MOV", "M4A", "JPEG", "PNG", "WebP",
    /// "GIF", "WAV", "MP3", "PDF", "HTML".
    public var format: String? {
        get { box.fields.format }
        set { update(\.format, newValue) }
    }
    /// Displayed width in pixels: after the track matrix (MP4/MOV) or EXIF orientation (JPEG).
    public var width: Int? {
        get { box.fields.width }
        set { update(\.width, newValue) }
    }
    /// Displayed height in pixels, see `width`.
    public var height: Int? {
        get { box.fields.height }
        set { update(\.height, newValue) }
    }
    /// Duration in seconds.
    public var duration: Double? {
        get { box.fields.duration }
        set { update(\.duration, newValue) }
    }
    /// Frames per second of the first video track, rounded to 1/1000.
    public var frameRate: Double? {
        get { box.fields.frameRate }
        set { update(\.frameRate, newValue) }
    }
    /// "H.264", "H.265", "AV1", "ProRes", …; an unknown sample-entry code is given as is.
    public var videoCodec: String? {
        get { box.fields.videoCodec }
        set { update(\.videoCodec, newValue) }
    }
    /// "AAC", "MP3", "PCM", "Opus", …
    public var audioCodec: String? {
        get { box.fields.audioCodec }
        set { update(\.audioCodec, newValue) }
    }
    /// Audio samples per second.
    public var sampleRate: Int? {
        get { box.fields.sampleRate }
        set { update(\.sampleRate, newValue) }
    }
    /// Audio channels.
    public var channels: Int? {
        get { box.fields.channels }
        set { update(\.channels, newValue) }
    }
    /// Pages of a PDF.
    public var pageCount: Int? {
        get { box.fields.pageCount }
        set { update(\.pageCount, newValue) }
    }
    /// HTML `<title>`, entity-decoded and with runs of white space collapsed.
    public var title: String? {
        get { box.fields.title }
        set { update(\.title, newValue) }
    }
    /// `<meta property="og:title">`.
    public var openGraphTitle: String? {
        get { box.fields.openGraphTitle }
        set { update(\.openGraphTitle, newValue) }
    }
    /// `<meta property="og:description">`.
    public var openGraphDescription: String? {
        get { box.fields.openGraphDescription }
        set { update(\.openGraphDescription, newValue) }
    }
    /// `<meta property="og:image">`, as written in the page (possibly relative).
    public var openGraphImage: String? {
        get { box.fields.openGraphImage }
        set { update(\.openGraphImage, newValue) }
    }
    /// `<link rel="canonical" href="…">`, as written in the page.
    public var canonicalURL: String? {
        get { box.fields.canonicalURL }
        set { update(\.canonicalURL, newValue) }
    }

    public init(
        format: String? = nil, width: Int? = nil, height: Int? = nil, duration: Double? = nil,
        frameRate: Double? = nil, videoCodec: String? = nil, audioCodec: String? = nil,
        sampleRate: Int? = nil, channels: Int? = nil, pageCount: Int? = nil, title: String? = nil,
        openGraphTitle: String? = nil, openGraphDescription: String? = nil,
        openGraphImage: String? = nil, canonicalURL: String? = nil
    ) {
        box = Box(Fields(format: format, width: width, height: height, duration: duration, frameRate: frameRate, videoCodec: videoCodec, audioCodec: audioCodec, sampleRate: sampleRate, channels: channels, pageCount: pageCount, title: title, openGraphTitle: openGraphTitle, openGraphDescription: openGraphDescription, openGraphImage: openGraphImage, canonicalURL: canonicalURL))
    }

    public init(from decoder: any Decoder) throws {
        box = Box(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try box.fields.encode(to: encoder)
    }

    public static func == (lhs: MediaProperties, rhs: MediaProperties) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }
}

/// The answer of one probe: properties, a request for more bytes, or a reason why not.
public enum ProbeOutcome: Sendable, Hashable {
    /// The bytes were enough.
    case properties(MediaProperties)
    /// The properties sit in bytes the caller has not passed yet (an MP4 whose `moov` box follows the
    /// media data, a JPEG whose frame header follows a large EXIF thumbnail, an MP3 behind a large
    /// ID3 tag, a PDF whose page tree is in its last bytes). Fetch `range` (inclusive byte offsets in
    /// the file; the caller may fetch less if its budget says so), add it to the `ProbeInput` and
    /// probe again. `partial` holds what the bytes so far revealed, to use when the budget is spent.
    ///
    /// The range never lies entirely inside bytes already given, so a loop of probes always makes
    /// progress; callers should still cap the number of rounds (three is plenty for real files).
    case needMore(range: ClosedRange<Int64>, partial: MediaProperties?)
    /// Not a format the probe knows, or malformed: the reason is one short sentence for a person.
    case unknown(reason: String)

    /// The properties, if the probe found any (complete or partial).
    public var properties: MediaProperties? {
        switch self {
        case .properties(let properties): properties
        case .needMore(_, let partial): partial
        case .unknown: nil
        }
    }
}
