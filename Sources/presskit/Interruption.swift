import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns the first SIGINT (Ctrl-C) or SIGTERM during a check into an orderly stop: the handler
/// given to `watch` runs (the check is cancelled, records what it has and says so), and the
/// process exits 128 + the signal's number as a shell expects (`ExitStatus.interrupted`,
/// `.terminated`). A second signal ends the process at once (with the same status): what was
/// recorded is committed already. Before `watch` and after `end` a signal acts as usual.
///
/// `@unchecked Sendable`: the signal sources are created in `watch` and cancelled in `end` (or
/// `deinit`), both called by the one task that runs the check; what the handlers share sits
/// behind a `Mutex`.
final class Interruption: @unchecked Sendable {
    private let state = Mutex(State())
    private var sources: [any DispatchSourceSignal] = []
    private var watched: [Int32] = []

    private struct State {
        var signal: Int32?
        var handler: (@Sendable () -> Void)?
    }

    init() {}

    deinit {
        _ = end()
    }

    /// Watches SIGINT and SIGTERM, except one the process was started ignoring (a job started in
    /// the background by a script ignores SIGINT, and should go on ignoring it), and runs `handler`
    /// on the first of them.
    func watch(_ handler: @escaping @Sendable () -> Void) {
        state.withLock { $0.handler = handler }
        watched = [SIGINT, SIGTERM].filter { !Self.isIgnored($0) }
        for number in watched {
            // libdispatch sees a signal only while its default action (ending the process) is off.
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching: signals act as usual again. Returns the exit status of the signal that
    /// stopped the run, if one did.
    func end() -> Int32? {
        for source in sources { source.cancel() }
        for number in watched { Glibc.signal(number, SIG_DFL) }
        sources = []
        watched = []
        return exitStatus
    }

    private static func isIgnored(_ number: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(number, nil, &current) == 0 else { return false }
        // SIG_IGN is the handler address 1 (<signal.h>); Swift cannot compare C function pointers.
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1
    }

    /// The signal that stopped the run, if any.
    var signal: Int32? { state.withLock { $0.signal } }

    /// The exit status for the signal: 130 for SIGINT, 143 for SIGTERM.
    var exitStatus: Int32? { signal.map { 128 + $0 } }

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
