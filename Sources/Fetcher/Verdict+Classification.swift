import MediaProbe

/// Everything the classifier looks at for one finished check.
struct Evidence: Sendable {
    /// libcurl's result for the last request; 0 (CURLE_OK) when a response arrived. A body read
    /// stopped on purpose at `maxBodyBytes` counts as 0.
    var curlCode: Int = 0
    /// Set when the check refused to connect or to follow (scheme, address policy).
    var blockedReason: String?
    /// Set when the check ended as `broken` for a reason of its own rather than a status: a redirect
    /// loop, too many redirects, a malformed URL or redirect target, a request that could not start.
    var brokenReason: String?
    /// Set when the link's deadline ran out between its requests.
    var timeoutReason: String?
    var status: Int?
    var headers = ResponseHeaders()
    var redirects: [RedirectHop] = []
    /// The effective length limit (request override, else configuration).
    var lengthLimit: Int64?
    var acceptableContentTypes: [String]?
    /// The first body bytes of the last response, when it had a body (block pages are read from them).
    var body: [UInt8] = []
    /// The URL the check started from and the one it ended at (both without credentials).
    var requestedURL: String?
    var finalURL: String?
}

extension Verdict {
    /// libcurl errors that mean TLS failed: handshake (35), certificate problems (53, 54, 58, 59,
    /// 60, 64, 66, 77, 80, 82, 83, 90, 91). https://curl.se/libcurl/c/libcurl-errors.html
    static let tlsErrors: Set<Int> = [35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91]
    /// Connection broke mid-way: partial file (18), empty reply (52), send/recv failure (55, 56),
    /// HTTP/2 framing and stream errors (16, 92).
    static let resetErrors: Set<Int> = [16, 18, 52, 55, 56, 92]
    /// Statuses with which bot managers and firewalls refuse a request they take for a robot.
    static let refusalStatuses: Set<Int> = [403, 429, 503]

    /// The one classifier: evidence in, verdict and an optional specific detail out.
    ///
    /// Order matters and is the documented precedence: blocked, then the check's own broken reasons
    /// (redirect chain, malformed URL, header flood: these explain any curl error they caused), the
    /// link's deadline, then transport failures (curl code), then the final HTTP status (firewalls
    /// included), then size, a redirect to the home page, and type on a success. What later `GET`s
    /// of the check found is weighed afterwards, by `reconsider`.
    static func classify(_ evidence: Evidence) -> (verdict: Verdict, detail: String?) {
        if let reason = evidence.blockedReason { return (.blocked, reason) }
        if let problem = evidence.brokenReason { return (.broken, problem) }
        if let reason = evidence.timeoutReason { return (.timeout, reason) }
        // libcurl refuses a Content-Length it cannot read as a weird reply (8) after the header callback saw it.
        if evidence.curlCode == 8, case .unreadable(let text) = evidence.headers.length {
            return (.tooLarge, unreadableLength(text))
        }
        if let transport = transportVerdict(evidence.curlCode) { return (transport, nil) }
        guard let status = evidence.status, status > 0 else {
            return (.broken, "no HTTP response")
        }
        if let failure = statusVerdict(status, headers: evidence.headers, body: evidence.body) { return failure }

        switch evidence.headers.length {
        case .unreadable(let text):
            return (.tooLarge, unreadableLength(text))
        case .bytes(let length):
            if let limit = evidence.lengthLimit, length > limit { return (.tooLarge, "declared \(length) bytes, limit \(limit)") }
        case .unknown:
            break
        }
        if let home = homePageLanding(from: evidence.requestedURL, to: evidence.finalURL, redirects: evidence.redirects) {
            return (.broken, "\(softNotFoundPrefix)a deep link redirects to the site's home page \(home)")
        }
        if let accepted = evidence.acceptableContentTypes, !accepted.isEmpty,
           let served = evidence.headers["content-type"],
           case let type = essence(served),
           !accepted.contains(where: { essence(type, matches: $0) }) {
            return (.wrongType, "served \(served)")
        }
        if let newURL = permanentDestination(of: evidence.redirects) {
            return (.redirected(newURL: newURL), nil)
        }
        return (.ok, nil)
    }

    private static func unreadableLength(_ text: String) -> String {
        "declared length '\(text.prefix(40))' is beyond any size presskit can handle"
    }

    /// A verdict for a transfer that failed below HTTP; `nil` when a response arrived.
    static func transportVerdict(_ code: Int) -> Verdict? {
        switch code {
        case 0: nil
        case 5, 6: .dns
        case 7: .refused
        case 28: .timeout
        case _ where tlsErrors.contains(code): .tls
        case _ where resetErrors.contains(code): .reset
        // 1 after our own scheme check means libcurl refused an HTTP/0.9 (non-HTTP) reply;
        // 8 is a reply libcurl could not parse; 3 a malformed URL; the rest are unexpected.
        default: .broken
        }
    }

    /// A verdict for a final status that is not a success; `nil` for 2xx and 304.
    /// `body` is what the response's body began with, if it had one (block pages are told by it).
    static func statusVerdict(_ status: Int, headers: ResponseHeaders, body: [UInt8] = []) -> (Verdict, String?)? {
        if (200...299).contains(status) || status == 304 { return nil }
        if status == 999 { return (.unverifiable, "status 999 (LinkedIn's bot wall)") }
        if refusalStatuses.contains(status), let (firewall, evidence) = Firewall.recognise(headers: headers, body: body) {
            return (.unverifiable, "\(firewall.name)\(Firewall.refusalWords)(\(status), \(evidence))")
        }
        switch status {
        case 429: return (.rateLimited, nil)
        case 300...399: return (.broken, "redirect \(status) without a usable Location")
        case 400...499: return (.broken, "HTTP \(status)")
        case 500...599: return (.serverError, "HTTP \(status)")
        default: return (.broken, "unexpected status \(status)")
        }
    }

    /// Where the chain's leading permanent redirects end, if it starts with any.
    static func permanentDestination(of redirects: [RedirectHop]) -> String? {
        var destination: String?
        for hop in redirects {
            guard hop.isPermanent else { break }
            destination = hop.location
        }
        return destination
    }

    /// Whether a Content-Type (`video/mp4; codecs=…`) matches a pattern (`video/mp4`, `video/*`, `*/*`).
    static func mediaType(_ served: String, matches pattern: String) -> Bool {
        essence(essence(served), matches: pattern)
    }

    /// A Content-Type without its parameters, trimmed and lowercased: `video/mp4`.
    static func essence(_ served: String) -> String {
        let utf8 = served.utf8
        return mediaToken(served[..<(utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex)])
    }

    /// Whether a media type `essence` matches `pattern`; the served type is normalised once per
    /// check, not once per acceptable pattern.
    static func essence(_ type: String, matches pattern: String) -> Bool {
        let wanted = mediaToken(pattern[...])
        if wanted == "*/*" || wanted == type { return true }
        if wanted.hasSuffix("/*") { return type.hasPrefix(String(wanted.dropLast())) }
        return false
    }

    /// `text` without the spaces and tabs around it, lowercased, looking only at its ends: through
    /// the generic `trimmingCharacters(in:)` (a set lookup per byte, a String per pattern) the
    /// media types were 4,500 instructions of every 200 response's classification.
    private static func mediaToken(_ text: Substring) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        while start < end, isBlank(utf8[start]) { start = utf8.index(after: start) }
        while start < end, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(text[start..<end]).cheapLowercased
    }
}

// MARK: Firewalls and bot managers

/// A bot manager or web application firewall, told by the headers and block pages its vendor
/// documents. One table, here, so a new one is a line rather than a hunt through callers.
///
/// Its refusal says nothing about the link (a data-centre address is refused what a journalist's
/// browser gets), so it is `unverifiable`, never `broken`: a scheduled run must not report a whole
/// site dead because its CDN took presskit for a robot.
struct Firewall: Sendable {
    let name: String
    /// Header fields (lowercased name, lowercased fragment of the value; "" for any value) that only
    /// this firewall's refusals carry.
    let headers: [(name: String, value: String)]
    /// Lowercased fragments of its block pages; one of them is enough.
    let pages: [String]

    /// What follows the firewall's name in a verdict's detail; `Verdict.hint(detail:)` looks for it.
    static let refusalWords = " refused presskit "

    /// Sources: each vendor's documentation of its block pages and headers, cross-checked with the
    /// fingerprints of wafw00f (github.com/EnableSecurity/wafw00f, plugins/).
    static let all: [Firewall] = [
        // developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/
        Firewall(name: "Cloudflare", headers: [("cf-mitigated", "")],
                 pages: ["attention required! | cloudflare", "cf-error-details", "cloudflare ray id", "_cf_chl_opt"]),
        // Akamai's edge refusal: `Server: AkamaiGHost`, "Access Denied … Reference #18.…" (errors.edgesuite.net).
        // The page writes the reference and the link with entities, dots included: `Reference&#32;&#35;18&#46;…`.
        Firewall(name: "Akamai", headers: [("server", "akamaighost")],
                 pages: ["reference&#32;&#35;18&#46;", "reference #18.", "errors&#46;edgesuite&#46;net", "errors.edgesuite.net"]),
        // docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge.html (x-amzn-waf-action);
        // CloudFront's own block page: "Request blocked … Generated by cloudfront (CloudFront)".
        Firewall(name: "AWS CloudFront/WAF", headers: [("x-amzn-waf-action", "")],
                 pages: ["generated by cloudfront (cloudfront)"]),
        // Imperva (Incapsula): "Request unsuccessful. Incapsula incident ID: …", /_Incapsula_Resource.
        Firewall(name: "Imperva Incapsula", headers: [],
                 pages: ["incapsula incident id", "_incapsula_resource", "the incident id is:"]),
        // docs.sucuri.net: `X-Sucuri-Block`, "Sucuri WebSite Firewall - Access Denied".
        Firewall(name: "Sucuri", headers: [("x-sucuri-block", ""), ("server", "sucuri")],
                 pages: ["sucuri website firewall", "cloudproxy@sucuri.net"]),
        // docs.datadome.co: `X-DataDome`, `X-DD-B`, captcha pages from captcha-delivery.com.
        Firewall(name: "DataDome", headers: [("x-datadome", ""), ("x-dd-b", "")],
                 pages: ["captcha-delivery.com"]),
        // PerimeterX (HUMAN) block page: window._pxAppId, #px-captcha, perimeterx.net/whywasiblocked.
        Firewall(name: "PerimeterX", headers: [],
                 pages: ["_pxappid", "px-captcha", "perimeterx.net/whywasiblocked", "captcha.px-cdn.net"]),
    ]

    /// The firewall whose refusal this response is, and what showed it.
    static func recognise(headers: ResponseHeaders, body: [UInt8]) -> (Firewall, String)? {
        for firewall in all {
            for marker in firewall.headers {
                guard let value = headers[marker.name] else { continue }
                if marker.value.isEmpty || value.cheapLowercased.contains(marker.value) {
                    return (firewall, "\(marker.name): \(value.prefix(60))")
                }
            }
        }
        guard !body.isEmpty else { return nil }
        let page = String(decoding: body.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        for firewall in all where firewall.pages.contains(where: page.contains) {
            return (firewall, "its block page")
        }
        return nil
    }
}

// MARK: What a download gets

extension Verdict {
    /// How a soft 404's detail starts; `hint(detail:)` repeats it to staff.
    static let softNotFoundPrefix = "soft 404: "

    /// A working verdict reconsidered with what the check's later `GET`s found: a probe's ranged
    /// `GET` answered with an error (a `HEAD` that says 200 where `GET` says 404), or the page's
    /// title or first heading saying it is missing. `nil` keeps the verdict; `getStatus` is the
    /// status of the `GET` that decided, which then is the status to record.
    static func reconsider(_ verdict: Verdict, method: RequestMethod, status: Int?, contentType: String?,
                           laterGET: (status: Int, headers: ResponseHeaders, body: [UInt8])?,
                           headline: PageHeadline?, softNotFoundPatterns: [String]) -> (verdict: Verdict, detail: String, getStatus: Int?)? {
        guard verdict.isSuccess || verdict == .wrongType || verdict == .tooLarge else { return nil }
        // 416: the range lies beyond an empty or shrunken file; that says nothing against the link.
        if let get = laterGET, get.status != 416, (400...599).contains(get.status) {
            let (failed, detail) = statusVerdict(get.status, headers: get.headers, body: get.body) ?? (.broken, nil)
            let answered = "\(method.rawValue) answered \(status.map(String.init) ?? "nothing"), GET \(get.status)"
            return (failed, detail.map { failed == .unverifiable ? "\(answered): \($0)" : answered } ?? answered, get.status)
        }
        // A page where a file should be (`wrong-type`) that says it is missing is plainly a soft 404.
        guard verdict.isSuccess || verdict == .wrongType, let contentType,
              ["text/html", "application/xhtml+xml"].contains(essence(contentType)),
              let headline, let said = missingPage(headline, patterns: softNotFoundPatterns)
        else { return nil }
        return (.broken, "\(softNotFoundPrefix)the page says \"\(said)\"", nil)
    }

    /// The policy's last word: a final HTTP status the office accepts as working (`accepted_statuses`)
    /// makes a failing verdict `ok`; the detail still says what was answered. Weighed after
    /// `reconsider`, on the status the check records (a probe's `GET`'s when that decided), so it
    /// also covers a `HEAD` 200 whose `GET` answered an accepted status.
    static func accepting(_ verdict: Verdict, status: Int?, accepted: Set<Int>) -> Verdict {
        guard !verdict.isSuccess, let status, accepted.contains(status) else { return verdict }
        return .ok
    }

    /// The title or first heading when one of them says the page is missing (`patterns`, matched
    /// case-insensitively anywhere in it). Body text is never read: a story may mention "not found".
    static func missingPage(_ headline: PageHeadline, patterns: [String]) -> String? {
        for text in [headline.title, headline.heading].compactMap({ $0 }) {
            let normalised = text.replacingApostrophes.lowercased()
            if patterns.contains(where: { !$0.isEmpty && normalised.contains($0.replacingApostrophes.lowercased()) }) {
                return text.count > 80 ? String(text.prefix(79)) + "…" : text
            }
        }
        return nil
    }

    /// The home page a deep link was redirected to (a soft 404 many sites serve for a removed page),
    /// or `nil`. Deep: a path other than `/` and `/index.*`; home: the same site (`www.` aside) at `/`.
    static func homePageLanding(from requested: String?, to final: String?, redirects: [RedirectHop]) -> String? {
        guard !redirects.isEmpty, let requested, let final,
              let start = LinkURL.siteAndPath(requested), let end = LinkURL.siteAndPath(final),
              start.site == end.site, end.path == "/" || end.path.isEmpty
        else { return nil }
        let segments = start.path.split(separator: "/")
        guard let first = segments.first, !(segments.count == 1 && first.lowercased().hasPrefix("index.")) else { return nil }
        return final
    }

    /// The hint for this verdict with its detail: which firewall refused, what a soft 404 said,
    /// and which policy key lets a private address through.
    public func hint(detail: String?) -> String {
        guard let detail else { return hint }
        switch self {
        case .unverifiable:
            if let firewall = Firewall.all.first(where: { detail.contains($0.name + Firewall.refusalWords) }) {
                return "\(firewall.name)'s firewall refused presskit, which says nothing about the link: check it from a browser, and ask the site to allow presskit's user agent."
            }
        case .broken:
            if detail.hasPrefix(Self.softNotFoundPrefix) { return "\(detail); ask its owner for a working URL." }
        case .blocked:
            if detail.contains(AddressPolicy.privateRefusalWords) {
                return "Not contacted: the address is private; set allow_private_addresses: true in link-check.yaml if the link is on your own network."
            }
        default:
            break
        }
        return hint
    }
}

private extension String {
    /// Typographic apostrophes as ASCII ones, so "n’existe pas" matches "n'existe pas".
    var replacingApostrophes: String { String(map { $0 == "\u{2019}" ? "'" : $0 }) }
}
