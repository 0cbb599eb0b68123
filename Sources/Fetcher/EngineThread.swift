import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// A dedicated POSIX thread for the libcurl loop, joined on shutdown.
///
/// Not a Task: `curl_multi_poll` blocks, and a blocked call on Swift's cooperative pool would
/// starve every other task. Not Foundation's `Thread`: a pthread is all this needs and can be joined.
struct EngineThread: Sendable {
    private let thread: pthread_t

    /// Starts `body` on a new thread. `body` is `sending`: whatever it captures (the loop with its
    /// libcurl handles) moves to the new thread and is not touched by the caller again.
    static func start(_ body: sending @escaping () -> Void) throws(FetchError) -> EngineThread {
        final class Box {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            // Named for `top -H` and /proc (15 characters at most), where staff and tests tell it
            // from the bookkeeping threads.
            presskit_name_current_thread("presskit-engine")
            box.body()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw .handleCreation("thread (error \(status))")
        }
        return EngineThread(thread: thread)
    }

    /// Waits for the thread to end.
    func join() {
        pthread_join(thread, nil)
    }
}
