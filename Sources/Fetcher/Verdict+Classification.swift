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
    var status: Int?
    var headers = ResponseHeaders()
    var redirects: [RedirectHop] = []
    /// The effective length limit (request override, else configuration).
    var lengthLimit: Int64?
    var acceptableContentTypes: [String]?
}

extension Verdict {
    /// libcurl errors that mean TLS failed: handshake (35), certificate problems (53, 54, 58, 59,
    /// 60, 64, 66, 77, 80, 82, 83, 90, 91). https://curl.se/libcurl/c/libcurl-errors.html
    static let tlsErrors: Set<Int> = [35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91]
    /// Connection broke mid-way: partial file (18), empty reply (52), send/recv failure (55, 56),
    /// HTTP/2 framing and stream errors (16, 92).
    static let resetErrors: Set<Int> = [16, 18, 52, 55, 56, 92]
    /// Response headers by which bot walls announce themselves.
    static let botWallHeaders = ["cf-mitigated", "x-amzn-waf-action", "x-datadome"]

    /// The one classifier: evidence in, verdict and an optional specific detail out.
    ///
    /// Order matters and is the documented precedence: blocked, then the check's own broken reasons
    /// (redirect chain, malformed URL, header flood: these explain any curl error they caused), then
    /// transport failures (curl code), then the final HTTP status, then size and type on a success.
    static func classify(_ evidence: Evidence) -> (verdict: Verdict, detail: String?) {
        if let reason = evidence.blockedReason { return (.blocked, reason) }
        if let problem = evidence.brokenReason { return (.broken, problem) }
        if let transport = transportVerdict(evidence.curlCode) { return (transport, nil) }
        guard let status = evidence.status, status > 0 else {
            return (.broken, "no HTTP response")
        }
        if let failure = statusVerdict(status, headers: evidence.headers) { return failure }

        if let limit = evidence.lengthLimit, let length = evidence.headers.declaredLength, length > limit {
            return (.tooLarge, "declared \(length) bytes, limit \(limit)")
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
    static func statusVerdict(_ status: Int, headers: ResponseHeaders) -> (Verdict, String?)? {
        if (200...299).contains(status) || status == 304 { return nil }
        if status == 999 { return (.unverifiable, "status 999 (LinkedIn's bot wall)") }
        if [403, 429, 503].contains(status),
           let marker = botWallHeaders.first(where: { headers[$0] != nil }) {
            return (.unverifiable, "\(status) with \(marker): \(headers[marker] ?? "")")
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
        served[..<(served.firstIndex(of: ";") ?? served.endIndex)].trimmingCharacters(in: " \t").cheapLowercased
    }

    /// Whether a media type `essence` matches `pattern`; the served type is normalised once per
    /// check, not once per acceptable pattern.
    static func essence(_ type: String, matches pattern: String) -> Bool {
        let wanted = pattern.trimmingCharacters(in: " \t").cheapLowercased
        if wanted == "*/*" || wanted == type { return true }
        if wanted.hasSuffix("/*") { return type.hasPrefix(String(wanted.dropLast())) }
        return false
    }
}
