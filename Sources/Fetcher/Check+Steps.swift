/// What the engine does after a response: the request strategy in one place.
///
/// HEAD first; a refused HEAD (see `HeadFallback`) becomes a bounded ranged GET of the same URL;
/// a 3xx with a Location is followed by the engine itself, hop by hop (recorded, re-scheduled,
/// address-checked, with loop and count limits); retryable outcomes (see `RetryRules`) wait and go
/// again; anything else is final and goes to the classifier.
enum Step {
    /// Classify and deliver. `blockedReason`/`brokenReason` add evidence the response lacks.
    case finish(blockedReason: String?, brokenReason: String?)
    /// Ask again after `delay` (same URL, same method).
    case retry(delay: Duration)
    /// Ask the same URL again at once, as a ranged GET.
    case fallBackToGet(hostRefusesHead: Bool)
    /// Request the next hop (already set on the check).
    case follow
}

extension Check {
    /// Decides the next step after `response` and updates the check for it. `slowHost` is set when
    /// the host complained (429 or 5xx) and should be paused as a whole for that long.
    func step(after response: HopResponse, rules: RetryRules, maxRedirects: Int, allowedSchemes: Set<String>,
              nowEpoch: Double) -> (step: Step, slowHost: Duration?) {
        lastResponse = response
        if let reason = response.blockedReason { return (.finish(blockedReason: reason, brokenReason: nil), nil) }
        if response.stoppedAtHeaderLimit {
            let limit = TransferSink.maxHeaderBytes
            return (.finish(blockedReason: nil, brokenReason: "response headers exceed \(limit) bytes"), nil)
        }

        if let failure = Verdict.transportVerdict(response.curlCode) {
            guard RetryRules.isRetryable(verdict: failure, status: nil), rules.allowsRetry(after: attempt) else {
                return (.finish(blockedReason: nil, brokenReason: nil), nil)
            }
            attempt += 1
            return (.retry(delay: rules.delay(afterAttempt: attempt - 1, retryAfter: nil)), nil)
        }
        let status = response.status ?? 0

        if method == .head, HeadFallback.statuses.contains(status) {
            method = .rangedGet
            return (.fallBackToGet(hostRefusesHead: HeadFallback.hostRefusesHead.contains(status)), nil)
        }

        if (300...399).contains(status), status != 304, let location = response.redirectURL {
            return (followRedirect(status: status, to: location, maxRedirects: maxRedirects, allowedSchemes: allowedSchemes), nil)
        }

        let (verdict, _) = Verdict.statusVerdict(status, headers: response.headers) ?? (.ok, nil)
        let complained = status == 429 || (500...599).contains(status)
        let retryAfter = RetryRules.retryAfter(response.headers["retry-after"], now: nowEpoch)
        let pause = complained ? rules.delay(afterAttempt: attempt, retryAfter: retryAfter) : nil
        if RetryRules.isRetryable(verdict: verdict, status: status), rules.allowsRetry(after: attempt) {
            attempt += 1
            return (.retry(delay: pause ?? rules.delay(afterAttempt: attempt - 1, retryAfter: nil)), pause)
        }
        return (.finish(blockedReason: nil, brokenReason: nil), pause)
    }

    /// Records the hop and moves the check to its target, unless the chain must end here.
    private func followRedirect(status: Int, to location: String, maxRedirects: Int, allowedSchemes: Set<String>) -> Step {
        let target = LinkURL.parse(location, allowed: allowedSchemes)
        let shown = LinkURL.redact(location)
        redirects.append(RedirectHop(url: url.redacted, status: status, location: shown))
        switch target {
        case .failure(.schemeNotAllowed(let scheme)):
            return .finish(blockedReason: "redirect to a \(scheme): URL is not allowed", brokenReason: nil)
        case .failure(.malformed):
            return .finish(blockedReason: nil, brokenReason: "redirect to a malformed URL")
        case .success(let next):
            // Every URL requested so far is the `url` of a recorded hop (the current one included).
            if redirects.contains(where: { $0.url == next.redacted }) {
                return .finish(blockedReason: nil, brokenReason: "redirect loop back to \(next.redacted)")
            }
            if redirects.count > maxRedirects {
                return .finish(blockedReason: nil, brokenReason: "more than \(maxRedirects) redirects")
            }
            url = next
            attempt = 1
            return .follow
        }
    }
}
