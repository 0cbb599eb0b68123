@testable import Fetcher
import LinkVocabulary
import Testing

@Suite("The one classifier")
struct ClassifierTests {
    private func verdict(curl: Int = 0, status: Int? = 200, headers: [(String, String)] = [],
                         redirects: [RedirectHop] = [], limit: Int64? = nil, types: [String]? = nil) -> Verdict {
        var evidence = Evidence()
        evidence.curlCode = curl
        evidence.status = status
        evidence.headers = ResponseHeaders(headers)
        evidence.redirects = redirects
        evidence.lengthLimit = limit
        evidence.acceptableContentTypes = types
        return Verdict.classify(evidence).verdict
    }

    @Test func transportFailures() {
        #expect(verdict(curl: 6, status: nil) == .dns)
        #expect(verdict(curl: 7, status: nil) == .refused)
        #expect(verdict(curl: 28, status: nil) == .timeout)
        #expect(verdict(curl: 60, status: nil) == .tls)
        #expect(verdict(curl: 35, status: nil) == .tls)
        #expect(verdict(curl: 56, status: nil) == .reset)
        #expect(verdict(curl: 52, status: nil) == .reset)
        #expect(verdict(curl: 8, status: nil) == .broken)
        #expect(verdict(curl: 0, status: nil) == .broken)
    }

    @Test func statuses() {
        #expect(verdict(status: 200) == .ok)
        #expect(verdict(status: 206) == .ok)
        #expect(verdict(status: 304) == .ok)
        #expect(verdict(status: 404) == .broken)
        #expect(verdict(status: 302) == .broken)  // a 3xx left over means no usable Location
        #expect(verdict(status: 429) == .rateLimited)
        #expect(verdict(status: 502) == .serverError)
        #expect(verdict(status: 999) == .unverifiable)
        #expect(verdict(status: 403) == .broken)
        #expect(verdict(status: 403, headers: [("CF-Mitigated", "challenge")]) == .unverifiable)
        #expect(verdict(status: 503, headers: [("x-amzn-waf-action", "captcha")]) == .unverifiable)
    }

    @Test func permanentRedirectsCountOnlyAtTheStartOfTheChain() {
        let moved = RedirectHop(url: "http://a/1", status: 301, location: "http://a/2")
        let movedAgain = RedirectHop(url: "http://a/2", status: 308, location: "http://a/3")
        let temporary = RedirectHop(url: "http://a/3", status: 302, location: "http://cdn/x")
        #expect(verdict(redirects: [moved, movedAgain, temporary]) == .redirected(newURL: "http://a/3"))
        #expect(verdict(redirects: [temporary, moved]) == .ok)
        #expect(verdict(status: 404, redirects: [moved]) == .broken)
    }

    @Test func sizeAndType() {
        #expect(verdict(headers: [("Content-Length", "2000")], limit: 1_000) == .tooLarge)
        #expect(verdict(headers: [("Content-Length", "2000")], limit: 5_000) == .ok)
        #expect(verdict(status: 206, headers: [("Content-Range", "bytes 0-99/9000")], limit: 5_000) == .tooLarge)
        #expect(verdict(headers: [("Content-Type", "text/html")], types: ["video/*"]) == .wrongType)
        #expect(verdict(headers: [("Content-Type", "video/mp4; codecs=avc1")], types: ["video/*"]) == .ok)
        #expect(verdict(headers: [], types: ["video/*"]) == .ok)  // no type is not a wrong type
    }

    @Test func verdictProperties() {
        #expect(Verdict.redirected(newURL: "x").isSuccess)
        #expect(!Verdict.unverifiable.isSuccess)
        #expect(Verdict.timeout.isRetryable && !Verdict.dns.isRetryable && !Verdict.tls.isRetryable)
        #expect(Verdict.serverError.name == "server-error")
        #expect(Verdict.wrongType.name == "wrong-type")
        #expect(Verdict.tooLarge.hint.contains("larger"))
    }
}

@Suite("Retry rules")
struct RetryRulesTests {
    let rules = RetryRules(testConfiguration {
        $0.maxRetries = 3
        $0.retryBaseDelay = .seconds(1)
        $0.maxRetryDelay = .seconds(10)
        $0.retryAfterCap = .seconds(30)
    })

    @Test func whatIsRetried() {
        #expect(RetryRules.isRetryable(verdict: .rateLimited, status: 429))
        #expect(RetryRules.isRetryable(verdict: .serverError, status: 503))
        #expect(!RetryRules.isRetryable(verdict: .serverError, status: 500))
        #expect(RetryRules.isRetryable(verdict: .reset, status: nil))
        #expect(!RetryRules.isRetryable(verdict: .dns, status: nil))
        #expect(!RetryRules.isRetryable(verdict: .refused, status: nil))
        #expect(!RetryRules.isRetryable(verdict: .tls, status: nil))
        #expect(rules.allowsRetry(after: 3) && !rules.allowsRetry(after: 4))
    }

    /// `RetryRules` narrows the vocabulary's `isRetryable` (which statuses of a retryable verdict are
    /// retried) and never widens it: the two cannot disagree about a verdict.
    @Test func theRulesRetryOnlyRetryableVerdictsAndEachOfThemSometimes() {
        let statuses: [Int?] = [nil] + Array(100...599)
        for name in LinkVerdict.allCases {
            let verdict = Verdict(name, newURL: name == .redirected ? "https://example.org/new" : nil)
            let retriedAt = statuses.filter { RetryRules.isRetryable(verdict: verdict, status: $0) }
            if name.isRetryable {
                #expect(!retriedAt.isEmpty, "\(name) is retryable but never retried")
            } else {
                #expect(retriedAt.isEmpty, "\(name) is not retryable but retried")
            }
        }
    }

    @Test func backoffDoublesWithJitterAndIsCapped() {
        #expect(rules.delay(afterAttempt: 1, retryAfter: nil, jitter: 1) == .seconds(1))
        #expect(rules.delay(afterAttempt: 1, retryAfter: nil, jitter: 0) == .milliseconds(500))
        #expect(rules.delay(afterAttempt: 3, retryAfter: nil, jitter: 1) == .seconds(4))
        #expect(rules.delay(afterAttempt: 10, retryAfter: nil, jitter: 1) == .seconds(10))
    }

    @Test func retryAfterBothFormsAndCap() {
        #expect(RetryRules.retryAfter("120", now: 0) == .seconds(120))
        let now = HTTPDate.parse("Tue, 24 Nov 2026 12:00:00 GMT")!
        #expect(RetryRules.retryAfter("Tue, 24 Nov 2026 12:00:05 GMT", now: now) == .seconds(5))
        #expect(RetryRules.retryAfter("Tue, 24 Nov 2026 11:00:00 GMT", now: now) == .zero)
        #expect(RetryRules.retryAfter("soon", now: now) == nil)
        #expect(rules.delay(afterAttempt: 1, retryAfter: .seconds(3_600)) == .seconds(30))
    }
}

@Suite("Dates and headers")
struct ParsingTests {
    @Test func httpDateForms() {
        let expected = 784_111_777.0  // Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == expected)
        #expect(HTTPDate.format(expected) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parseCertificateTime("Nov  6 08:49:37 1994 GMT") == expected)
        #expect(HTTPDate.parse("yesterday") == nil)
    }

    @Test func headerFields() {
        var headers = ResponseHeaders()
        headers.consume(line: "HTTP/1.1 100 Continue\r\n")
        headers.consume(line: "X-Interim: yes\r\n")
        headers.consume(line: "HTTP/1.1 206 Partial Content\r\n")
        headers.consume(line: "Content-Range: bytes 0-16383/734003200\r\n")
        headers.consume(line: "Content-Disposition: attachment; filename=\"a.mp4\"; filename*=UTF-8''Pressekonferenz%20M%C3%BCnchen.mp4\r\n")
        #expect(headers["x-interim"] == nil)
        #expect(headers.declaredLength == 734_003_200)
        #expect(headers.dispositionFilename == "Pressekonferenz München.mp4")
        #expect(ResponseHeaders([("Content-Range", "bytes 0-1/*")]).declaredLength == nil)
    }

    @Test func headerLinesAreTrimmedAndNamesLowercased() {
        var headers = ResponseHeaders()
        headers.consume(line: "HTTP/2 200\r\n")
        headers.consume(line: "Content-Type:\t video/MP4 \r\n")
        headers.consume(line: "ETag: \"x y\"\n")
        headers.consume(line: "X-Empty:\r\n")
        headers.consume(line: "no colon here\r\n")
        headers.consume(line: "X-Ünïcode: café\r\n")
        headers.consume(line: "\r\n")
        #expect(headers.fields.map(\.name) == ["content-type", "etag", "x-empty", "x-ünïcode"])
        #expect(headers["CONTENT-TYPE"] == "video/MP4")
        #expect(headers["etag"] == "\"x y\"")
        #expect(headers["x-empty"] == "")
        #expect(headers["X-Ünïcode"] == "café")
        #expect(" \t a b \t".trimmingCharacters(in: " \t") == "a b")
        #expect("\"é\"".trimmingCharacters(in: "\"") == "é")
        #expect("   ".trimmingCharacters(in: " ") == "")
        #expect(Verdict.mediaType(" Video/MP4 ; codecs=x", matches: "video/*"))
        #expect(!Verdict.mediaType("text/html", matches: "video/mp4"))
    }

    @Test func linkURLs() throws {
        let url = try LinkURL.parse("HTTPS://user:pw@Press.Example.org/a.mp4").get()
        #expect(url.host == "press.example.org")
        #expect(url.scheme == "https")
        #expect(!url.redacted.contains("pw"))
        #expect(LinkURL.redact("ftp://user:pw@example.org/x") == "ftp:…")
        if case .failure(.schemeNotAllowed("javascript")) = LinkURL.parse("javascript:alert(1)") {} else {
            Issue.record("javascript: must be refused by scheme")
        }
    }
}
