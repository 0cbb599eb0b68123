import Foundation
import PressKit

/// A one-line progress bar on stderr (done/total, rate, failures, ETA), redrawn at most 10 times a
/// second; nothing at all when stderr is not a terminal or with --quiet.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: CheckProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard ContinuousClock.now - lastDraw >= .milliseconds(100) || progress.done == progress.total else { return }
        lastDraw = .now
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
        if drawn { Terminal.printToStandardError("\r\u{1B}[K") }
    }
}
