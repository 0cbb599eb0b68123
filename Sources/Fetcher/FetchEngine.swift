/// The link checker's engine: requests in, results out, over one long-lived libcurl multi handle.
///
/// ```swift
/// let engine = try FetchEngine(configuration: configuration)
/// for await result in engine.fetch(requests) { record(result) }
/// ```
///
/// Why this is safe under Swift 6 strict concurrency:
/// - All libcurl handles (multi, share, easy) are created, used and freed on one dedicated POSIX
///   thread (`EngineThread`) inside `EngineLoop`, which is handed to that thread as a `sending`
///   value and never referenced elsewhere. libcurl handles are not thread-safe; confinement is the
///   guarantee, and the compiler checks the hand-over.
/// - `FetchEngine` itself holds only `Sendable` parts: the `Inbox` (state behind a `Mutex` from
///   the Synchronization module) and the joinable thread id. It is `Sendable` without `@unchecked`.
/// - Work crosses into the thread only through the inbox; the thread is woken with
///   `curl_multi_wakeup`, the one libcurl call documented as callable from any thread. Results cross
///   out through `AsyncStream.Continuation`, which is `Sendable`.
/// - Blocking calls (`curl_multi_poll`) run on that thread, never on Swift's cooperative pool.
public final class FetchEngine: Sendable {
    private let inbox = Inbox()
    private let thread: EngineThread
    public let configuration: FetchConfiguration

    /// Creates the multi handle and starts the engine thread.
    public init(configuration: FetchConfiguration = FetchConfiguration()) throws(FetchError) {
        self.configuration = configuration
        let loop = try EngineLoop(configuration: configuration, inbox: inbox)
        thread = try EngineThread.start { loop.run() }
    }

    deinit {
        shutdown()
    }

    /// Checks `requests`, yielding one result per request as each check finishes (not in request
    /// order). The stream ends after the last result and keeps the engine alive until then. Cancelling
    /// the consuming task (or dropping the stream) cancels the checks not yet finished. Results are
    /// buffered without bound, so a consumer should keep reading; results are small (body prefix at
    /// most `keptBodyBytes`).
    public func fetch(_ requests: [FetchRequest]) -> AsyncStream<FetchResult> {
        let (stream, continuation) = AsyncStream.makeStream(of: FetchResult.self)
        submit(requests, output: .each(continuation), continuation)
        return stream
    }

    /// Like `fetch(_:)`, but yields the results in groups: those that finished in the same turn of
    /// the engine's loop, at least one each. For callers checking thousands of links, where waking
    /// the consumer once per result costs more than the result.
    public func fetchInGroups(_ requests: [FetchRequest]) -> AsyncStream<[FetchResult]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [FetchResult].self)
        submit(requests, output: .groups(continuation), continuation)
        return stream
    }

    private func submit<Element>(_ requests: [FetchRequest], output: ResultOutput,
                                 _ continuation: AsyncStream<Element>.Continuation) {
        guard !requests.isEmpty else {
            continuation.finish()
            return
        }
        let id = inbox.makeID()
        // The handler holds the engine, so an open stream keeps it (and its thread) alive even if
        // the caller drops its last reference; `AsyncStream` drops the handler when the stream ends.
        continuation.onTermination = { termination in
            if case .cancelled = termination { self.inbox.cancel(batch: id) }
        }
        let urls = requests.map { LinkURL.parse($0.url, allowed: configuration.allowedSchemes) }
        if !inbox.submit(Inbox.Submission(id: id, requests: requests, urls: urls, output: output)) {
            continuation.finish()
        }
    }

    /// Checks one link.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResult {
        for await result in fetch([request]) { return result }
        throw .engineStopped
    }

    /// Stops the engine thread, abandoning unfinished checks (their streams end early), and waits
    /// for it. Idempotent; also done on deinit.
    public func shutdown() {
        if inbox.requestStopOnce() { thread.join() }
    }
}
