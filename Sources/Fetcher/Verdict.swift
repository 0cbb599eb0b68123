import LinkVocabulary

/// What a check concludes about a link, in the press office's words.
///
/// Each case documents its rule; `Verdict.classify` (Verdict+Classification.swift) is the one place
/// that applies them. Modelled on lychee's `types/status.rs`: callers never re-derive a verdict
/// from status codes themselves.
public enum Verdict: Sendable, Hashable {
    /// A 2xx, or 304 Not Modified for a conditional request; temporary redirects (302, 303, 307)
    /// along the way do not matter.
    case ok
    /// The link works but the chain starts with permanent redirects (301, 308): `newURL` is where
    /// the last of those leading permanent redirects points, the URL to put in the catalogue.
    /// A permanent redirect after a temporary one does not count: the catalogue URL is still right.
    case redirected(newURL: String)
    /// 404, 410 and any other 4xx (after the `HEAD` fallback), also when a `GET` of the same check
    /// (the probe's) got it after `HEAD` said 200; a soft 404 (a page whose headline says it is
    /// missing, or a deep link redirected to the home page); also a redirect loop, too many
    /// redirects, a redirect without a `Location`, a reply that is not HTTP, headers too large, or a
    /// malformed URL.
    case broken
    /// 5xx after retries (502–504 are retried, 500 and 501 are not).
    case serverError
    /// 429 Too Many Requests after retries.
    case rateLimited
    /// Connect, total or low-speed timeout (libcurl error 28), or the link's deadline reached.
    case timeout
    /// The host name does not resolve (libcurl error 6).
    case dns
    /// Nothing listens: the connection was refused or could not be made (libcurl error 7).
    case refused
    /// The connection broke mid-way: reset, empty reply, or a body shorter than its declared
    /// Content-Length (libcurl errors 18, 52, 55, 56 and HTTP/2 stream errors).
    case reset
    /// TLS failed: expired, self-signed or wrong-host certificate, handshake error.
    case tls
    /// The served content type is none of the request's `acceptableContentTypes` (text/html where
    /// a b-roll should be is usually a login wall or a soft 404).
    case wrongType
    /// The declared length (Content-Length or Content-Range total) exceeds the limit, or cannot be
    /// read as a size at all (past 2^63 − 1, or not digits).
    case tooLarge
    /// Not contacted on purpose: a scheme other than http/https (also as a redirect target), or an
    /// address refused by `AddressPolicy` on the connection actually attempted.
    case blocked
    /// A bot wall that says nothing about the link: status 999 (LinkedIn), or 403/429/503 from a
    /// firewall of the table in `Firewall.all` (Verdict+Classification.swift). Not broken: staff
    /// should not be alerted for a CDN's robot check.
    case unverifiable

    /// The verdict in the shared vocabulary, without what only a fresh check knows (the new URL).
    public var linkVerdict: LinkVerdict {
        switch self {
        case .ok: .ok
        case .redirected: .redirected
        case .broken: .broken
        case .serverError: .serverError
        case .rateLimited: .rateLimited
        case .timeout: .timeout
        case .dns: .dns
        case .refused: .refused
        case .reset: .reset
        case .tls: .tls
        case .wrongType: .wrongType
        case .tooLarge: .tooLarge
        case .blocked: .blocked
        case .unverifiable: .unverifiable
        }
    }

    /// A verdict from the shared vocabulary; `newURL` is where a `redirected` link now leads.
    public init(_ verdict: LinkVerdict, newURL: String?) {
        switch verdict {
        case .ok: self = .ok
        case .redirected: self = .redirected(newURL: newURL ?? "")
        case .broken: self = .broken
        case .serverError: self = .serverError
        case .rateLimited: self = .rateLimited
        case .timeout: self = .timeout
        case .dns: self = .dns
        case .refused: self = .refused
        case .reset: self = .reset
        case .tls: self = .tls
        case .wrongType: self = .wrongType
        case .tooLarge: self = .tooLarge
        case .blocked: self = .blocked
        case .unverifiable: self = .unverifiable
        }
    }

    /// The verdict's name as the issue, the JSON output and the database spell it.
    public var name: String { linkVerdict.rawValue }

    /// The link works for a journalist (a permanent redirect works too, it just should be updated).
    public var isSuccess: Bool { linkVerdict.isSuccess }

    /// The failure can be transient, so trying again later may change the verdict. The exact rule
    /// of which responses are retried within one check lives in `RetryRules`, which only narrows this.
    public var isRetryable: Bool { linkVerdict.isRetryable }

    /// One sentence a press officer can act on.
    public var hint: String {
        switch self {
        case .ok: "The link works."
        case .redirected(let newURL): "The link moved permanently; update the catalogue to \(newURL)."
        case .broken: "The link does not lead to the file; ask its owner for a working URL."
        case .serverError: "The server failed; try again later or tell its operator."
        case .rateLimited: "The server asked us to slow down; lower the per-host rate or check later."
        case .timeout: "The server answered too slowly or not at all; check again later."
        case .dns: "The host name does not exist; check the URL for typos or an expired domain."
        case .refused: "Nothing answers at that address; the server may be down or moved."
        case .reset: "The connection broke off; the server or a network in between is unstable."
        case .tls: "The secure connection failed (certificate expired, self-signed or for another host)."
        case .wrongType: "The link serves the wrong kind of file, often a login page or a soft 404."
        case .tooLarge: "The file is larger than the limit for this kind of asset."
        case .blocked: "Not contacted: the scheme or address is not allowed by the link-check policy."
        case .unverifiable: "A bot wall answered; open the link in a browser to verify it."
        }
    }
}
