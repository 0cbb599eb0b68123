import Catalogue
import StrictYAML

/// Why an operation could not do what was asked, in words a person reads: one statement and what
/// to do. The command line prints `message` as `presskit: error: …` (after `details`, one line each)
/// and maps `reason` to its exit status (the CLI's `ExitStatus`, the one table of them).
public struct OperationFailure: Error, Sendable, CustomStringConvertible {
    /// The outcomes that end a command other than in success; each is one exit status.
    public enum Reason: Sendable, CaseIterable {
        /// The command ran and found problems (a kit the policy refuses).
        case problemsFound
        /// Input files or arguments with errors, an unknown event, an output that cannot be written.
        case invalidInput
        /// The database cannot be used (missing, unreadable, locked, damaged, from a newer presskit).
        case databaseUnavailable
        /// Another check holds the database's run lock.
        case checkRunning
    }

    public var message: String
    public var reason: Reason
    /// Lines to show before the message: every diagnostic of an invalid catalogue or policy.
    public var details: [String] = []

    public init(_ message: String, reason: Reason, details: [String] = []) {
        self.message = message
        self.reason = reason
        self.details = details
    }

    public var description: String { message }

    /// Every diagnostic as a detail line, and a message counting the errors, then `action`
    /// ("nothing was imported", "fix the policy and run again").
    public init(_ invalid: InvalidInput, action: String) {
        let errors = invalid.diagnostics.errors
        let files = Set(errors.map(\.path)).count
        self.init("\(errors.count) error\(errors.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"); \(action)",
                  reason: .invalidInput, details: invalid.diagnostics.map(\.description))
    }

    /// The failure a store error means, for errors that escaped an operation: opening a catalogue
    /// (`CatalogueStore.OpenError`) or writing to it (`StorageError`) make the database unavailable.
    /// Nil for anything else.
    public static func from(_ error: any Error) -> OperationFailure? {
        switch error {
        case let failure as OperationFailure: failure
        case let error as CatalogueStore.OpenError: OperationFailure(error.description, reason: .databaseUnavailable)
        case let error as CatalogueStore.StorageError: OperationFailure(error.description, reason: .databaseUnavailable)
        default: nil
        }
    }
}
