/// Every tunable of the link checker's engine, with its named default.
///
/// The defaults live here, in one place, so the CLI's help and the policy documentation can show
/// the same values the engine uses. PressKit builds a configuration from `Policies/link-check.yaml`;
/// every key there is optional and falls back to the value below.
public struct FetchConfiguration: Sendable, Equatable {
    // MARK: Timeouts

    /// Longest wait for a TCP (and TLS) connection, per hop. [CURLOPT_CONNECTTIMEOUT_MS]
    public var connectTimeout: Duration = Defaults.connectTimeout
    /// Longest a single request (one hop, one attempt) may take from start to finish. Measured from
    /// the moment the transfer is handed to libcurl, never from when it was queued.
    /// Cut to what is left of the link's `linkDeadline`.
    public var totalTimeout: Duration = Defaults.totalTimeout
    /// A transfer slower than `lowSpeedLimit` bytes per second for `lowSpeedTime` is cut off,
    /// so a server that drips bytes cannot hold a slot until `totalTimeout`.
    public var lowSpeedLimit: Int = Defaults.lowSpeedLimit
    /// Whole seconds, as libcurl counts them. [CURLOPT_LOW_SPEED_TIME]
    public var lowSpeedTime: Int = Defaults.lowSpeedTime
    /// Longest one link may take, all its requests, retries, redirects, probe and the waits between
    /// them together, counted from its first request. Each request's own timeout is cut to what is
    /// left; no retry is made that could not finish in time.
    public var linkDeadline: Duration = Defaults.linkDeadline

    // MARK: Politeness

    /// Transfers in flight at once, across all hosts.
    public var totalConcurrency: Int = Defaults.totalConcurrency
    /// Transfers in flight at once against one host name. With HTTP/2 many requests share one
    /// connection, so this is a request cap enforced by our scheduler, not a connection cap.
    public var perHostConcurrency: Int = Defaults.perHostConcurrency
    /// Smallest gap between two request starts against one host; zero means no rate limit.
    public var perHostInterval: Duration = Defaults.perHostInterval
    /// Longest gap a misbehaving host (429, 5xx) is slowed down to between requests.
    public var maxHostSlowdown: Duration = Defaults.maxHostSlowdown

    // MARK: Retries

    /// Further attempts after the first one, for retryable failures only (see `RetryRules`).
    public var maxRetries: Int = Defaults.maxRetries
    /// The first retry waits about this long; every further one doubles it (with jitter).
    public var retryBaseDelay: Duration = Defaults.retryBaseDelay
    /// No computed backoff waits longer than this.
    public var maxRetryDelay: Duration = Defaults.maxRetryDelay
    /// A server's `Retry-After` is honoured up to this long, never longer.
    public var retryAfterCap: Duration = Defaults.retryAfterCap

    // MARK: Requests

    /// Sent on every request so a server's operator can tell who is calling and whom to ask.
    public var userAgent: String = Defaults.userAgent
    /// Redirects followed before the check gives up (`broken`, "too many redirects").
    public var maxRedirects: Int = Defaults.maxRedirects
    /// Decoded body bytes read at most by a GET fallback; also the size of its `Range` request.
    /// Reading stops here even when the server ignores `Range` or sends a compression bomb.
    public var maxBodyBytes: Int = Defaults.maxBodyBytes
    /// Of those bytes, how many the result keeps (`FetchResult.bodyPrefix`), e.g. for sniffing
    /// a file's magic number. Kept small because results may queue up while PressKit writes them.
    public var keptBodyBytes: Int = Defaults.keptBodyBytes
    /// A declared length (Content-Length or Content-Range total) above this is `too-large`,
    /// unless the request sets its own limit. `nil` means no limit.
    public var maxContentLength: Int64? = Defaults.maxContentLength

    // MARK: Media probes

    /// Body bytes a probe may read per file, all its ranged requests together (the check's own
    /// bounded GET included when it is reused). A file is never read whole unless it is smaller.
    public var probeBudget: Int = Defaults.probeBudget
    /// The first ranged request of a probe asks for this many bytes from the start of the file:
    /// enough for the headers of images, audio and most web-ready video.
    public var probeFirstRead: Int = Defaults.probeFirstRead
    /// Ranged requests one probe makes at most (a `moov` at the end of an MP4 takes two).
    public var probeMaxRequests: Int = Defaults.probeMaxRequests

    // MARK: Verdicts

    /// Final HTTP statuses that count as a working link although they are not 2xx (a portal that
    /// answers 401 to robots): the classifier's last rule, `Verdict.accepting`.
    public var acceptedStatuses: Set<Int> = []

    // MARK: Soft 404s

    /// Phrases that, in a 200 page's `<title>` or first heading, say the page is missing (matched
    /// case-insensitively anywhere in them). Body text is never matched.
    public var softNotFoundPatterns: [String] = Defaults.softNotFoundPatterns

    // MARK: Security

    /// Whether loopback, private (RFC 1918, fc00::/7), link-local and unspecified addresses may be
    /// contacted. Off by default so a catalogue entry cannot make presskit probe an office network;
    /// on for an intranet media server and for the tests. Cloud metadata addresses stay refused.
    public var allowPrivateAddresses: Bool = Defaults.allowPrivateAddresses
    /// Schemes that may be contacted, on the first request and after every redirect: http and https,
    /// or only https. Anything else is `blocked` whatever this says.
    public var allowedSchemes: Set<String> = ["http", "https"]
    /// A PEM bundle of extra trusted certificate authorities (an intranet CA), or `nil` for the
    /// system store only. Verification itself is never switched off. [CURLOPT_CAINFO]
    public var certificateAuthorityFile: String? = nil

    public init() {}

    /// The named defaults. Changing one changes the documented behaviour: update the policy docs too.
    public enum Defaults {
        public static let connectTimeout: Duration = .seconds(10)
        public static let totalTimeout: Duration = .seconds(30)
        public static let lowSpeedLimit = 1_024
        public static let lowSpeedTime = 15
        public static let linkDeadline: Duration = .seconds(60)
        public static let totalConcurrency = 64
        public static let perHostConcurrency = 6
        public static let perHostInterval: Duration = .zero
        public static let maxHostSlowdown: Duration = .seconds(30)
        public static let maxRetries = 2
        public static let retryBaseDelay: Duration = .seconds(1)
        public static let maxRetryDelay: Duration = .seconds(30)
        public static let retryAfterCap: Duration = .seconds(60)
        public static let userAgent = "presskit/0.1 (+contact)"
        public static let maxRedirects = 10
        public static let maxBodyBytes = 16_384
        public static let keptBodyBytes = 1_024
        public static let maxContentLength: Int64? = 100 * 1_024 * 1_024 * 1_024
        public static let probeBudget = 256 * 1_024
        public static let probeFirstRead = 16 * 1_024
        public static let probeMaxRequests = 4
        /// English and French wordings of the usual missing-page titles (CMS defaults, nginx,
        /// Apache, IIS), specific enough that a news headline does not match.
        public static let softNotFoundPatterns = [
            "page not found", "page cannot be found", "page could not be found", "page can't be found",
            "page does not exist", "page doesn't exist", "page no longer exists", "404 not found", "error 404",
            "404 error", "file or directory not found", "document not found",
            "page introuvable", "page est introuvable", "page non trouvée", "page inexistante",
            "page n'existe pas", "page n'existe plus", "erreur 404", "document introuvable", "fichier introuvable",
        ]
        public static let allowPrivateAddresses = false
    }
}

extension Duration {
    /// Whole milliseconds, rounded down, for libcurl's `_MS` options.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// `60s` or `250ms`, as the policy file writes durations.
    var shortText: String {
        let milliseconds = milliseconds
        return milliseconds % 1_000 == 0 ? "\(milliseconds / 1_000)s" : "\(milliseconds)ms"
    }

    /// Seconds as a `Double`, for clocks and arithmetic on deadlines.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
