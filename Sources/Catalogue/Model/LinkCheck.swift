import Foundation
import LinkVocabulary
import MediaProbe

/// One check of one URL, as the store records it. The verdict is LinkVocabulary's (shared with the
/// fetcher, which the catalogue never imports).
public struct LinkCheck: Hashable, Sendable {
    public struct Hop: Hashable, Sendable, Codable {
        public var url: String
        public var status: Int
        public var location: String

        public init(url: String, status: Int, location: String) {
            self.url = url
            self.status = status
            self.location = location
        }
    }

    public var url: String
    public var checkedAt: Date
    public var verdict: LinkVerdict
    /// The verdict's `isSuccess` (ok, redirected): decides `last_ok` and failure streaks.
    public var isSuccess: Bool { verdict.isSuccess }
    public var detail: String?
    /// For `redirected`: the URL to put in the catalogue.
    public var newURL: String?
    public var httpStatus: Int?
    public var method: String?
    public var attempts: Int
    public var redirects: [Hop]
    public var finalURL: String?
    public var contentType: String?
    public var contentLength: Int64?
    public var lastModified: String?
    public var etag: String?
    public var filename: String?
    public var httpVersion: String?
    public var remoteIP: String?
    /// Seconds from the start of the transfer, as libcurl measures them.
    public var dnsTime: Double?, connectTime: Double?, tlsTime: Double?, firstByteTime: Double?, totalTime: Double?
    public var certificateExpiry: Date?
    public var curlCode: Int?
    public var curlMessage: String?
    public var bytesRead: Int
    /// What this check's probe read of the file, when it probed (see `MediaProbeRecord`).
    public var probe: MediaProbeRecord?
    /// When the link is due again if this check found it working (`check --due`); nil: a week on.
    public var nextCheckIfWorking: Date?
    /// A failing link is due after this, doubled for each earlier consecutive failure and capped by
    /// `nextCheckIfWorking`.
    public var failingRecheckSeconds = 900

    public init(url: String, checkedAt: Date, verdict: LinkVerdict, detail: String? = nil,
                newURL: String? = nil, httpStatus: Int? = nil, method: String? = nil, attempts: Int = 1,
                redirects: [Hop] = [], finalURL: String? = nil, contentType: String? = nil,
                contentLength: Int64? = nil, lastModified: String? = nil, etag: String? = nil,
                filename: String? = nil, httpVersion: String? = nil, remoteIP: String? = nil,
                dnsTime: Double? = nil, connectTime: Double? = nil, tlsTime: Double? = nil,
                firstByteTime: Double? = nil, totalTime: Double? = nil, certificateExpiry: Date? = nil,
                curlCode: Int? = nil, curlMessage: String? = nil, bytesRead: Int = 0) {
        self.url = url
        self.checkedAt = checkedAt
        self.verdict = verdict
        self.detail = detail
        self.newURL = newURL
        self.httpStatus = httpStatus
        self.method = method
        self.attempts = attempts
        self.redirects = redirects
        self.finalURL = finalURL
        self.contentType = contentType
        self.contentLength = contentLength
        self.lastModified = lastModified
        self.etag = etag
        self.filename = filename
        self.httpVersion = httpVersion
        self.remoteIP = remoteIP
        self.dnsTime = dnsTime
        self.connectTime = connectTime
        self.tlsTime = tlsTime
        self.firstByteTime = firstByteTime
        self.totalTime = totalTime
        self.certificateExpiry = certificateExpiry
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.bytesRead = bytesRead
    }
}

/// A URL's health now: the latest verdict, since when it has held, and the failure streak.
public struct LinkHealth: Hashable, Sendable {
    public var url: String
    public var verdict: LinkVerdict
    public var since: Date
    public var lastChecked: Date
    public var lastOK: Date?
    public var consecutiveFailures: Int
    public var httpStatus: Int?
    public var contentType: String?
    public var contentLength: Int64?
    public var newURL: String?
    public var certificateExpiry: Date?
    /// The last probe of the file (possibly older than the last check, which may not have probed).
    public var media: MediaProbeRecord?

    public init(url: String, verdict: LinkVerdict, since: Date, lastChecked: Date, lastOK: Date?, consecutiveFailures: Int,
                httpStatus: Int?, contentType: String?, contentLength: Int64?, newURL: String?, certificateExpiry: Date?,
                media: MediaProbeRecord? = nil) {
        self.url = url
        self.verdict = verdict
        self.since = since
        self.lastChecked = lastChecked
        self.lastOK = lastOK
        self.consecutiveFailures = consecutiveFailures
        self.httpStatus = httpStatus
        self.contentType = contentType
        self.contentLength = contentLength
        self.newURL = newURL
        self.certificateExpiry = certificateExpiry
        self.media = media
    }
}

/// What probing a link's file found ("1920×1080 · 3:12 · H.264"), and what it cost.
public struct MediaProbeRecord: Hashable, Sendable {
    /// Nil when the format is unknown or the bytes could not be had (see `note`).
    public var properties: MediaProperties?
    /// Why there are no properties or only some; nil when the probe was complete.
    public var note: String?
    /// Body bytes transferred to read them.
    public var bytes: Int
    /// When the check that probed started.
    public var probedAt: Date

    public init(properties: MediaProperties?, note: String?, bytes: Int, probedAt: Date) {
        self.properties = properties
        self.note = note
        self.bytes = bytes
        self.probedAt = probedAt
    }
}

/// A URL to check and what the catalogue expects of it: every asset kind and declared content type
/// that uses it (one URL may serve several assets; a check fetches it once).
public struct LinkTarget: Hashable, Sendable {
    public var url: String
    public var kinds: Set<AssetKind>
    public var declaredContentTypes: Set<String>
    /// Asset ids using the URL, and `story:<id>` for a story's webstory link.
    public var usedBy: [String]
    /// The days of the events using the URL (for when it is due again); filled by the checker.
    public var events: [EventSpan] = []
    /// What the last full sight of the file left for a conditional recheck; filled by the checker.
    public var validator: LinkValidator?

    public init(url: String, kinds: Set<AssetKind>, declaredContentTypes: Set<String>, usedBy: [String]) {
        self.url = url
        self.kinds = kinds
        self.declaredContentTypes = declaredContentTypes
        self.usedBy = usedBy
    }
}
