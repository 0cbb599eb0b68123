import Catalogue
import Fetcher
import Foundation

/// Progress of a running check, for a progress bar.
public struct CheckProgress: Sendable {
    public var done: Int
    public var total: Int
    public var failures: Int
    public var elapsed: Duration
}

/// Checks the links of the chosen events and records every result as it arrives.
///
/// Results are committed in batches (every `batchSize` results, and every `batchInterval` while any
/// wait; see `ResultRecorder`), so a run stopped by Ctrl-C or `kill -9` keeps what it had checked up to
/// a fraction of a second before, and the database stays consistent: each batch is one transaction.
public struct LinkCheckRun: Sendable {
    public var store: CatalogueStore
    public var policy: LinkCheckPolicy
    public var batchSize = 200
    public var batchInterval: Duration = .milliseconds(250)

    public init(store: CatalogueStore, policy: LinkCheckPolicy) {
        self.store = store
        self.policy = policy
    }

    public func run(_ targets: [LinkTarget], progress: @Sendable (CheckProgress) -> Void = { _ in }) async throws -> CheckReport {
        let started = ContinuousClock.now
        let startedAt = Date()
        var links: [CheckedLink] = []
        var failures = 0
        let recorder = ResultRecorder(store: store, batchSize: batchSize, interval: batchInterval)
        let byURL = Dictionary(targets.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })

        func collect(_ link: CheckedLink) {
            links.append(link)
            recorder.add(link.check)
            if !link.check.isSuccess { failures += 1 }
            progress(CheckProgress(done: links.count, total: targets.count, failures: failures, elapsed: .now - started))
        }

        // The engine refuses schemes the policy does not allow (`blocked`), on every hop.
        let requests = targets.map { FetchRequest(url: $0.url, acceptableContentTypes: policy.acceptableContentTypes(for: $0)) }
        if !requests.isEmpty {
            let engine = try FetchEngine(configuration: policy.fetch)
            defer { engine.shutdown() }
            for await result in engine.fetch(requests) {
                guard let target = byURL[result.request.url] else { continue }
                collect(checkedLink(result, target: target))
            }
        }
        try recorder.finish()
        return CheckReport(links: links, startedAt: startedAt, duration: .now - started)
    }

    /// The engine's result in the store's terms, with the policy's accepted statuses and certificate window applied.
    func checkedLink(_ result: FetchResult, target: LinkTarget) -> CheckedLink {
        var verdict = result.verdict
        if !verdict.isSuccess, let status = result.httpStatus, policy.acceptedStatuses.contains(status) {
            verdict = .ok
        }
        var newURL: String?
        if case .redirected(let url) = verdict { newURL = url }
        var warning: String?
        if verdict.isSuccess, let expiry = result.certificateExpiry,
           expiry.timeIntervalSince(result.checkedAt) < Double(policy.certificateWarningDays) * 86_400 {
            let days = Int((expiry.timeIntervalSince(result.checkedAt) / 86_400).rounded(.down))
            warning = days < 0 ? "the certificate has expired"
                : "the certificate expires in \(days) day\(days == 1 ? "" : "s") (\(Timestamp.text(expiry).prefix(10)))"
        }
        let seconds = { (d: Duration) -> Double? in d == .zero ? nil : d.seconds }
        let check = LinkCheck(
            url: result.request.url, checkedAt: result.checkedAt, verdict: verdict.name, isSuccess: verdict.isSuccess,
            detail: result.detail, newURL: newURL, httpStatus: result.httpStatus, method: result.method.rawValue,
            attempts: result.attempts,
            redirects: result.redirects.map { LinkCheck.Hop(url: $0.url, status: $0.status, location: $0.location) },
            finalURL: result.finalURL, contentType: result.contentType, contentLength: result.contentLength,
            lastModified: result.lastModified, etag: result.etag, filename: result.dispositionFilename,
            httpVersion: result.httpVersion, remoteIP: result.remoteIP,
            dnsTime: seconds(result.timings.nameLookup), connectTime: seconds(result.timings.connect),
            tlsTime: seconds(result.timings.tlsHandshake), firstByteTime: seconds(result.timings.firstByte),
            totalTime: seconds(result.timings.total), certificateExpiry: result.certificateExpiry,
            curlCode: result.curlError?.code, curlMessage: result.curlError?.message, bytesRead: result.bodyBytesRead)
        return CheckedLink(target: target, check: check, hint: verdict.hint, certificateWarning: warning)
    }
}
