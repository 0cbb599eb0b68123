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
        var pending: (@Sendable () -> String)?
        var pendingScheduled = false
    }

    private let enabled: Bool
    private let state = Mutex(State())

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: CheckProgress) {
        show({ Self.line(progress) }, final: progress.done == progress.total)
    }

    /// `archive`: files done, bytes written and their rate, and the ETA from the sizes the last
    /// checks declared (by files when none did).
    func update(_ progress: ArchiveProgress) {
        show({ Self.line(progress) }, final: progress.done == progress.total)
    }

    /// `line` is made only when it is drawn: updates come once per group of results, and formatting
    /// each (String(format:)) was 2% of a quiet 10,000-link check's work for a bar nobody saw.
    private func show(_ line: @escaping @Sendable () -> String, final: Bool) {
        guard enabled else { return }
        let scheduleRedraw = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            guard ContinuousClock.now - state.lastDraw >= .milliseconds(100) || final else {
                state.pending = line
                defer { state.pendingScheduled = true }
                return !state.pendingScheduled
            }
            Self.draw(line(), in: &state)
            return false
        }
        guard scheduleRedraw else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
            state.withLock { state in
                state.pendingScheduled = false
                if let pending = state.pending, !state.finished { Self.draw(pending(), in: &state) }
            }
        }
    }

    private static func line(_ progress: CheckProgress) -> String {
        let elapsed = progress.elapsed.seconds
        let rate = elapsed > 0 ? Double(progress.done) / elapsed : 0
        let remaining = rate > 0 ? Int(Double(progress.total - progress.done) / rate) : 0
        return String(format: "\r%@ %d/%d  %.1f/s  %d failing  ETA %d:%02d \u{1B}[K", bar(progress.done, progress.total),
                      progress.done, progress.total, rate, progress.failures, remaining / 60, remaining % 60)
    }

    private static func line(_ progress: ArchiveProgress) -> String {
        let elapsed = progress.elapsed.seconds
        let rate = elapsed > 0 ? Double(progress.bytes) / elapsed : 0
        let byBytes = progress.expectedBytes > 0
        let remaining: Int
        if byBytes {
            remaining = rate > 0 ? Int(Double(max(0, progress.expectedBytes - progress.bytes)) / rate) : 0
        } else {
            let filesRate = elapsed > 0 ? Double(progress.done) / elapsed : 0
            remaining = filesRate > 0 ? Int(Double(progress.total - progress.done) / filesRate) : 0
        }
        let filled = byBytes ? Int(min(1, Double(progress.bytes) / Double(progress.expectedBytes)) * 1_000) : progress.done * 1_000 / max(progress.total, 1)
        return String(format: "\r%@ %d/%d files  %@  %@/s  ETA %d:%02d \u{1B}[K", bar(filled, 1_000), progress.done, progress.total,
                      megabytes(progress.bytes), megabytes(Int64(rate)), remaining / 60, remaining % 60)
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    private static func bar(_ done: Int, _ total: Int) -> String {
        let width = 24
        let filled = total > 0 ? min(width, width * done / total) : width
        return String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    }

    /// Draws `line`; called with the lock held.
    private static func draw(_ line: String, in state: inout State) {
        state.lastDraw = .now
        state.pending = nil
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
