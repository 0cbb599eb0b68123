import CCurl

/// A URL as libcurl's own parser sees it (https://curl.se/libcurl/c/curl_url.html), so the host we
/// schedule by and the scheme we judge are the ones libcurl will actually use.
struct LinkURL: Sendable, Hashable {
    /// The URL as given, credentials included, for libcurl to request.
    var text: String { original ?? redacted }
    /// Kept only when it differs from `redacted` (credentials, unnormalised spelling), so a queued
    /// check usually holds one copy of its URL.
    private let original: String?
    /// Lowercased, e.g. "https".
    let scheme: String
    /// Lowercased host name or address literal; the scheduler's per-host key.
    let host: String
    /// The normalised URL with any `user:password@` removed, safe to record and print.
    let redacted: String
    /// The URL carries a user name or password.
    let hasCredentials: Bool

    init(text: String, scheme: String, host: String, redacted: String, hasCredentials: Bool = false) {
        original = text == redacted ? nil : text
        self.scheme = scheme
        self.host = host
        self.redacted = redacted
        self.hasCredentials = hasCredentials
    }

    /// The same URL without its user name and password, for a redirect target: credentials a
    /// server's Location supplies are never sent (curl would send them as `Authorization: Basic`).
    var withoutCredentials: LinkURL {
        LinkURL(text: redacted, scheme: scheme, host: host, redacted: redacted)
    }

    /// The most a configuration may allow; `FetchConfiguration.allowedSchemes` may narrow it to https.
    static let allowedSchemes: Set<String> = ["http", "https"]

    /// Why a URL cannot be checked.
    enum Problem: Error {
        /// Not http or https (file://, ftp://, gopher://, dict://, …): never contacted.
        case schemeNotAllowed(String)
        case malformed
    }

    /// Parses `text`, refusing schemes other than `allowed` (never more than http and https) before
    /// anything is contacted.
    static func parse(_ text: String, allowed: Set<String> = allowedSchemes) -> Result<LinkURL, Problem> {
        guard let colon = text.firstIndex(of: ":") else { return .failure(.malformed) }
        let scheme = text[..<colon].lowercased()
        guard allowedSchemes.contains(scheme), allowed.contains(scheme) else { return .failure(.schemeNotAllowed(scheme)) }
        guard let handle = curl_url() else { return .failure(.malformed) }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK,
              let host = part(handle, CURLUPART_HOST)
        else { return .failure(.malformed) }
        let hasCredentials = part(handle, CURLUPART_USER) != nil || part(handle, CURLUPART_PASSWORD) != nil
        curl_url_set(handle, CURLUPART_USER, nil, 0)
        curl_url_set(handle, CURLUPART_PASSWORD, nil, 0)
        let normalised = part(handle, CURLUPART_URL) ?? text
        // Reuse the caller's string when nothing changed: one copy per queued check, not two.
        let redacted = normalised == text ? text : normalised
        return .success(LinkURL(text: text, scheme: scheme, host: host.lowercased(), redacted: redacted,
                                hasCredentials: hasCredentials))
    }

    /// The URL without credentials if it parses, otherwise only its scheme (nothing that could
    /// carry a secret).
    static func redact(_ text: String) -> String {
        switch parse(text) {
        case .success(let url): return url.redacted
        case .failure(.schemeNotAllowed(let scheme)): return "\(scheme):…"
        case .failure(.malformed): return "(malformed URL)"
        }
    }

    /// Whether a URL reference as written (absolute, `//host/…` or relative) names a user or password
    /// in its authority.
    static func hasUserInfo(_ reference: String) -> Bool {
        // The authority follows the first "//", when only a scheme (or nothing) comes before it.
        let characters = Array(reference)
        guard let slashes = characters.indices.first(where: { characters[$0] == "/" }),
              slashes + 1 < characters.count, characters[slashes + 1] == "/"
        else { return false }
        let before = characters[..<slashes]
        guard before.isEmpty || before.last == ":" else { return false }
        let authority = characters[(slashes + 2)...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }

    /// The site (host without a leading `www.`, with its port) and path of an http(s) URL, for telling
    /// a redirect to a site's home page.
    static func siteAndPath(_ text: String) -> (site: String, path: String)? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK, var host = part(handle, CURLUPART_HOST)?.lowercased()
        else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        let port = part(handle, CURLUPART_PORT).map { ":" + $0 } ?? ""
        return (host + port, part(handle, CURLUPART_PATH) ?? "/")
    }

    private static func part(_ handle: OpaquePointer, _ what: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, what, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
