#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What one check of one link found out: its verdict and the evidence behind it.
///
/// Fields describe the last response of the check (after redirects) unless they say otherwise.
/// URLs in results never carry credentials (`user:password@` is removed).
public struct FetchResult: Sendable {
    /// The request as it was submitted, so callers can match results to assets.
    public var request: FetchRequest
    public var verdict: Verdict
    /// A specific explanation when the verdict's `hint` is not enough, e.g. "redirect loop back to
    /// https://…" or "169.254.169.254 is a cloud metadata address".
    public var detail: String?
    /// When the check started (first request handed to libcurl).
    public var checkedAt: Date
    /// Wall time of the whole check, from the first request to the verdict, including retries,
    /// fallbacks and redirects (not time spent queued before the first request).
    public var elapsed: Duration

    /// HTTP status of the last response, if any response arrived.
    public var httpStatus: Int?
    /// Each redirect followed, in order.
    public var redirects: [RedirectHop]
    /// The URL the last request went to.
    public var finalURL: String
    /// Method of the last request (a `HEAD` fallback shows `rangedGet`).
    public var method: RequestMethod
    /// Requests made for this check, all hops and attempts included.
    public var requestCount: Int
    /// Attempts of the last hop (1 means no retry was needed).
    public var attempts: Int

    public var contentType: String?
    /// Content-Length, or for a 206 the total of Content-Range (`bytes 0-99/12345` → 12345).
    public var contentLength: Int64?
    /// The raw `Last-Modified` header, for `If-Modified-Since` next time.
    public var lastModified: String?
    /// The raw `ETag` header, for `If-None-Match` next time.
    public var etag: String?
    /// The file name a browser would save the asset as, from `Content-Disposition`.
    public var dispositionFilename: String?
    /// "1.0", "1.1", "2" or "3".
    public var httpVersion: String?
    /// The address actually connected to for the last request.
    public var remoteIP: String?
    public var timings: FetchTimings
    /// For https, when the server certificate (the leaf) expires; `nil` when libcurl reported no
    /// certificate (plain http, or a reused connection for a host not seen before in this engine).
    public var certificateExpiry: Date?
    /// libcurl's error for the last request, if it failed below HTTP.
    public var curlError: CurlFailure?
    /// Decoded body bytes read (GET only; at most `maxBodyBytes`).
    public var bodyBytesRead: Int
    /// The first `keptBodyBytes` of them, for sniffing what the file really is.
    public var bodyPrefix: [UInt8]
    /// True when reading stopped at `maxBodyBytes` on purpose (not an error).
    public var stoppedAtBodyLimit: Bool
    /// The file's media properties, when the request asked for a probe and the link worked.
    public var media: ProbeReport?
    /// For a download (`FetchRequest.download`): what became of the body.
    public var download: DownloadOutcome?

    /// For callers' tests (renderers, the store) that need results without a network.
    public init(
        request: FetchRequest, verdict: Verdict, detail: String? = nil, checkedAt: Date = Date(),
        elapsed: Duration = .zero, httpStatus: Int? = nil, redirects: [RedirectHop] = [],
        finalURL: String? = nil, method: RequestMethod = .head, requestCount: Int = 1, attempts: Int = 1,
        contentType: String? = nil, contentLength: Int64? = nil, lastModified: String? = nil,
        etag: String? = nil, dispositionFilename: String? = nil, httpVersion: String? = nil,
        remoteIP: String? = nil, timings: FetchTimings = .zero, certificateExpiry: Date? = nil,
        curlError: CurlFailure? = nil, bodyBytesRead: Int = 0, bodyPrefix: [UInt8] = [],
        stoppedAtBodyLimit: Bool = false, media: ProbeReport? = nil
    ) {
        self.request = request
        self.verdict = verdict
        self.detail = detail
        self.checkedAt = checkedAt
        self.elapsed = elapsed
        self.httpStatus = httpStatus
        self.redirects = redirects
        self.finalURL = finalURL ?? request.url
        self.method = method
        self.requestCount = requestCount
        self.attempts = attempts
        self.contentType = contentType
        self.contentLength = contentLength
        self.lastModified = lastModified
        self.etag = etag
        self.dispositionFilename = dispositionFilename
        self.httpVersion = httpVersion
        self.remoteIP = remoteIP
        self.timings = timings
        self.certificateExpiry = certificateExpiry
        self.curlError = curlError
        self.bodyBytesRead = bodyBytesRead
        self.bodyPrefix = bodyPrefix
        self.stoppedAtBodyLimit = stoppedAtBodyLimit
        self.media = media
    }
}

/// One redirect followed during a check.
public struct RedirectHop: Sendable, Hashable {
    /// The URL that answered with a redirect.
    public var url: String
    public var status: Int
    /// Where it pointed, resolved against `url`.
    public var location: String

    /// 301 and 308 say the catalogue should change; 302, 303 and 307 do not.
    public var isPermanent: Bool { status == 301 || status == 308 }

    public init(url: String, status: Int, location: String) {
        self.url = url
        self.status = status
        self.location = location
    }
}

/// Phase timings of the last request, each measured from its start.
/// See https://curl.se/libcurl/c/curl_easy_getinfo.html#TIMES
public struct FetchTimings: Sendable, Hashable {
    public init(nameLookup: Duration, connect: Duration, tlsHandshake: Duration, firstByte: Duration, total: Duration) {
        self.nameLookup = nameLookup
        self.connect = connect
        self.tlsHandshake = tlsHandshake
        self.firstByte = firstByte
        self.total = total
    }

    /// Name resolved (DNS). [CURLINFO_NAMELOOKUP_TIME_T]
    public var nameLookup: Duration
    /// TCP connected. [CURLINFO_CONNECT_TIME_T]
    public var connect: Duration
    /// TLS handshake done; zero for plain http. [CURLINFO_APPCONNECT_TIME_T]
    public var tlsHandshake: Duration
    /// First response byte. [CURLINFO_STARTTRANSFER_TIME_T]
    public var firstByte: Duration
    /// Whole request. [CURLINFO_TOTAL_TIME_T]
    public var total: Duration

    public static let zero = FetchTimings(
        nameLookup: .zero, connect: .zero, tlsHandshake: .zero, firstByte: .zero, total: .zero)
}

/// libcurl's error code and message for a request that failed below HTTP.
/// Codes: https://curl.se/libcurl/c/libcurl-errors.html
public struct CurlFailure: Sendable, Hashable, Error {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
}
