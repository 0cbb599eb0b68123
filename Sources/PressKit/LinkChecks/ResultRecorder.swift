import Catalogue
import Dispatch
import Foundation
import Synchronization

/// Commits check results to the store in batches from a serial queue of its own: every `batchSize`
/// results, and at least every `interval` while results wait, whether or not more arrive. A run killed
/// at any moment keeps all but the last fraction of a second, and SQLite writes never block the task
/// that drains the engine.
///
/// Until the run reaches a host (`release`), results are held rather than written: if it never does,
/// the network is down on this side and the run records nothing (`discard`). Only results that
/// failed at DNS or connect (or were not contacted on purpose) are ever held, and those are the
/// problems the run's report keeps anyway, so holding them costs little beyond what the report
/// holds; once the first host answers, the held results are written and the rest stream as before.
///
/// `@unchecked Sendable`: the pending results and the first error sit behind a `Mutex`; the timer is
/// set up in `init` and only cancelled afterwards, which Dispatch allows from any thread.
final class ResultRecorder: @unchecked Sendable {
    private let store: CatalogueStore
    private let run: String
    private let batchSize: Int
    private let priority: BookkeepingPriority?
    private let queue = DispatchQueue(label: "presskit.result-recorder")
    private let state = Mutex(State())
    private let timer: DispatchSourceTimer

    private struct State {
        var pending: [LinkCheck] = []
        var holding = true
        var recorded = 0
        var failure: (any Error)?
    }

    init(store: CatalogueStore, run: String, batchSize: Int, interval: Duration, priority: BookkeepingPriority? = nil) {
        self.store = store
        self.run = run
        self.batchSize = batchSize
        self.priority = priority
        timer = DispatchSource.makeTimerSource(queue: queue)
        let milliseconds = max(1, Int(interval.seconds * 1_000))
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    func add(_ checks: [LinkCheck]) {
        let full = state.withLock { state in
            state.pending.append(contentsOf: checks)
            return !state.holding && state.pending.count >= batchSize
        }
        if full { queue.async { self.flush() } }
    }

    /// The run reached a host: what was held is written, and results are written as they come.
    func release() {
        state.withLock { $0.holding = false }
        queue.async { self.flush() }
    }

    /// Checks written so far.
    var recordedCount: Int { state.withLock { $0.recorded } }

    /// Writes what is pending, unless holding; runs on `queue` only.
    private func flush() {
        priority?.applyToCurrentThread()
        let batch = state.withLock { state -> [LinkCheck] in
            guard !state.holding else { return [] }
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
        guard !batch.isEmpty else { return }
        do {
            try store.record(batch, run: run)
            state.withLock { $0.recorded += batch.count }
        } catch {
            state.withLock { $0.failure = $0.failure ?? error }
        }
    }

    /// Stops the timer, writes the rest (held results too, when `discardingHeld` is false), and
    /// reports the first write error, if any.
    func finish(discardingHeld: Bool) throws {
        timer.cancel()
        state.withLock { state in
            if state.holding {
                if discardingHeld { state.pending = [] }
                state.holding = false
            }
        }
        queue.sync { flush() }
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }
}
