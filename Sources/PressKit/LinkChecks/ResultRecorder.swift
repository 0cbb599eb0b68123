import Catalogue
import Dispatch
import Foundation
import Synchronization

/// Commits check results to the store in batches from a serial queue of its own: every `batchSize`
/// results, and at least every `interval` while results wait, whether or not more arrive. A run killed
/// at any moment keeps all but the last fraction of a second, and SQLite writes never block the task
/// that drains the engine.
///
/// `@unchecked Sendable`: the pending results and the first error sit behind a `Mutex`; the timer is
/// set up in `init` and only cancelled afterwards, which Dispatch allows from any thread.
final class ResultRecorder: @unchecked Sendable {
    private let store: CatalogueStore
    private let run: String
    private let batchSize: Int
    private let queue = DispatchQueue(label: "presskit.result-recorder")
    private let state = Mutex(State())
    private let timer: DispatchSourceTimer

    private struct State {
        var pending: [LinkCheck] = []
        var failure: (any Error)?
    }

    init(store: CatalogueStore, run: String, batchSize: Int, interval: Duration) {
        self.store = store
        self.run = run
        self.batchSize = batchSize
        timer = DispatchSource.makeTimerSource(queue: queue)
        let milliseconds = max(1, Int(interval.seconds * 1_000))
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    func add(_ checks: [LinkCheck]) {
        let full = state.withLock { state in
            state.pending.append(contentsOf: checks)
            return state.pending.count >= batchSize
        }
        if full { queue.async { self.flush() } }
    }

    /// Writes what is pending; runs on `queue` only.
    private func flush() {
        let batch = state.withLock { state in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
        guard !batch.isEmpty else { return }
        do {
            try store.record(batch, run: run)
        } catch {
            state.withLock { $0.failure = $0.failure ?? error }
        }
    }

    /// Stops the timer, writes the rest, and reports the first write error, if any.
    func finish() throws {
        timer.cancel()
        queue.sync { flush() }
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }
}
