import MediaProbe
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What one request of a check brought back, read off the easy handle once it finished.
struct HopResponse {
    /// libcurl's code, with a body read stopped on purpose at the byte bound counted as 0.
    var curlCode: Int
    var curlMessage: String
    var blockedReason: String?
    var status: Int?
    var headers: ResponseHeaders
    var redirectURL: String?
    var contentType: String?
    var httpVersion: String?
    var remoteIP: String?
    var timings: FetchTimings
    var certificateExpiry: Date?
    var bodyBytesRead: Int
    var bodyPrefix: [UInt8]
    var stoppedAtBodyLimit: Bool
    var stoppedAtHeaderLimit: Bool
}

/// Holds a response by reference (see `Check.lastResponse`).
final class ResponseBox {
    let response: HopResponse
    init(_ response: HopResponse) { self.response = response }
}

/// Where a batch's results go: one stream element per result, or per group of results that
/// finished in the same loop turn (one consumer wake-up per group, for callers checking thousands).
enum ResultOutput: Sendable {
    case each(AsyncStream<FetchResult>.Continuation)
    case groups(AsyncStream<[FetchResult]>.Continuation)

    func finish() {
        switch self {
        case .each(let continuation): continuation.finish()
        case .groups(let continuation): continuation.finish()
        }
    }
}

/// A batch of requests submitted together, whose results flow into one stream.
///
/// Results are held until the end of the engine's loop turn (`flush`), then handed out together.
final class Batch {
    let output: ResultOutput
    var remaining: Int
    var isCancelled = false
    /// Set while the batch holds results or news (its last result) not yet flushed.
    var needsFlush = false
    private var pending: [FetchResult] = []

    init(output: ResultOutput, count: Int) {
        self.output = output
        remaining = count
    }

    /// Keeps one result for the next flush.
    func deliver(_ result: FetchResult) {
        if !isCancelled { pending.append(result) }
        skip()
    }

    /// Counts a check of a cancelled batch as done without a result.
    func skip() {
        remaining -= 1
        needsFlush = true
    }

    /// Hands out the results kept since the last flush; closes the stream after the last one.
    func flush() {
        needsFlush = false
        if !pending.isEmpty {
            switch output {
            case .each(let continuation): for result in pending { continuation.yield(result) }
            case .groups(let continuation): continuation.yield(pending)
            }
            pending.removeAll(keepingCapacity: true)
        }
        if remaining == 0 { output.finish() }
    }
}

/// The state of checking one link: which URL and method come next, the redirects so far, the
/// attempt count. Lives on the engine thread only; `Check+Steps.swift` decides what follows a response.
final class Check {
    let request: FetchRequest
    let batch: Batch
    /// The hop being requested now.
    var url: LinkURL
    var method: RequestMethod
    var redirects: [RedirectHop] = []
    /// Attempt number of the current hop, from 1.
    var attempt = 1
    var requestCount = 0
    var firstStart: ContinuousClock.Instant?
    /// When the link's `linkDeadline` runs out, set as its first request starts.
    var deadline: ContinuousClock.Instant?
    /// A redirect's Location carried credentials, which were not sent.
    var droppedRedirectCredentials = false
    var checkedAt: Date?
    /// Boxed: a check waits in the queue far longer than it holds a response, and 100,000 queued
    /// checks should not each carry a response's worth of inline storage.
    var lastResponse: HopResponse? {
        get { lastResponseBox?.response }
        set { lastResponseBox = newValue.map(ResponseBox.init) }
    }
    private var lastResponseBox: ResponseBox?
    /// While the file is probed: the probe's state, and the result decided before it began.
    var probe: ProbeProgress?
    var resultBeforeProbe: FetchResult?
    /// For a download: its file and hash, kept across the check's redirects, retries and resumes.
    let download: DownloadWriter?

    init(request: FetchRequest, batch: Batch, url: LinkURL, method: RequestMethod) {
        self.request = request
        self.batch = batch
        self.url = url
        self.method = method
        download = request.download.map(DownloadWriter.init)
    }

    /// Called as the request is handed to libcurl.
    func willStart(now: ContinuousClock.Instant, linkDeadline: Duration) {
        requestCount += 1
        if firstStart == nil {
            firstStart = now
            deadline = now + linkDeadline
            checkedAt = Date()
        }
    }

    /// Whether the link's deadline leaves no time for another request or wait ending at `instant`.
    func isPastDeadline(_ instant: ContinuousClock.Instant) -> Bool {
        deadline.map { instant >= $0 } ?? false
    }

    /// The result of this check: evidence from the last response, judged by the one classifier.
    func result(blockedReason: String? = nil, brokenReason: String? = nil, timeoutReason: String? = nil,
                lengthLimit: Int64?, now: ContinuousClock.Instant) -> FetchResult {
        let response = lastResponse
        var evidence = Evidence()
        evidence.curlCode = response?.curlCode ?? 0
        evidence.blockedReason = blockedReason ?? response?.blockedReason
        evidence.brokenReason = brokenReason
        evidence.timeoutReason = timeoutReason
        evidence.body = response?.bodyPrefix ?? []
        evidence.requestedURL = redirects.first?.url ?? url.redacted
        evidence.finalURL = url.redacted
        evidence.status = response?.status
        evidence.headers = response?.headers ?? ResponseHeaders()
        evidence.redirects = redirects
        evidence.lengthLimit = request.maxContentLength ?? lengthLimit
        evidence.acceptableContentTypes = request.acceptableContentTypes
        let (verdict, detail) = Verdict.classify(evidence)
        let curlError = response.flatMap { $0.curlCode == 0 ? nil : CurlFailure(code: $0.curlCode, message: $0.curlMessage) }
        return FetchResult(
            request: request,
            verdict: verdict,
            detail: withCredentialsNote(detail ?? curlError?.message),
            checkedAt: checkedAt ?? Date(),
            elapsed: firstStart.map { now - $0 } ?? .zero,
            httpStatus: response?.status,
            redirects: redirects,
            finalURL: url.redacted,
            method: method,
            requestCount: requestCount,
            attempts: attempt,
            contentType: response?.contentType ?? evidence.headers["content-type"],
            contentLength: evidence.headers.declaredLength,
            lastModified: evidence.headers["last-modified"],
            etag: evidence.headers["etag"],
            dispositionFilename: evidence.headers.dispositionFilename,
            httpVersion: response?.httpVersion,
            remoteIP: response?.remoteIP,
            timings: response?.timings ?? .zero,
            certificateExpiry: response?.certificateExpiry,
            curlError: curlError,
            bodyBytesRead: response?.bodyBytesRead ?? 0,
            bodyPrefix: response?.bodyPrefix ?? [],
            stoppedAtBodyLimit: response?.stoppedAtBodyLimit ?? false)
    }

    /// The detail, saying so when a redirect's credentials were dropped.
    func withCredentialsNote(_ detail: String?) -> String? {
        guard droppedRedirectCredentials else { return detail }
        let note = "credentials in a redirect's Location were not sent"
        return detail.map { "\($0); \(note)" } ?? note
    }

    /// Judges a working result again by what the check's later `GET`s brought: an error answer to
    /// the probe's ranged `GET`, or a page whose headline says it is missing (see `Verdict.reconsider`);
    /// then lets the configuration's accepted statuses have their say (`Verdict.accepting`).
    func reconsider(_ result: inout FetchResult, probe: ProbeProgress?, softNotFoundPatterns: [String],
                    acceptedStatuses: Set<Int>) {
        defer { result.verdict = Verdict.accepting(result.verdict, status: result.httpStatus, accepted: acceptedStatuses) }
        var headline: PageHeadline?
        if let input = probe?.input {
            headline = PageHeadline(input)
        } else if method == .rangedGet, !result.bodyPrefix.isEmpty {
            headline = PageHeadline(result.bodyPrefix[...])
        }
        guard let judged = Verdict.reconsider(
            result.verdict, method: method, status: result.httpStatus, contentType: result.contentType,
            laterGET: probe?.refusal, headline: headline, softNotFoundPatterns: softNotFoundPatterns)
        else { return }
        result.verdict = judged.verdict
        result.detail = withCredentialsNote(judged.detail)
        if let status = judged.getStatus { result.httpStatus = status }
    }
}
