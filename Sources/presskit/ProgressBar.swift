import Foundation
import PressKit
import Synchronization

/// A one-line progress bar on stderr (done/total, rate, failures, ETA), redrawn at most 10 times a
/// second; nothing at all when stderr is not a terminal or with --quiet.
///
/// Updates come from the check's result stream and a delayed redraw from Dispatch; what they share
/// sits behind one `Mutex`, so the type is `Sendable` without an unchecked promise.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw = ContinuousClock.now - .seconds(1)
        var drawn = false
        var finished = false
        /// The latest update not drawn yet, and whether a draw of it is already scheduled: results
        /// come in bursts, and the last of a burst followed by a long wait (a stalled host) must be
        /// shown then, not when the wait ends.
        var pending: CheckProgress?
        var pendingScheduled = false
    }

    private let enabled: Bool
    private let state = Mutex(State())

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: CheckProgress) {
        guard enabled else { return }
        let scheduleRedraw = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            guard ContinuousClock.now - state.lastDraw >= .milliseconds(100) || progress.done == progress.total else {
                state.pending = progress
                defer { state.pendingScheduled = true }
                return !state.pendingScheduled
            }
            Self.draw(progress, in: &state)
            return false
        }
        guard scheduleRedraw else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
            state.withLock { state in
                state.pendingScheduled = false
                if let pending = state.pending, !state.finished { Self.draw(pending, in: &state) }
            }
        }
    }

    /// Draws `progress`; called with the lock held.
    private static func draw(_ progress: CheckProgress, in state: inout State) {
        state.lastDraw = .now
        state.pending = nil
        let elapsed = progress.elapsed.seconds
        let rate = elapsed > 0 ? Double(progress.done) / elapsed : 0
        let remaining = rate > 0 ? Int(Double(progress.total - progress.done) / rate) : 0
        let width = 24
        let filled = progress.total > 0 ? width * progress.done / progress.total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r%@ %d/%d  %.1f/s  %d failing  ETA %d:%02d \u{1B}[K", bar, progress.done, progress.total,
                          rate, progress.failures, remaining / 60, remaining % 60)
        Terminal.printToStandardError(line)
        state.drawn = true
    }

    func finish() {
        state.withLock { state in
            state.finished = true
            if state.drawn { Terminal.printToStandardError("\r\u{1B}[K") }
        }
    }
}
