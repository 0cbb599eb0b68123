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
        if let plain = plain(text) {
            guard allowed.contains(plain.scheme) else { return .failure(.schemeNotAllowed(plain.scheme)) }
            return .success(plain)
        }
        guard let colon = text.firstIndex(of: ":") else { return .failure(.malformed) }
        let scheme = text[..<colon].lowercased()
        guard allowedSchemes.contains(scheme), allowed.contains(scheme) else { return .failure(.schemeNotAllowed(scheme)) }
        return parseWithCurl(text, scheme: scheme)
    }

    /// `parse` through libcurl's URL API, for any URL `plain` does not vouch for.
    static func parseWithCurl(_ text: String, scheme: String) -> Result<LinkURL, Problem> {
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

    /// The URL as libcurl's URL API would give it back, without calling it, when `text` is in the
    /// plainest form: `http` or `https` in lower case, `://`, a lower-case host name whose last label
    /// starts with a letter or a dotted quad in canonical form, an optional port (1–65535 in canonical
    /// digits, not the scheme's default), and a path of unreserved characters (no `.` or `..`
    /// segments, no `%`) with an optional query of the same characters and `=`, `&`. Such a URL has no
    /// credentials and nothing for libcurl to normalise, so host and redacted form are read off the
    /// text; anything else (or anything doubtful) is nil and goes through libcurl's parser.
    /// `LinkURLTests` holds this to `parseWithCurl` for URLs on both sides of every rule. Parsing
    /// each catalogue URL with `curl_url` before libcurl parsed it again for the request was about
    /// 20,000 instructions per link of a check. Only the host and the redacted form depend on it:
    /// libcurl requests `text` itself, the scheme is judged before, and addresses per connection.
    static func plain(_ text: String) -> LinkURL? {
        var bytes = text
        guard let (host, isHTTPS) = bytes.withUTF8({ b -> (host: String, isHTTPS: Bool)? in
            let isHTTPS: Bool
            var i: Int
            if b.starts(with: "http://".utf8) {
                (isHTTPS, i) = (false, 7)
            } else if b.starts(with: "https://".utf8) {
                (isHTTPS, i) = (true, 8)
            } else {
                return nil
            }
            // Host: labels of [a-z0-9-], none empty.
            let hostStart = i
            var labelStart = i
            var digitsOnly = true, dots = 0
            var lastLabelFirst: UInt8 = 0
            while i < b.count, b[i] != UInt8(ascii: ":"), b[i] != UInt8(ascii: "/") {
                let c = b[i]
                if c == UInt8(ascii: ".") {
                    guard i > labelStart else { return nil }
                    dots += 1
                    labelStart = i + 1
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) {
                    if i == labelStart { lastLabelFirst = c }
                } else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || c == UInt8(ascii: "-") {
                    if i == labelStart { lastLabelFirst = c }
                    digitsOnly = false
                } else {
                    return nil
                }
                i += 1
            }
            guard i > labelStart, i < b.count else { return nil }
            let host = UnsafeBufferPointer(rebasing: b[hostStart..<i])
            if digitsOnly {
                // Only a canonical dotted quad: libcurl rewrites other numeric hosts (127.1, 0177.0.0.1).
                guard dots == 3 else { return nil }
                for part in host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                    guard part.count <= 3, part.count == 1 || part.first != UInt8(ascii: "0"),
                          part.reduce(0, { $0 * 10 + Int($1 - UInt8(ascii: "0")) }) <= 255
                    else { return nil }
                }
            } else {
                // A last label starting with a digit may be a number to libcurl (0x7f.1, a.0x1).
                guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lastLabelFirst) else { return nil }
            }
            if b[i] == UInt8(ascii: ":") {
                i += 1
                let portStart = i
                var port = 0
                while i < b.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]), i - portStart < 5 {
                    port = port * 10 + Int(b[i] - UInt8(ascii: "0"))
                    i += 1
                }
                guard i > portStart, b[portStart] != UInt8(ascii: "0"), port <= 65_535, port != (isHTTPS ? 443 : 80),
                      i < b.count
                else { return nil }
            }
            guard b[i] == UInt8(ascii: "/") else { return nil }
            // Path, then an optional query.
            var segmentStart = i + 1
            var inQuery = false
            func isDotSegment(_ end: Int) -> Bool {
                let length = end - segmentStart
                return (length == 1 || length == 2) && b[segmentStart..<end].allSatisfy { $0 == UInt8(ascii: ".") }
            }
            i += 1
            while i < b.count {
                let c = b[i]
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                     UInt8(ascii: "~"):
                    break
                case UInt8(ascii: "/"):
                    if !inQuery {
                        guard !isDotSegment(i) else { return nil }
                        segmentStart = i + 1
                    }
                case UInt8(ascii: "?"):
                    guard !inQuery, !isDotSegment(i) else { return nil }
                    inQuery = true
                case UInt8(ascii: "="), UInt8(ascii: "&"):
                    guard inQuery else { return nil }
                default:
                    return nil
                }
                i += 1
            }
            // An empty query is dropped by libcurl.
            if inQuery ? b[i - 1] == UInt8(ascii: "?") : isDotSegment(i) { return nil }
            return (String(decoding: host, as: UTF8.self), isHTTPS)
        }) else { return nil }
        return LinkURL(text: text, scheme: isHTTPS ? "https" : "http", host: host, redacted: text)
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
