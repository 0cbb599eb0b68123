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
              now: ContinuousClock.Instant, nowEpoch: Double) -> (step: Step, slowHost: Duration?) {
        lastResponse = response
        if let reason = response.blockedReason { return (.finish(blockedReason: reason, brokenReason: nil), nil) }
        if response.stoppedAtHeaderLimit {
            let limit = TransferSink.maxHeaderBytes
            return (.finish(blockedReason: nil, brokenReason: "headers too large: more than \(limit / 1_024) KiB"), nil)
        }
        // libcurl reports a header line past its own 100 KiB limit as "Out of memory" (27), and from
        // 8.6 as CURLE_TOO_LARGE (100): both are a server sending headers too large, not our memory.
        if response.curlCode == 27 || response.curlCode == 100 {
            return (.finish(blockedReason: nil, brokenReason: "headers too large: a header line over libcurl's 100 KiB limit"), nil)
        }

        if let failure = Verdict.transportVerdict(response.curlCode) {
            // The delay (a random draw, a system call) only for a check that may go again.
            guard RetryRules.isRetryable(verdict: failure, status: nil), rules.allowsRetry(after: attempt) else {
                return (.finish(blockedReason: nil, brokenReason: nil), nil)
            }
            let delay = rules.delay(afterAttempt: attempt, retryAfter: nil)
            guard !isPastDeadline(now + delay) else { return (.finish(blockedReason: nil, brokenReason: nil), nil) }
            attempt += 1
            return (.retry(delay: delay), nil)
        }
        let status = response.status ?? 0

        if method == .head, HeadFallback.statuses.contains(status) {
            method = .rangedGet
            return (.fallBackToGet(hostRefusesHead: HeadFallback.hostRefusesHead.contains(status)), nil)
        }

        if (300...399).contains(status), status != 304, let location = response.redirectURL {
            return (followRedirect(status: status, to: location, written: response.headers["location"],
                                   maxRedirects: maxRedirects, allowedSchemes: allowedSchemes), nil)
        }

        let (verdict, _) = Verdict.statusVerdict(status, headers: response.headers) ?? (.ok, nil)
        // A host that complained is paused whether or not this check goes again; a delay is worked
        // out only when it is needed (each draws a random number, a system call, which every
        // working link of a large run would otherwise pay for nothing).
        let complained = status == 429 || (500...599).contains(status)
        let pause = complained
            ? rules.delay(afterAttempt: attempt, retryAfter: RetryRules.retryAfter(response.headers["retry-after"], now: nowEpoch))
            : nil
        if RetryRules.isRetryable(verdict: verdict, status: status), rules.allowsRetry(after: attempt) {
            let delay = pause ?? rules.delay(afterAttempt: attempt, retryAfter: nil)
            if !isPastDeadline(now + delay) {
                attempt += 1
                return (.retry(delay: delay), pause)
            }
        }
        return (.finish(blockedReason: nil, brokenReason: nil), pause)
    }

    /// Records the hop and moves the check to its target, unless the chain must end here.
    /// `written` is the Location header as the server sent it (`location` is resolved against the URL).
    private func followRedirect(status: Int, to location: String, written: String?, maxRedirects: Int,
                                allowedSchemes: Set<String>) -> Step {
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
            // Credentials the server wrote into Location are never sent (curl would send them as
            // `Authorization: Basic`); a relative Location keeps the catalogue's own for the same host.
            let supplied = next.hasCredentials && (written.map(LinkURL.hasUserInfo) ?? true)
            if supplied { droppedRedirectCredentials = true }
            url = supplied || (next.hasCredentials && next.host != url.host) ? next.withoutCredentials : next
            attempt = 1
            return .follow
        }
    }
}
