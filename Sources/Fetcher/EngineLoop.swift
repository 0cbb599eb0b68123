import CCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The libcurl loop: one multi handle, driven by the one engine thread, until asked to stop.
///
/// Each turn: take new work from the inbox, start what the scheduler allows, let libcurl run
/// (`curl_multi_perform`), act on finished transfers (`curl_multi_info_read`), then sleep in
/// `curl_multi_poll` until a socket is ready, a deadline passes or `curl_multi_wakeup` rings.
/// Created and used on the engine thread only, so none of its state needs a lock.
final class EngineLoop {
    private struct Running {
        let handle: EasyHandle
        let check: Check
        let host: String
    }

    let configuration: FetchConfiguration
    private let rules: RetryRules
    private let inbox: Inbox
    private let multi: UnsafeMutableRawPointer
    let share: UnsafeMutableRawPointer
    private var scheduler: HostScheduler<Check>
    private var retries = TimerQueue<Check>()
    private var running: [UnsafeMutableRawPointer: Running] = [:]
    /// Handles whose request ended, kept for the next ones (at most one per transfer slot).
    var idleHandles: [EasyHandle] = []
    private var batches: [Int: Batch] = [:]
    private var batchIDs: [ObjectIdentifier: Int] = [:]
    /// Batches with results to hand out at the end of this loop turn.
    private var batchesToFlush: [Batch] = []
    /// Hosts that refused HEAD with 405/501: later checks there start with GET.
    private var hostsRefusingHead: Set<String> = []
    /// Last certificate expiry seen per https host, for results on reused connections.
    var certificateExpiries: [String: Date] = [:]

    init(configuration: FetchConfiguration, inbox: Inbox) throws(FetchError) {
        try ensureCurlInitialised()
        self.configuration = configuration
        self.inbox = inbox
        rules = RetryRules(configuration)
        scheduler = HostScheduler(
            totalLimit: configuration.totalConcurrency, perHostLimit: configuration.perHostConcurrency,
            interval: configuration.perHostInterval, maxSlowdown: configuration.maxHostSlowdown)
        guard let multi = curl_multi_init() else { throw .handleCreation("multi") }
        guard let share = curl_share_init() else {
            curl_multi_cleanup(multi)
            throw .handleCreation("share")
        }
        self.multi = multi
        self.share = share
        // Multiplex HTTP/2 streams over one connection. https://curl.se/libcurl/c/CURLMOPT_PIPELINING.html
        try check(presskit_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX)), "CURLMOPT_PIPELINING")
        // The multi handle already shares its connection pool among its transfers; the share adds
        // the DNS cache and TLS sessions (resumption across handles). Used from this one thread
        // only, so no lock callbacks are needed. https://curl.se/libcurl/c/CURLSHOPT_SHARE.html
        for data in [CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_SSL_SESSION] {
            let code = presskit_share_setopt_long(share, CURLSHOPT_SHARE, Int(data.rawValue))
            guard code == CURLSHE_OK else {
                throw .multi(operation: "CURLSHOPT_SHARE", code: Int(code.rawValue),
                             message: String(cString: curl_share_strerror(code)))
            }
        }
    }

    deinit {
        for pointer in running.keys { curl_multi_remove_handle(multi, pointer) }
        running.removeAll()
        idleHandles.removeAll()  // before the share they point at is cleaned up
        curl_multi_cleanup(multi)
        curl_share_cleanup(share)
    }

    /// Runs until the engine is asked to stop; then abandons unfinished work and closes all streams.
    func run() {
        inbox.publish(Inbox.WakeHandle(multi: multi))
        defer { inbox.publish(nil) }
        while true {
            let (submissions, cancelled, stop) = inbox.take()
            if stop {
                for submission in submissions { submission.output.finish() }
                break
            }
            for submission in submissions { accept(submission) }
            for id in cancelled { cancel(batch: id) }
            startAllowedTransfers()
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            collectFinishedTransfers()
            startAllowedTransfers()
            flushResults()
            curl_multi_poll(multi, nil, 0, pollTimeoutMilliseconds(), nil)
        }
        flushResults()
        for batch in batches.values { batch.output.finish() }
        batches.removeAll()
    }

    // MARK: Taking work in

    private func accept(_ submission: Inbox.Submission) {
        let batch = Batch(output: submission.output, count: submission.requests.count)
        batches[submission.id] = batch
        batchIDs[ObjectIdentifier(batch)] = submission.id
        let now = ContinuousClock.now
        for (request, parsed) in zip(submission.requests, submission.urls) {
            switch parsed {
            case .success(let url):
                let check = Check(request: request, batch: batch, url: url, method: firstMethod(request, url))
                scheduler.enqueue(check, host: url.host, now: now)
            case .failure(let problem):
                let placeholder = LinkURL(text: request.url, scheme: "", host: "", redacted: LinkURL.redact(request.url))
                let check = Check(request: request, batch: batch, url: placeholder, method: .head)
                switch problem {
                case .schemeNotAllowed(let scheme):
                    finish(check, blockedReason: "the \(scheme): scheme is not allowed", now: now)
                case .malformed:
                    finish(check, brokenReason: "malformed URL", now: now)
                }
            }
        }
    }

    private func cancel(batch id: Int) {
        guard let batch = batches[id] else { return }
        batch.isCancelled = true
        let now = ContinuousClock.now
        let queued = scheduler.remove { $0.batch === batch } + retries.remove { $0.batch === batch }
        for check in queued { deliver(check.batch, nil) }
        for (pointer, transfer) in running where transfer.check.batch === batch {
            curl_multi_remove_handle(multi, pointer)
            running[pointer] = nil
            release(transfer.handle)
            scheduler.finished(host: transfer.host, now: now)
            deliver(batch, nil)
        }
    }

    private func firstMethod(_ request: FetchRequest, _ url: LinkURL) -> RequestMethod {
        request.strategy == .rangedGet || request.download != nil || hostsRefusingHead.contains(url.host) ? .rangedGet : .head
    }

    // MARK: Starting transfers

    private func startAllowedTransfers() {
        let now = ContinuousClock.now
        while let check = retries.popDue(now: now) {
            scheduler.enqueue(check, host: check.url.host, first: true, now: now)
        }
        while let (check, host) = scheduler.nextStartable(now: now) {
            // A next hop or range request that waited past the link's deadline is not started.
            if check.isPastDeadline(now) {
                scheduler.finished(host: host, now: now)
                let deadline = "gave up at the link_deadline of \(configuration.linkDeadline.shortText)"
                if check.probe != nil {
                    continueProbe(check, stoppedBecause: "the probe \(deadline)", now: now)
                } else {
                    finish(check, timeoutReason: deadline, now: now)
                }
                continue
            }
            do {
                let handle = try makeHandle(for: check)
                let code = curl_multi_add_handle(multi, handle.raw)
                do {
                    try Fetcher.check(code, "curl_multi_add_handle")
                } catch {
                    release(handle)
                    throw error
                }
                check.willStart(now: now, linkDeadline: configuration.linkDeadline)
                running[handle.raw] = Running(handle: handle, check: check, host: host)
            } catch {
                // Only an environment failure (out of memory) lands here; report it on the link
                // rather than dropping it.
                scheduler.finished(host: host, now: now)
                if check.probe != nil {
                    continueProbe(check, stoppedBecause: "could not start the range request: \(error)", now: now)
                    continue
                }
                check.lastResponse = nil
                finish(check, brokenReason: "could not start the request: \(error)", now: now)
            }
        }
    }

    /// Keeps a handle out of the multi handle for reuse, up to as many as may run at once.
    private func release(_ handle: EasyHandle) {
        if idleHandles.count < configuration.totalConcurrency { idleHandles.append(handle) }
    }

    private func pollTimeoutMilliseconds() -> Int32 {
        let now = ContinuousClock.now
        let deadlines = [scheduler.nextDeadline, retries.nextDeadline].compactMap { $0 }
        guard let next = deadlines.min() else { return 1_000 }
        return Int32(min(1_000, max(0, (next - now).milliseconds + 1)))
    }

    // MARK: Finished transfers

    /// The certificate expiry a running https transfer to `host` saw in its handshake; libcurl fills
    /// CURLINFO_CERTINFO when the handshake completes, before the transfer does.
    func handshakeExpiry(host: String) -> Date? {
        for transfer in running.values where transfer.host == host && transfer.check.url.scheme == "https" {
            if let expiry = transfer.handle.certificateExpiry { return expiry }
        }
        return nil
    }

    private func collectFinishedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let pointer = message.pointee.easy_handle,
                  let transfer = running.removeValue(forKey: pointer)
            else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, pointer)
            let now = ContinuousClock.now
            scheduler.finished(host: transfer.host, now: now)
            let response = makeResponse(transfer.handle, code: code, host: transfer.host,
                                        isHTTPS: transfer.check.url.scheme == "https")
            release(transfer.handle)
            advance(transfer.check, host: transfer.host, after: response, now: now)
        }
    }

    private func advance(_ check: Check, host: String, after response: HopResponse, now: ContinuousClock.Instant) {
        if check.probe != nil {
            continueProbe(check, stoppedBecause: check.probe?.consume(response), now: now)
            return
        }
        let (step, slowHost) = check.step(
            after: response, rules: rules, maxRedirects: configuration.maxRedirects,
            allowedSchemes: configuration.allowedSchemes,
            now: now, nowEpoch: Date().timeIntervalSince1970)
        if let slowHost {
            scheduler.slowDown(host: host, pause: slowHost, now: now)
        } else if response.curlCode == 0 {
            scheduler.recovered(host: host)
        }
        switch step {
        case .finish(let blockedReason, let brokenReason):
            finish(check, blockedReason: blockedReason, brokenReason: brokenReason, now: now)
        case .retry(let delay):
            retries.insert(check, at: now + delay)
        case .fallBackToGet(let hostRefusesHead):
            if hostRefusesHead { hostsRefusingHead.insert(host) }
            scheduler.enqueue(check, host: host, first: true, now: now)
        case .follow:
            check.method = firstMethod(check.request, check.url)
            scheduler.enqueue(check, host: check.url.host, first: true, now: now)
        }
    }

    /// Hands out the results of this loop turn, one stream element per batch: a wake-up of the
    /// consumer per result cost the engine thread more than parsing the response did.
    private func flushResults() {
        for batch in batchesToFlush { batch.flush() }
        batchesToFlush.removeAll(keepingCapacity: true)
    }

    private func finish(_ check: Check, blockedReason: String? = nil, brokenReason: String? = nil,
                        timeoutReason: String? = nil, now: ContinuousClock.Instant) {
        var result = check.result(blockedReason: blockedReason, brokenReason: brokenReason, timeoutReason: timeoutReason,
                                  lengthLimit: configuration.maxContentLength, now: now)
        if blockedReason == nil, brokenReason == nil, Self.shouldProbe(check.request, after: result) {
            var probe = ProbeProgress(
                budget: configuration.probeBudget, firstRead: configuration.probeFirstRead,
                maxRequests: configuration.probeMaxRequests, contentType: result.contentType)
            if check.method == .rangedGet { probe.start(reusing: check.lastResponse) }
            check.probe = probe
            check.resultBeforeProbe = result
            continueProbe(check, stoppedBecause: nil, now: now)
            return
        }
        check.reconsider(&result, probe: nil, softNotFoundPatterns: configuration.softNotFoundPatterns,
                         acceptedStatuses: configuration.acceptedStatuses)
        if let download = check.download {
            let response = check.lastResponse
            result.download = download.finish(status: response?.status, curlCode: response?.curlCode ?? 0,
                                              headers: response?.headers ?? ResponseHeaders())
        }
        deliver(check.batch, result)
    }

    // MARK: Media probes

    /// Whether a finished check goes on to probe its file: asked for, a 2xx answer whose file is
    /// reachable (a working link, or one served with the wrong type or size, where the properties
    /// tell staff what is really there), and for `.ifChanged` a file other than the one last seen, or
    /// any working HTML page (its headline is judged for soft 404s at every check).
    static func shouldProbe(_ request: FetchRequest, after result: FetchResult) -> Bool {
        guard let status = result.httpStatus, (200...299).contains(status) else { return false }
        switch result.verdict {
        case .ok, .redirected, .wrongType, .tooLarge: break
        default: return false
        }
        switch request.probe {
        case .off:
            return false
        case .always:
            return true
        case .ifChanged(let known):
            // A page's headline is read at every check: whether it says the page is missing (a soft
            // 404) is part of the verdict, and an unread one would turn a soft 404 back into `ok`.
            if result.verdict.isSuccess || result.verdict == .wrongType, let type = result.contentType,
               ["text/html", "application/xhtml+xml"].contains(Verdict.essence(type)) { return true }
            let seen = FileIdentity(etag: result.etag, lastModified: result.lastModified, length: result.contentLength)
            return !seen.isSameFile(as: known)
        }
    }

    /// Queues the probe's next ranged request, or ends the probe and delivers the check's result
    /// with what it found.
    private func continueProbe(_ check: Check, stoppedBecause note: String?, now: ContinuousClock.Instant) {
        guard var probe = check.probe, var result = check.resultBeforeProbe else { return }
        if note == nil, probe.nextRange() != nil {
            check.probe = probe
            scheduler.enqueue(check, host: check.url.host, first: true, now: now)
            return
        }
        result.media = probe.report(note: note)
        check.reconsider(&result, probe: probe, softNotFoundPatterns: configuration.softNotFoundPatterns,
                         acceptedStatuses: configuration.acceptedStatuses)
        // A reused GET kept all it read for the probe; the result keeps what any result keeps.
        if result.bodyPrefix.count > configuration.keptBodyBytes {
            result.bodyPrefix = Array(result.bodyPrefix.prefix(configuration.keptBodyBytes))
        }
        check.probe = nil
        check.resultBeforeProbe = nil
        deliver(check.batch, result)
    }

    private func deliver(_ batch: Batch, _ result: FetchResult?) {
        if !batch.needsFlush { batchesToFlush.append(batch) }
        if let result { batch.deliver(result) } else { batch.skip() }
        if batch.remaining == 0, let id = batchIDs.removeValue(forKey: ObjectIdentifier(batch)) {
            batches[id] = nil
        }
    }
}
