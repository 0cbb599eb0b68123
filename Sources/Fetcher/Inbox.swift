import CCurl
import Synchronization

/// The only door into the engine thread: other threads leave work here and wake the thread.
///
/// Everything crossing threads goes through one `Mutex`: submitted batches, cancellations and the
/// stop flag. The thread takes them out at the top of each loop turn; nothing else is shared.
final class Inbox: Sendable {
    struct Submission: Sendable {
        let id: Int
        let requests: [FetchRequest]
        /// Each request's URL, parsed by the submitting thread: the engine thread paces a check,
        /// and parsing there cost it about 2,900 instructions a URL (2% of its work in a recheck).
        let urls: [Result<LinkURL, LinkURL.Problem>]
        let output: ResultOutput
    }

    /// The multi handle, for `curl_multi_wakeup` only. libcurl documents that call as safe from any
    /// thread (https://curl.se/libcurl/c/curl_multi_wakeup.html); the pointer is published by the
    /// engine thread after creating the handle and withdrawn, under the same lock, before the handle
    /// is cleaned up, so a wakeup never touches a freed handle.
    struct WakeHandle: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer
    }

    struct State: Sendable {
        var submissions: [Submission] = []
        var cancelled: [Int] = []
        var stopRequested = false
        var wakeHandle: WakeHandle?
        var nextID = 0
    }

    private let state = Mutex(State())

    /// A fresh batch id.
    func makeID() -> Int {
        state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
    }

    /// Leaves a batch for the engine; `false` when the engine is stopping and will not take it.
    func submit(_ submission: Submission) -> Bool {
        state.withLock { state in
            guard !state.stopRequested else { return false }
            state.submissions.append(submission)
            wake(state)
            return true
        }
    }

    func cancel(batch id: Int) {
        state.withLock { state in
            state.cancelled.append(id)
            wake(state)
        }
    }

    /// Asks the engine to stop; `true` only for the first caller, who then joins the thread.
    func requestStopOnce() -> Bool {
        state.withLock { state in
            guard !state.stopRequested else { return false }
            state.stopRequested = true
            wake(state)
            return true
        }
    }

    /// Called by the engine thread: takes everything waiting.
    func take() -> (submissions: [Submission], cancelled: [Int], stop: Bool) {
        state.withLock { state in
            defer {
                state.submissions.removeAll()
                state.cancelled.removeAll()
            }
            return (state.submissions, state.cancelled, state.stopRequested)
        }
    }

    /// Called by the engine thread: publishes (or, with `nil`, withdraws) the multi handle.
    func publish(_ handle: WakeHandle?) {
        state.withLock { $0.wakeHandle = handle }
    }

    private func wake(_ state: State) {
        if let handle = state.wakeHandle { curl_multi_wakeup(handle.multi) }
    }
}
