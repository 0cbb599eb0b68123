import Catalogue
import Crypto
import Fetcher
import Foundation
import LinkVocabulary
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `presskit archive`: downloads the files of the chosen assets whose links work into the archive's
/// content-addressed store (`ArchiveStore`), and records each copy (`archived_copy`).
///
/// Only links whose last check says they work are fetched; the others are listed with the reason.
/// A URL with a copy is asked with its validators (If-None-Match / If-Modified-Since): a 304 keeps
/// the copy, anything else is a new file. Downloads go through the link checker's engine with
/// `link-check.yaml`'s address rules, concurrency, politeness and retries, but no whole-transfer
/// timeout (a 20 GB reel takes what it takes; the low-speed cut-off still ends a stalled one).
///
/// A download streams into `partial/` (with its If-Range validator beside it), is fsynced, and only
/// then renamed into `sha256/`; the row is written after the rename. A run killed at any moment
/// leaves the store and the table consistent: a partial file is never counted, and the next run
/// resumes it (Range + If-Range) or starts it over. `bundle` calls this to archive missing copies.
public struct ArchiveOperation: Sendable {
    /// Which assets: those of the named events (ids or unambiguous prefixes), of every event, or
    /// exactly these URLs (as `bundle` asks for a kit's assets).
    public enum Scope: Sendable, Equatable {
        case events([String])
        case all
        case urls([String])
    }

    public var database: String
    public var policies: PolicySet
    public var scope: Scope
    /// Only assets of these kinds (within the policy's `kinds`); empty for all.
    public var kinds: [AssetKind] = []
    /// Downloads at once instead of the link-check policy's concurrency.
    public var concurrency: Int?

    public init(database: String, policies: PolicySet, scope: Scope) {
        self.database = database
        self.policies = policies
        self.scope = scope
    }

    /// Archives the chosen assets' files; `progress` is called as bytes arrive (every 200 ms at most).
    public func run(notes: OperationNotes = OperationNotes { _ in },
                    progress: @escaping @Sendable (ArchiveProgress) -> Void = { _ in }) async throws -> ArchiveSummary {
        let policy = try policies.archivePolicy()
        var linkPolicy = try policies.linkCheckPolicy()
        if let concurrency { linkPolicy.fetch.totalConcurrency = concurrency }
        let store = try CatalogueDatabase.openForChecks(database)
        let archive = ArchiveStore(directory: policy.archiveDirectory(databasePath: store.path))
        do {
            try archive.prepare()
        } catch {
            throw OperationFailure("cannot create the archive folder '\(archive.directory.path)': \(error.localizedDescription); check archive_dir in \(ArchivePolicy.fileName)",
                                   reason: .invalidInput)
        }
        let lock = try ArchiveLock(archive)
        defer { withExtendedLifetime(lock) {} }

        let selection: LinkSelection
        switch scope {
        case .all: selection = LinkSelection(events: nil, kinds: kinds)
        case .events(let references): selection = LinkSelection(events: try references.map { try resolveEvent($0, in: store) }, kinds: kinds)
        case .urls(let urls): selection = LinkSelection(urls: urls)
        }
        if case .urls = scope {} else { notes.staleCatalogue(store, events: selection.events) }
        let targets = try withDatabase(store) { try Self.targets(store, selection) }
        let urls = targets.map(\.url)
        let health = try withDatabase(store) { try store.health(of: urls) }
        let copies = try withDatabase(store) { try store.archivedCopies(for: urls) }

        var summary = ArchiveSummary(archiveDirectory: archive.directory.path)
        var plan: [(target: LinkTarget, copy: ArchivedCopy?)] = []
        for target in targets {
            let archived = target.kinds.filter(policy.archives)
            guard !archived.isEmpty else {
                let kinds = target.kinds.map(\.rawValue).sorted().joined(separator: ", ")
                summary.add(ArchiveItem(url: target.url, status: .skipped, reason: "\(kinds) not archived (\(ArchivePolicy.fileName) kinds)", counts: false))
                continue
            }
            if case .urls = scope {} else if !kinds.isEmpty, archived.allSatisfy({ !kinds.contains($0) }) { continue }
            guard let health = health[target.url] else {
                summary.add(ArchiveItem(url: target.url, status: .skipped, reason: "never checked: run presskit check first"))
                continue
            }
            guard health.verdict.isSuccess else {
                let status = health.httpStatus.map { " (HTTP \($0))" } ?? ""
                summary.add(ArchiveItem(url: target.url, status: .skipped,
                                        reason: "last check: \(health.verdict.rawValue)\(status) on \(ArchiveSummary.day(health.lastChecked))",
                                        copy: copies[target.url]))
                continue
            }
            // A copy whose file left the store (removed by hand) is fetched again, unconditionally.
            let copy = copies[target.url].flatMap { archive.contains(sha256: $0.sha256) ? $0 : nil }
            plan.append((target, copy))
        }
        try removeAbandonedPartials(archive, keeping: Set(plan.map { Self.partialName($0.target.url) }))

        var configuration = linkPolicy.fetch
        configuration.totalTimeout = .seconds(7 * 86_400)
        configuration.linkDeadline = .seconds(7 * 86_400)
        let started = ContinuousClock.now
        let downloaded = DownloadProgress()
        let expected = plan.reduce(Int64(0)) { $0 + (health[$1.target.url]?.contentLength ?? 0) }
        var storeBytes = try withDatabase(store) { try store.archivedBytes() }
        var requests: [FetchRequest] = []
        var planned: [String: ArchivedCopy?] = [:]
        for (target, copy) in plan {
            let partial = archive.partialDirectory.appendingPathComponent(Self.partialName(target.url))
            var request = FetchRequest(url: target.url, strategy: .rangedGet)
            let room = policy.maxTotalBytes.map { max(0, $0 - storeBytes) } ?? Int64.max
            request.download = DownloadTarget(
                partialPath: partial.path, resumeValidator: Self.readValidator(partial), maxBytes: min(policy.maxFileBytes, room),
                progress: downloaded)
            request.download?.validatorPath = partial.path + ".validator"
            request.ifNoneMatch = copy?.etag
            request.ifModifiedSince = copy?.lastModified
            requests.append(request)
            planned[target.url] = copy
        }
        summary.planned = requests.count
        if !requests.isEmpty {
            let engine = try FetchEngine(configuration: configuration)
            let done = Mutex(0)
            let total = requests.count
            let ticker = Task {
                while !Task.isCancelled {
                    progress(ArchiveProgress(done: done.withLock { $0 }, total: total, bytes: downloaded.bytesWritten,
                                             expectedBytes: expected, elapsed: ContinuousClock.now - started))
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            defer { ticker.cancel() }
            for await result in engine.fetch(requests) {
                let url = result.request.url
                let copy = planned[url] ?? nil
                let item = try admit(result, copy: copy, archive: archive, store: store, policy: policy, storeBytes: &storeBytes)
                summary.add(item)
                done.withLock { $0 += 1 }
            }
            ticker.cancel()
            progress(ArchiveProgress(done: total, total: total, bytes: downloaded.bytesWritten, expectedBytes: expected,
                                     elapsed: ContinuousClock.now - started))
        }
        summary.downloadedBytes = downloaded.bytesWritten
        summary.storeBytes = try withDatabase(store) { try store.archivedBytes() }
        summary.elapsed = ContinuousClock.now - started
        summary.sort()
        return summary
    }

    /// Moves a finished download into the store and records it, or says why not.
    private func admit(_ result: FetchResult, copy: ArchivedCopy?, archive: ArchiveStore, store: CatalogueStore,
                       policy: ArchivePolicy, storeBytes: inout Int64) throws -> ArchiveItem {
        let url = result.request.url
        let partial = URL(fileURLWithPath: result.request.download?.partialPath ?? "")
        let validatorFile = partial.path + ".validator"
        guard let outcome = result.download else {
            return ArchiveItem(url: url, status: .failed, reason: result.detail ?? result.verdict.hint, copy: copy)
        }
        switch outcome.state {
        case .notModified:
            return ArchiveItem(url: url, status: .unchanged, copy: copy)
        case .tooLarge(let declared):
            unlink(validatorFile)
            let size = declared.map { " (\(ByteSize.text($0)))" } ?? ""
            if let declared, declared <= policy.maxFileBytes, let limit = policy.maxTotalBytes {
                return ArchiveItem(url: url, status: .skipped, reason: "too large\(size): the archive would pass max_total_bytes (\(ByteSize.text(limit)))", copy: copy)
            }
            if declared == nil, let limit = policy.maxTotalBytes, limit - storeBytes < policy.maxFileBytes {
                return ArchiveItem(url: url, status: .skipped, reason: "too large: the archive would pass max_total_bytes (\(ByteSize.text(limit)))", copy: copy)
            }
            return ArchiveItem(url: url, status: .skipped, reason: "too large\(size): over max_file_bytes (\(ByteSize.text(policy.maxFileBytes)))", copy: copy)
        case .incomplete(let reason):
            if outcome.resumeValidator == nil {
                unlink(partial.path)
                unlink(validatorFile)
            }
            let verdict = result.verdict.isSuccess ? reason : "\(result.verdict.name): \(result.detail ?? reason)"
            return ArchiveItem(url: url, status: .failed, reason: verdict, copy: copy)
        case .complete(let sha256, let size):
            let alreadyStored = archive.contains(sha256: sha256)
            if !alreadyStored, let limit = policy.maxTotalBytes, storeBytes + size > limit {
                unlink(partial.path)
                unlink(validatorFile)
                return ArchiveItem(url: url, status: .skipped,
                                   reason: "too large (\(ByteSize.text(size))): the archive would pass max_total_bytes (\(ByteSize.text(limit)))", copy: copy)
            }
            do {
                try archive.admit(partial, sha256: sha256)
            } catch {
                return ArchiveItem(url: url, status: .failed, reason: "\(error)", copy: copy)
            }
            unlink(validatorFile)
            let new = ArchivedCopy(url: url, sha256: sha256, size: size, contentType: result.contentType, etag: result.etag,
                                   lastModified: result.lastModified, fetchedAt: Date())
            try withDatabase(store) { try store.recordArchivedCopy(new) }
            if !alreadyStored { storeBytes += size }
            // The URL's earlier file, if no URL names it any more, leaves the store.
            if let old = copy, old.sha256 != sha256, try withDatabase(store, { try !store.isArchiveHashReferenced(old.sha256) }) {
                try? FileManager.default.removeItem(at: archive.fileURL(sha256: old.sha256))
                storeBytes -= old.size
            }
            var item = ArchiveItem(url: url, status: copy == nil ? .archived : .replaced, copy: new)
            item.resumedFrom = outcome.resumedFrom
            item.stored = alreadyStored ? "already stored" : nil
            return item
        }
    }

    /// Partial files of URLs this run does not download: removed when the run covers every event,
    /// kept otherwise (another run's scope may resume them).
    private func removeAbandonedPartials(_ archive: ArchiveStore, keeping names: Set<String>) throws {
        guard case .all = scope, kinds.isEmpty else { return }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: archive.partialDirectory.path)) ?? []
        for entry in entries where entry != ArchiveLock.fileName {
            let base = entry.hasSuffix(".validator") ? String(entry.dropLast(".validator".count)) : entry
            if !names.contains(base) { unlink(archive.partialDirectory.appendingPathComponent(entry).path) }
        }
    }

    /// The partial file of a URL: the SHA-256 of the URL, so any URL makes a safe, fixed-length name.
    static func partialName(_ url: String) -> String {
        ArchiveStore.hex(SHA256.hash(data: Array(url.utf8))) + ".part"
    }

    static func readValidator(_ partial: URL) -> String? {
        guard let text = try? String(contentsOfFile: partial.path + ".validator", encoding: .utf8) else { return nil }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return line.isEmpty ? nil : line
    }

    static func targets(_ store: CatalogueStore, _ selection: LinkSelection) throws -> [LinkTarget] {
        var targets: [LinkTarget] = []
        var after: String?
        while true {
            let page = try store.linkTargets(selection, after: after, limit: 1_000)
            guard let last = page.last else { break }
            targets += page
            after = last.url
        }
        return targets
    }
}

/// Progress of a running archive, for a progress bar: files done, bytes written.
public struct ArchiveProgress: Sendable {
    public var done: Int
    public var total: Int
    public var bytes: Int64
    /// The sum of the sizes the last checks declared (0 when none did).
    public var expectedBytes: Int64
    public var elapsed: Duration
}

/// One archive run at a time per archive folder: two runs downloading into the same partial file
/// would interleave their bytes. An exclusive `flock`, dropped by the kernel however the process ends.
final class ArchiveLock {
    static let fileName = "lock"
    private let descriptor: Int32

    init(_ archive: ArchiveStore) throws {
        let path = archive.partialDirectory.appendingPathComponent(Self.fileName).path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OperationFailure("cannot open the archive lock \(path): \(String(cString: strerror(errno)))", reason: .databaseUnavailable)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw OperationFailure("another presskit archive is running on \(archive.directory.path); try again when it ends", reason: .checkRunning)
        }
    }

    deinit {
        close(descriptor)
    }
}
