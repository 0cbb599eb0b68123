import PressKit

/// Every exit status presskit uses, written once: the help texts' "Exit status" paragraphs are
/// built from this table (`paragraph`), and README.md's "Exit status" table opens each row with
/// the same `meaning` (a test compares them through `presskit --help`).
enum ExitStatus: Int32, CaseIterable {
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
    /// `check` stopped by SIGINT (Ctrl-C), 128 + its number, as a shell expects; see `Interruption`.
    case interrupted = 130
    /// `check` stopped by SIGTERM, 128 + its number.
    case terminated = 143

    /// The table's words for the status, as help texts and README.md say them.
    var meaning: String {
        switch self {
        case .success: "success"
        case .problemsFound: "problems found"
        case .invalidInput: "usage error or invalid input"
        case .databaseUnavailable: "database unavailable"
        case .checkRunning: "another check is running"
        case .networkUnavailable: "no host could be reached"
        case .interrupted: "interrupted by SIGINT"
        case .terminated: "interrupted by SIGTERM"
        }
    }

    /// The status an operation's failure ends the command with.
    init(_ reason: OperationFailure.Reason) {
        switch reason {
        case .problemsFound: self = .problemsFound
        case .invalidInput: self = .invalidInput
        case .databaseUnavailable: self = .databaseUnavailable
        case .checkRunning: self = .checkRunning
        }
    }

    /// A help text's paragraph: `statuses` in order, each as its code and the table's meaning, with
    /// what it means for this command in parentheses when `details` says.
    static func paragraph(_ statuses: [ExitStatus], details: [ExitStatus: String] = [:]) -> String {
        let entries = statuses.map { status in
            "\(status.rawValue) \(status.meaning)" + (details[status].map { " (\($0))" } ?? "")
        }
        return "Exit status: " + entries.joined(separator: "; ") + "."
    }
}

/// Thrown to end a command with this status and no message (what went wrong is printed already).
extension ExitStatus: Error {}

/// An error a person reads: one statement and what to do, printed as `presskit: error: …`.
struct CommandFailure: Error {
    var message: String
    var status: ExitStatus
}
