#if canImport(Glibc)
import Glibc
#endif

/// The scheduling priority of a link check's bookkeeping: ten nice levels below the thread that
/// starts the run (at most 19), while the engine thread, which drives the transfers, keeps its own.
///
/// Bookkeeping (reading the next targets, turning results into records and listing entries, the
/// SQLite writes) costs about as much CPU as the engine thread. At the same priority it took cores
/// from whatever answers the engine: on a 2-core machine checking 10,000 links on a loopback nginx,
/// nginx waited 200 ms in all for a core while runnable and the engine thread sat idle 130 ms for
/// its answers; with bookkeeping lowered the engine waited 80 ms and the run took 10% less wall time
/// (README "Issue 12 §4"). Bookkeeping still gets every idle moment, and a run on a busy server
/// yields to the services beside it rather than competing with them.
///
/// Linux keeps a nice value per thread, and `setpriority(PRIO_PROCESS, 0, …)` sets the calling
/// thread's; a thread of a shared pool (Dispatch's, Swift concurrency's) keeps it after the run.
/// So only `CheckOperation` asks for it: `presskit check`'s process ends with its run.
struct BookkeepingPriority: Sendable {
    let nice: Int32

    /// Nil when the calling thread's nice value cannot be read or is 19 already.
    init?() {
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0, current < 19 else { return nil }
        nice = min(19, current + 10)
    }

    /// Lowers the calling thread to `nice` (idempotent: an absolute value). A thread already lower
    /// stays so: raising it back needs a privilege, and the call fails harmlessly.
    func applyToCurrentThread() {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
    }
}
