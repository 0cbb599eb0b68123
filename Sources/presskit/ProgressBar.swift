import Foundation
import PressKit

/// A one-line progress bar on stderr (done/total, rate, failures, ETA), redrawn at most 10 times a
/// second; nothing at all when stderr is not a terminal or with --quiet.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false
    private var finished = false
    /// The latest update not drawn yet, and whether a draw of it is already scheduled: results come
    /// in bursts, and the last of a burst followed by a long wait (a stalled host) must be shown
    /// then, not when the wait ends.
    private var pending: CheckProgress?
    private var pendingScheduled = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: CheckProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        guard ContinuousClock.now - lastDraw >= .milliseconds(100) || progress.done == progress.total else {
            pending = progress
            if !pendingScheduled {
                pendingScheduled = true
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
                    lock.lock()
                    defer { lock.unlock() }
                    pendingScheduled = false
                    if let pending, !finished { draw(pending) }
                }
            }
            return
        }
        draw(progress)
    }

    /// Draws `progress`; the caller holds the lock.
    private func draw(_ progress: CheckProgress) {
        lastDraw = .now
        pending = nil
        let elapsed = progress.elapsed.seconds
        let rate = elapsed > 0 ? Double(progress.done) / elapsed : 0
        let remaining = rate > 0 ? Int(Double(progress.total - progress.done) / rate) : 0
        let width = 24
        let filled = progress.total > 0 ? width * progress.done / progress.total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r%@ %d/%d  %.1f/s  %d failing  ETA %d:%02d \u{1B}[K", bar, progress.done, progress.total,
                          rate, progress.failures, remaining / 60, remaining % 60)
        Terminal.printToStandardError(line)
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        if drawn { Terminal.printToStandardError("\r\u{1B}[K") }
    }
}
