import ArgumentParser

/// Every exit status presskit uses; README.md ("Exit status") documents the same table.
enum ExitStatus: Int32 {
    /// The command did what was asked.
    case success = 0
    /// The command ran and found problems (failing links, a kit that breaks policy).
    case problemsFound = 1
    /// Wrong arguments, input files (catalogue, policies) with errors, an unknown EVENT, or an output path that cannot be written.
    case invalidInput = 2
    /// The database cannot be used: missing, unreadable, locked past the wait, or from a newer presskit.
    case databaseUnavailable = 3
    /// `check`: another check holds this database's run lock (past `--wait`).
    case checkRunning = 4
    /// `check`: no host could be reached (DNS or connect failed for every one); nothing was recorded.
    case networkUnavailable = 5
    // 130 and 143 (128 + SIGINT, SIGTERM): a check interrupted; see `Interruption`.

    var code: ExitCode { ExitCode(rawValue) }
}

/// An error a person reads: one statement and what to do, printed as `presskit: error: …`.
struct CommandFailure: Error {
    var message: String
    var status: ExitStatus
}
