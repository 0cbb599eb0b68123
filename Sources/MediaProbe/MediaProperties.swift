/// What a journalist needs to know about an asset before downloading it: "1920×1080 · 3:12 · H.264".
///
/// Every field is optional because every format knows only some of them (a PNG has no duration, an
/// MP3 no width), and because a parser fills in what the bytes it was given reveal and nothing more.
///
/// The fields live in one shared, immutable box (a setter makes a new one): link checks copy the
/// records that carry these properties several times per link, and inline the fifteen optionals
/// made every such record about 270 bytes larger, copied and retained field by field. Encoded,
/// compared and hashed exactly as the fields themselves.
@dynamicMemberLookup
public struct MediaProperties: Sendable, Hashable, Codable {
    /// The properties themselves, read and set through `MediaProperties` (`properties.width`);
    /// encoded with these names.
    public struct Fields: Sendable, Hashable, Codable {
        /// Container or file format in the office's words: "MP4", "MOV", "M4A", "JPEG", "PNG", "WebP",
        /// "GIF", "WAV", "MP3", "PDF", "HTML".
        public var format: String?
        /// Displayed width in pixels: after the track matrix (MP4/MOV) or EXIF orientation (JPEG).
        public var width: Int?
        /// Displayed height in pixels, see `width`.
        public var height: Int?
        /// Duration in seconds.
        public var duration: Double?
        /// Frames per second of the first video track, rounded to 1/1000.
        public var frameRate: Double?
        /// "H.264", "H.265", "AV1", "ProRes", …; an unknown sample-entry code is given as is.
        public var videoCodec: String?
        /// "AAC", "MP3", "PCM", "Opus", …
        public var audioCodec: String?
        /// Audio samples per second.
        public var sampleRate: Int?
        /// Audio channels.
        public var channels: Int?
        /// Pages of a PDF.
        public var pageCount: Int?
        /// HTML `<title>`, entity-decoded and with runs of white space collapsed.
        public var title: String?
        /// `<meta property="og:title">`.
        public var openGraphTitle: String?
        /// `<meta property="og:description">`.
        public var openGraphDescription: String?
        /// `<meta property="og:image">`, as written in the page (possibly relative).
        public var openGraphImage: String?
        /// `<link rel="canonical" href="…">`, as written in the page.
        public var canonicalURL: String?
    }

    // Inlinable so that other modules read a field through a specialised key path, not a generic one.
    @usableFromInline final class Box: Sendable {
        @usableFromInline let fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var box: Box

    @inlinable public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { box.fields[keyPath: field] }
        set {
            var fields = box.fields
            fields[keyPath: field] = newValue
            box = Box(fields)
        }
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
