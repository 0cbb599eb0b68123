import Catalogue
import Fetcher
import Foundation
import LinkVocabulary
import Synchronization

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
/// Nothing is committed before the first result that reached a host: a run in which every host
/// failed at DNS or connect is an outage on this side (`CheckReport.outage`) and records nothing,
/// so the links stay due and no report says they all broke.
///
/// Memory stays flat however many links there are: targets are read from the store and go to the
/// engine in chunks of `chunkSize`, at most two chunks at a time, and only counts and problems are
/// kept; every link is in the store's history (and in the `LinkListing`'s file).
public struct LinkCheckRun: Sendable {
    public var store: CatalogueStore
    public var policy: LinkCheckPolicy
    public var batchSize = 500
    public var batchInterval: Duration = .milliseconds(250)
    /// 512: with chunks of 2,048 the peak RSS of a 100,000-link check was 66–70 MB, with 1,024
    /// 53–58 MB, 59–61 MB on a loaded machine, with 512 51–53 MB (each link in the engine holds its
    /// request, target, result and listing entry). A chunk's reads are a range of the URL index (each
    /// row with its link's validator), so smaller chunks add little work: 0.7% more instructions for
    /// 2,000 links. The engine still has at least a chunk queued, eight times the usual 64 transfers
    /// at once. The first chunk is smaller (see `Chunks.next`).
    public var chunkSize = 512
    /// Whether the run's bookkeeping threads go ten nice levels below the engine thread (see
    /// `BookkeepingPriority`, which says why only `presskit check`'s own process should).
    public var lowersBookkeepingPriority = false

    public init(store: CatalogueStore, policy: LinkCheckPolicy) {
        self.store = store
        self.policy = policy
    }

    /// Checks every link of `selection`. Targets are read from the store a chunk at a time, in URL
    /// order, as the engine needs them. `total` is `store.linkTargetCount(selection)`, counted here
    /// unless the caller already has it.
    ///
    /// `listing`, when given, receives every link as its result arrives (for JSON and JUnit reports).
    ///
    /// `budget`, when given, bounds the run's wall time: when it is spent, checks still queued or in
    /// flight are abandoned (they stay due) and the run ends with what it has recorded. Cancelling
    /// the calling task does the same and marks the report `interrupted`.
    public func run(_ selection: LinkSelection, total: Int? = nil, listing: LinkListing? = nil, budget: Duration? = nil,
                    progress: @escaping @Sendable (CheckProgress) -> Void = { _ in }) async throws -> CheckReport {
        let started = ContinuousClock.now
        let startedAt = Date()
        let run = UUID().uuidString.lowercased()
        // Read here, on a thread not lowered yet; threads lower themselves as bookkeeping reaches
        // them, after the engine thread (which inherits its creator's) has started.
        let priority = lowersBookkeepingPriority ? BookkeepingPriority() : nil
        let recorder = ResultRecorder(store: store, run: run, batchSize: batchSize, interval: batchInterval, priority: priority)
        let total = try total ?? store.linkTargetCount(selection)
        let collector = Collector(total: total, policy: policy, recorder: recorder, started: started, progress: progress)
        if total > 0 {
            let engine = try FetchEngine(configuration: policy.fetch)
            defer { engine.shutdown() }
            var chunks = Chunks(store: store, selection: selection, policy: policy, size: chunkSize, priority: priority)
            // Two chunks in the engine at a time: the next one is queued while the last of the
            // current one finishes, so the engine never idles at a chunk boundary.
            // Children answer true when a chunk is done, false when the budget is spent.
            try await withThrowingTaskGroup(of: Bool.self) { group in
                func check(_ index: Int, _ requests: [FetchRequest], _ targets: [String: LinkTarget]) {
                    group.addTask {
                        priority?.applyToCurrentThread()
                        var entries: [LinkListing.Entry] = []
                        for await results in engine.fetchInGroups(requests) {
                            let links = collector.collect(results, targets)
                            if let listing { entries += holdingCopies(links).map(listing.entry) }
                        }
                        listing?.add(chunk: index, entries)
                        return true
                    }
                }
                if let budget {
                    group.addTask {
                        // Cancelled when the run ends first, or is interrupted: either way, stop.
                        try? await Task.sleep(until: started + budget)
                        return false
                    }
                }
                var index = 0
                for _ in 0..<2 {
                    guard let (requests, targets) = try chunks.next() else { break }
                    check(index, requests, targets)
                    index += 1
                }
                var inEngine = index
                while inEngine > 0, let chunkDone = try await group.next() {
                    // A chunk's stream also ends early when the run is interrupted.
                    guard chunkDone, !Task.isCancelled else { break }
                    inEngine -= 1
                    guard let (requests, targets) = try chunks.next() else { continue }
                    check(index, requests, targets)
                    index += 1
                    inEngine += 1
                }
                // Ends the budget's timer, or the chunks still in the engine when the budget ran out.
                group.cancelAll()
            }
        }
        let interrupted = Task.isCancelled
        let tally = collector.tally.withLock { $0 }
        let outage = tally.reach.outage
        // Interrupted before any host answered, the held failures may be a dead host among live
        // ones or an outage: unknown, so they are not recorded and stay due.
        do { try recorder.finish(discardingHeld: outage != nil || interrupted) } catch { throw StoreFailure(underlying: error) }
        store.checkpointInBackground()
        var problems = tally.problems.sorted { $0.target.url < $1.target.url }
        // A broken link whose file the office keeps says so, as reports and digests do (ArchiveFixity).
        let failing = problems.filter { !$0.check.verdict.isWorking }.map(\.target.url)
        if !failing.isEmpty, let copies = try? store.archivedCopies(for: failing), !copies.isEmpty {
            for index in problems.indices where !problems[index].check.verdict.isWorking {
                problems[index].heldCopy = copies[problems[index].target.url]
            }
        }
        var report = CheckReport(run: run, startedAt: startedAt, duration: .now - started, counts: tally.counts,
                           problems: problems, certificateWarningDays: policy.certificateWarningDays)
        report.offSpecCount = tally.offSpec
        report.probedCount = tally.probed
        report.probeBytes = tally.probeBytes
        report.outage = outage
        report.interrupted = interrupted
        report.plannedCount = total
        report.recordedCount = recorder.recordedCount
        return report
    }

    /// `links`, each that does not work with the copy of its file `archive` keeps, if any: the
    /// listing says so (JUnit's failure text) as the report's problems do. One lookup per group
    /// that has a failing link, none when nothing is archived.
    private func holdingCopies(_ links: [CheckedLink]) -> [CheckedLink] {
        let failing = links.filter { !$0.check.verdict.isWorking }.map(\.target.url)
        guard !failing.isEmpty, let copies = try? store.archivedCopies(for: failing), !copies.isEmpty else { return links }
        return links.map { link in
            var link = link
            if !link.check.verdict.isWorking { link.heldCopy = copies[link.target.url] }
            return link
        }
    }

    /// The store failed during the run: reading the next targets, or recording results.
    public struct StoreFailure: Error, CustomStringConvertible {
        public let underlying: any Error
        public var description: String { "\(underlying)" }
    }

    /// The selection's targets as engine requests, a chunk at a time, each with its targets by URL
    /// for the results; only the chunks in the engine are in memory.
    private struct Chunks {
        let store: CatalogueStore
        let selection: LinkSelection
        let policy: LinkCheckPolicy
        let size: Int
        let priority: BookkeepingPriority?
        var after: String?
        var done = false
        /// Acceptable types by kinds: computed once per combination, not per link.
        var typesByKinds: [Set<AssetKind>: [String]?] = [:]

        init(store: CatalogueStore, selection: LinkSelection, policy: LinkCheckPolicy, size: Int, priority: BookkeepingPriority?) {
            (self.store, self.selection, self.policy, self.size, self.priority) = (store, selection, policy, size, priority)
        }

        mutating func next() throws -> ([FetchRequest], [String: LinkTarget])? {
            guard !done else { return nil }
            // The task may have moved to another thread since the last chunk.
            priority?.applyToCurrentThread()
            // The first chunk is small: the engine starts on it while the next, full one is read
            // (a full first chunk kept the network idle for its 5 ms of reads).
            let limit = after == nil ? min(size, 64) : size
            let targets: [LinkTarget]
            do { targets = try store.linkTargets(selection, after: after, limit: limit, validators: true) } catch { throw StoreFailure(underlying: error) }
            after = targets.last?.url
            // Only an empty page ends the list: an explicit URL list may yield short pages.
            done = targets.isEmpty || (selection.urls == nil && targets.count < limit)
            guard !targets.isEmpty else { return nil }
            var byURL: [String: LinkTarget] = [:]
            byURL.reserveCapacity(targets.count)
            let requests = targets.map { target in
                byURL[target.url] = target
                // A recheck asks whether the file is still the one last seen: a 304 costs no body.
                var request = FetchRequest(url: target.url, acceptableContentTypes: acceptableContentTypes(for: target),
                                           probe: policy.probing(for: target))
                request.ifNoneMatch = target.validator?.etag
                request.ifModifiedSince = target.validator?.lastModified
                return request
            }
            return (requests, byURL)
        }

        private mutating func acceptableContentTypes(for target: LinkTarget) -> [String]? {
            guard target.declaredContentTypes.isEmpty else { return policy.acceptableContentTypes(for: target) }
            if let known = typesByKinds[target.kinds] { return known }
            let types = policy.acceptableContentTypes(for: target)
            typesByKinds[target.kinds] = types
            return types
        }
    }

    /// Turns each result into a recorded check, counts it, keeps it if it is a problem, reports progress;
    /// a group of results at a time, so locks are taken and progress reported once per group.
    private final class Collector: Sendable {
        struct Tally {
            var counts: [LinkVerdict: Int] = [:]
            var problems: [CheckedLink] = []
            var done = 0
            var failures = 0
            var offSpec = 0
            var probed = 0
            var probeBytes: Int64 = 0
            var reach = NetworkReach()
        }

        let total: Int
        let policy: LinkCheckPolicy
        let recorder: ResultRecorder
        let started: ContinuousClock.Instant
        let progress: @Sendable (CheckProgress) -> Void
        let tally = Mutex(Tally())

        init(total: Int, policy: LinkCheckPolicy, recorder: ResultRecorder, started: ContinuousClock.Instant,
             progress: @escaping @Sendable (CheckProgress) -> Void) {
            self.total = total
            self.policy = policy
            self.recorder = recorder
            self.started = started
            self.progress = progress
        }

        /// The results as links, which it also returns.
        @discardableResult
        func collect(_ results: [FetchResult], _ targets: [String: LinkTarget]) -> [CheckedLink] {
            let links = results.compactMap { result in
                targets[result.request.url].map { target in
                    CheckedLink(check: LinkCheckRun.linkCheck(result, target: target, policy: policy), target: target,
                                certificateWarningDays: policy.certificateWarningDays, policy: policy)
                }
            }
            recorder.add(links.map(\.check))
            let (snapshot, firstReach) = tally.withLock { tally in
                // Until a host answers, each result says whether the network is there at all.
                var firstReach = false
                if !tally.reach.reachedAny {
                    for result in results where tally.reach.note(NetworkReach.evidence(result), url: result.request.url) {
                        firstReach = true
                        break
                    }
                }
                for link in links {
                    tally.counts[link.check.verdict, default: 0] += 1
                    tally.done += 1
                    if !link.check.isSuccess { tally.failures += 1 }
                    if link.isProblem { tally.problems.append(link) }
                    if !link.offSpec.isEmpty { tally.offSpec += 1 }
                    if let probe = link.check.probe {
                        tally.probed += 1
                        tally.probeBytes += Int64(probe.bytes)
                    }
                }
                return (CheckProgress(done: tally.done, total: total, failures: tally.failures, elapsed: .now - started), firstReach)
            }
            if firstReach { recorder.release() }
            progress(snapshot)
            return links
        }
    }

    /// The engine's result in the store's terms, when the link is due again, and for a 304 the type, size and validators of the file it confirms.
    static func linkCheck(_ result: FetchResult, target: LinkTarget, policy: LinkCheckPolicy) -> LinkCheck {
        var check = linkCheck(result)
        if result.httpStatus == 304, let known = target.validator {
            check.contentType = check.contentType ?? known.contentType
            check.contentLength = check.contentLength ?? known.contentLength
            check.etag = check.etag ?? known.etag
            check.lastModified = check.lastModified ?? known.lastModified
        }
        check.nextCheckIfWorking = policy.recheck.nextCheck(
            after: result.checkedAt, failures: 0, events: target.events.map { (start: $0.start, end: $0.end) })
        check.failingRecheckSeconds = Int(policy.recheck.failing.components.seconds)
        check.probe = result.media.map {
            MediaProbeRecord(properties: $0.properties, note: $0.note, bytes: $0.bytes, probedAt: result.checkedAt)
        }
        return check
    }

    /// The engine's result in the store's terms (the policy's accepted statuses are already applied:
    /// they are an input of the fetcher's classifier).
    static func linkCheck(_ result: FetchResult) -> LinkCheck {
        let verdict = result.verdict
        var newURL: String?
        if case .redirected(let url) = verdict { newURL = url }
        let seconds = { (d: Duration) -> Double? in d == .zero ? nil : d.seconds }
        return LinkCheck(
            url: result.request.url, checkedAt: result.checkedAt, verdict: verdict.linkVerdict,
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
    }
}
