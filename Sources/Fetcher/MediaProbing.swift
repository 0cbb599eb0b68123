import MediaProbe

/// Whether a check also reads the file's media properties (duration, size in pixels, codecs…).
///
/// Probing happens after the check found the link working (a 2xx answer), on the URL the check
/// ended at, with ranged `GET`s whose bytes together stay within `FetchConfiguration.probeBudget`.
/// It never changes the verdict: it adds `FetchResult.media`.
public enum MediaProbing: Sendable, Hashable {
    /// No probe.
    case off
    /// Probe whenever the check reaches the file. The check then asks unconditionally (no
    /// `If-None-Match` or `If-Modified-Since`), since a `304 Not Modified` carries nothing to probe.
    case always
    /// Probe unless the answer shows the file last probed: its ETag, Last-Modified and size, as far as
    /// both sides have them, all equal (at least one of them compared). A `304 Not Modified` is never
    /// probed (nothing changed, and it carries no body).
    case ifChanged(from: FileIdentity)
}

/// What tells one version of a file from another in HTTP answers: the same rule the link history
/// uses to call a file changed.
public struct FileIdentity: Sendable, Hashable {
    public var etag: String?
    public var lastModified: String?
    public var length: Int64?

    public init(etag: String?, lastModified: String?, length: Int64?) {
        self.etag = etag
        self.lastModified = lastModified
        self.length = length
    }

    /// Whether `other` is the same file: no compared field differs, and some field was compared.
    public func isSameFile(as other: FileIdentity) -> Bool {
        var compared = false
        if let etag, let theirs = other.etag {
            guard etag == theirs else { return false }
            compared = true
        }
        if let lastModified, let theirs = other.lastModified {
            guard lastModified == theirs else { return false }
            compared = true
        }
        if let length, let theirs = other.length {
            guard length == theirs else { return false }
            compared = true
        }
        return compared
    }
}

/// What probing one file found, and what it cost.
public struct ProbeReport: Sendable, Hashable {
    /// The properties read; nil when the format is unknown or the bytes could not be had.
    /// May be partial (see `note`) when the budget ran out before the format's answer.
    public var properties: MediaProperties?
    /// Why there are no properties or only some, in one sentence for staff; nil when complete.
    public var note: String?
    /// Body bytes received for the probe, the check's own bounded `GET` included when it was reused.
    public var bytes: Int
    /// Ranged requests made for the probe (0 when the check's own `GET` held enough).
    public var requests: Int

    public init(properties: MediaProperties?, note: String?, bytes: Int, requests: Int) {
        self.properties = properties
        self.note = note
        self.bytes = bytes
        self.requests = requests
    }
}

/// The state of one file's probe on the engine thread: the bytes so far, the next range, the budget.
///
/// Each answer is added to a `ProbeInput` and the parsers run again over everything fetched
/// (`MediaProbe` is stateless); a `.needMore` becomes the next ranged request, clipped to what is
/// left of the budget, until the parsers answer, the budget or `maxRequests` is spent, or the
/// server stops cooperating.
struct ProbeProgress {
    let budget: Int
    let firstRead: Int
    let maxRequests: Int
    /// The check's content type, for formats without a magic number (HTML, some MP3).
    let contentType: String?
    private(set) var input: ProbeInput?
    private(set) var bytes = 0
    private(set) var requests = 0
    /// The byte range of the request in flight (inclusive file offsets).
    private(set) var range: ClosedRange<Int64> = 0...0
    /// Set once a server answered a ranged request with the whole body (200): later ranges are then
    /// read from the start of the file, which only helps while they lie within the budget.
    private(set) var serverIgnoresRange = false
    /// Why `nextRange` ended the probe before the parsers had their answer.
    private var shortOf: String?
    /// A range request answered with an error status: a `GET` of the file failed where the check's
    /// answer said it works, which then decides the verdict (`Verdict.reconsider`).
    private(set) var refusal: (status: Int, headers: ResponseHeaders, body: [UInt8])?

    init(budget: Int, firstRead: Int, maxRequests: Int, contentType: String?) {
        self.budget = max(budget, 1)
        self.firstRead = max(1, min(firstRead, budget))
        self.maxRequests = max(maxRequests, 1)
        self.contentType = contentType
    }

    /// Starts from the body of the check's own ranged `GET`, when it kept all it read from offset 0.
    mutating func start(reusing response: HopResponse?) {
        if let response, response.status == 200 || response.status == 206,
           response.bodyBytesRead > 0, response.bodyPrefix.count == response.bodyBytesRead,
           ContentRange(response.headers["content-range"])?.first ?? 0 == 0 {
            bytes = response.bodyBytesRead
            input = ProbeInput(head: response.bodyPrefix, totalSize: response.headers.declaredLength, contentType: contentType)
            // A 200 cut off at the bound: the server ignored the GET's Range, and will again.
            serverIgnoresRange = response.status == 200 && response.stoppedAtBodyLimit
        }
    }

    /// The range to ask for next, or nil when the probe is over (see `report`).
    mutating func nextRange() -> ClosedRange<Int64>? {
        let left = budget - bytes
        guard let input else {
            range = 0...Int64(min(firstRead, left) - 1)
            return range
        }
        guard case .needMore(let wanted, _) = MediaProbe.probe(input) else { return nil }
        guard left > 0 else {
            shortOf = "stopped at the probe budget of \(budget) bytes before the format's answer"
            return nil
        }
        guard requests < maxRequests else {
            shortOf = "stopped after \(requests) range requests before the format's answer"
            return nil
        }
        if serverIgnoresRange {
            // Only a read from the start can bring these bytes, and only if it fits.
            guard wanted.upperBound < Int64(left) else {
                shortOf = "the server ignores Range requests, and the answer lies beyond the probe budget of \(budget) bytes"
                return nil
            }
            range = 0...wanted.upperBound
        } else {
            let length = min(wanted.upperBound - wanted.lowerBound + 1, Int64(left))
            range = wanted.lowerBound...(wanted.lowerBound + length - 1)
        }
        return range
    }

    /// The answer to the request for `range`. Returns a note when the probe cannot go on.
    mutating func consume(_ response: HopResponse) -> String? {
        requests += 1
        bytes += response.bodyBytesRead
        if response.curlCode != 0 {
            return "the range request failed: \(response.curlMessage.isEmpty ? "libcurl error \(response.curlCode)" : response.curlMessage)"
        }
        let status = response.status ?? 0
        let offset: Int64
        var total = response.headers.declaredLength
        switch status {
        case 206:
            guard let contentRange = ContentRange(response.headers["content-range"]) else {
                return "the server sent a partial answer without a valid Content-Range"
            }
            offset = contentRange.first
            total = contentRange.total ?? input?.totalSize
        case 200:
            // Range ignored: the body is the file from its start, cut off at the range's length.
            offset = 0
            serverIgnoresRange = serverIgnoresRange || range.lowerBound > 0 || response.stoppedAtBodyLimit
        default:
            if status >= 400 { refusal = (status, response.headers, response.bodyPrefix) }
            return "the server answered \(status) to a range request"
        }
        let body = response.bodyPrefix
        if var known = input {
            if known.totalSize == nil, let total, total >= 0 { known.totalSize = total }
            known.add(body, at: offset)
            input = known
        } else if offset == 0 {
            input = ProbeInput(head: body, totalSize: total, contentType: contentType)
        } else {
            return "the server answered with bytes from offset \(offset), not the start of the file"
        }
        return nil
    }

    /// The report once `nextRange` returned nil (or `consume` gave a note).
    func report(note stopNote: String?) -> ProbeReport {
        let outcome = input.map(MediaProbe.probe) ?? .unknown(reason: "no bytes to probe")
        var note: String?
        var properties: MediaProperties?
        switch outcome {
        case .properties(let found):
            properties = found
        case .needMore(_, let partial):
            properties = partial
            note = stopNote ?? shortOf ?? "stopped before the format's answer"
        case .unknown(let reason):
            note = stopNote ?? reason
        }
        return ProbeReport(properties: properties, note: note, bytes: bytes, requests: requests)
    }
}

/// `Content-Range: bytes first-last/total` of a 206 answer (RFC 9110 §14.4); total may be `*`.
struct ContentRange {
    let first: Int64
    let last: Int64
    let total: Int64?

    init?(_ value: String?) {
        guard let value, value.hasPrefix("bytes ") else { return nil }
        let spec = value.dropFirst(6)
        guard let dash = spec.firstIndex(of: "-"), let slash = spec.firstIndex(of: "/"), dash < slash,
              let first = Int64(spec[..<dash].trimmingCharacters(in: " ")),
              let last = Int64(spec[spec.index(after: dash)..<slash].trimmingCharacters(in: " ")),
              first >= 0, last >= first
        else { return nil }
        let totalText = spec[spec.index(after: slash)...].trimmingCharacters(in: " ")
        self.first = first
        self.last = last
        total = totalText == "*" ? nil : Int64(totalText)
    }
}
