import Catalogue
import StrictYAML

/// Output formats of commands that report rather than list (`import`, `validate`).
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json
}

/// `presskit validate` and `presskit import`: catalogue files read and checked, diagnostics as
/// notes or failures, and what to print.
extension CatalogueImport {
    /// What `validate` prints, and whether the files hold no error.
    public struct Validation: Sendable {
        public var text: String
        public var valid: Bool
    }

    /// Checks `paths` (the default folder when empty) without writing anything. As JSON the
    /// diagnostics are the output; as text, errors fail with every diagnostic and warnings are notes.
    public static func validate(_ paths: [String], format: ReportFormat, notes: OperationNotes,
                                defaultLanguage: String = "en") throws -> Validation {
        let reading = read(paths.isEmpty ? defaultPaths : paths, defaultLanguage: defaultLanguage)
        if format == .json {
            return Validation(text: ImportReport.diagnosticsJSON(reading), valid: !reading.diagnostics.hasErrors)
        }
        if reading.diagnostics.hasErrors {
            throw OperationFailure(InvalidInput(diagnostics: reading.diagnostics), action: "fix them and validate again")
        }
        noteWarnings(reading.diagnostics, notes)
        return Validation(text: ImportReport.validated(reading), valid: true)
    }

    /// Checks `paths` (the default folder when empty) and loads them into the database at
    /// `database` in one transaction; returns what to print. Errors fail with every diagnostic,
    /// leaving the database as it was.
    public static func importing(_ paths: [String], database: String, format: ReportFormat, notes: OperationNotes,
                                 defaultLanguage: String = "en") throws -> String {
        let outcome: Outcome
        do {
            outcome = try run(paths.isEmpty ? defaultPaths : paths, databasePath: database, defaultLanguage: defaultLanguage)
        } catch let invalid as InvalidInput {
            throw OperationFailure(invalid, action: "nothing was imported")
        }
        noteWarnings(outcome.reading.diagnostics, notes)
        return switch format {
        case .json: ImportReport.json(outcome, database: database)
        case .text: ImportReport.text(outcome, database: database)
        }
    }

    private static func noteWarnings(_ diagnostics: [Diagnostic], _ notes: OperationNotes) {
        for warning in diagnostics where warning.severity == .warning {
            notes.line(warning.description)
        }
    }
}
