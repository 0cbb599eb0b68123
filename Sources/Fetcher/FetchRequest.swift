/// One link to check: the URL a journalist would click, plus what the check may assume about it.
public struct FetchRequest: Sendable, Hashable {
    /// The URL as written in the catalogue. Only `http` and `https` are ever contacted.
    public var url: String
    /// How the check asks the server; see `RequestStrategy`.
    public var strategy: RequestStrategy
    /// Sent as `If-None-Match`, so an unchanged asset answers `304 Not Modified` (a success)
    /// without the server doing any work. Usually the ETag of the previous check. Not sent when
    /// `probe` is `.always` (a forced probe needs the file, not a 304).
    public var ifNoneMatch: String?
    /// Sent verbatim as `If-Modified-Since` (an HTTP-date, usually the previous Last-Modified).
    public var ifModifiedSince: String?
    /// Overrides `FetchConfiguration.maxContentLength` for this link (a photo has a smaller
    /// sensible size than a b-roll reel). `nil` keeps the configured limit.
    public var maxContentLength: Int64?
    /// Media types the asset may be served as, e.g. `["video/*", "application/octet-stream"]`.
    /// When set and the final response's `Content-Type` matches none, the verdict is `wrong-type`
    /// (PressKit derives these from the asset's kind). `nil` or empty skips the check, and so does a
    /// response without a `Content-Type`: no type is not evidence of a wrong one.
    public var acceptableContentTypes: [String]?
    /// Whether a working link's file is also probed for its media properties (`FetchResult.media`).
    public var probe: MediaProbing
    /// Keep the body: stream it to a file, hashed (see `DownloadTarget`). A download is a plain
    /// `GET` of the whole file (identity encoding), never probed.
    public var download: DownloadTarget?

    public init(
        url: String,
        strategy: RequestStrategy = .headFirst,
        ifNoneMatch: String? = nil,
        ifModifiedSince: String? = nil,
        maxContentLength: Int64? = nil,
        acceptableContentTypes: [String]? = nil,
        probe: MediaProbing = .off
    ) {
        self.url = url
        self.strategy = strategy
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.maxContentLength = maxContentLength
        self.acceptableContentTypes = acceptableContentTypes
        self.probe = probe
    }
}

/// How a check asks a server about a link.
public enum RequestStrategy: String, Sendable, Hashable, CaseIterable {
    /// `HEAD` first, which costs the server nothing; falls back to a bounded ranged `GET` when the
    /// `HEAD` is refused (see `HeadFallback`). Once a host refuses `HEAD` with 405 or 501, later
    /// checks against that host in the same engine go straight to `GET`.
    case headFirst
    /// Always a `GET` with `Range: bytes=0-(maxBodyBytes-1)`, reading at most `maxBodyBytes`.
    /// For hosts known to lie to `HEAD` (a `HEAD` that says 200 where `GET` says 404).
    case rangedGet
}

/// The HTTP method one request of a check used.
public enum RequestMethod: String, Sendable, Hashable {
    case head = "HEAD"
    case rangedGet = "GET"
}

/// When a `HEAD` answer is not believed and the check repeats the request as a ranged `GET`.
///
/// Rule: a `HEAD` answered with one of `statuses` is retried once as a bounded `GET`, and the `GET`'s
/// answer is the one classified. 405 and 501 say outright that `HEAD` is not supported. 400, 403,
/// 404 and 410 come from servers whose routing or URL signing covers `GET` only (S3 pre-signed URLs
/// sign the method; many frameworks route `GET` but not `HEAD`), so a `GET` may well succeed.
/// 500 is a server crashing on the unusual method. Retryable answers (429, 502–504) are retried as
/// they are, not switched to `GET`.
public enum HeadFallback {
    public static let statuses: Set<Int> = [400, 403, 404, 405, 410, 500, 501]
    /// Statuses that prove the host does not do `HEAD` at all; later checks skip it there.
    public static let hostRefusesHead: Set<Int> = [405, 501]
}
