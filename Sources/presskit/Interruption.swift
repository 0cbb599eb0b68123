import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns the first SIGINT (Ctrl-C) or SIGTERM during a check into an orderly stop: the handler
/// given to `onSignal` runs (the check is cancelled, records what it has and says so), and the
/// process exits 128 + the signal's number as a shell expects. A second signal ends the process at
/// once (with the same status): what was recorded is committed already.
///
/// `@unchecked Sendable`: the signal sources are created in `init` and only cancelled in `deinit`;
/// what they share sits behind a `Mutex`.
final class Interruption: @unchecked Sendable {
    private let state = Mutex(State())
    private var sources: [any DispatchSourceSignal] = []

    private struct State {
        var signal: Int32?
        var handler: (@Sendable () -> Void)?
    }

    init() {
        for number in [SIGINT, SIGTERM] {
            // libdispatch sees a signal only while its default action (ending the process) is off.
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { Glibc.signal(number, SIG_DFL) }
    }

    /// The signal that stopped the run, if any.
    var signal: Int32? { state.withLock { $0.signal } }

    /// The exit status for the signal: 130 for SIGINT, 143 for SIGTERM.
    var exitStatus: Int32? { signal.map { 128 + $0 } }

    /// Runs `handler` on the first signal (at once if one already came).
    func onSignal(_ handler: @escaping @Sendable () -> Void) {
        let already = state.withLock { state in
            state.handler = handler
            return state.signal != nil
        }
        if already { handler() }
    }

    private func received(_ number: Int32) {
        let (first, handler) = state.withLock { state -> (Bool, (@Sendable () -> Void)?) in
            guard state.signal == nil else { return (false, nil) }
            state.signal = number
            return (true, state.handler)
        }
        guard first else { Foundation.exit(128 + number) }
        handler?()
    }
}
