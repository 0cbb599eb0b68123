import StrictYAML
import ArgumentParser
import Catalogue
import Foundation
import PressKit

extension Presskit {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Check catalogue files, then load them into the database in one transaction.",
            discussion: """
                Every file is checked first; if any has an error, all errors are printed as path:line:column \
                and the database is left exactly as it was (exit 2). Importing the same files twice changes \
                nothing. An event whose file lies under the PATHs given but no longer defines it is removed \
                with its stories and assets; link-check history, kept per URL, is never removed.
                """)

        @Argument(help: ArgumentHelp("Catalogue files or folders (default: Catalog).", valueName: "path"))
        var paths: [String] = []

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format: text or json.")
        var format: ReportFormat = .text

        func run() throws {
            let paths = self.paths.isEmpty ? CatalogueImport.defaultPaths : self.paths
            let outcome: CatalogueImport.Outcome
            do {
                outcome = try CatalogueImport.run(paths, databasePath: database.resolvedPath)
            } catch let invalid as InvalidInput {
                throw reportInvalid(invalid, action: "nothing was imported")
            }
            printWarnings(outcome.reading.diagnostics)
            switch format {
            case .json:
                Terminal.write(ImportReport.json(outcome, database: database.resolvedPath))
            case .text:
                Terminal.write(ImportReport.text(outcome, database: database.resolvedPath))
            }
        }
    }
}

/// Output formats of commands that report rather than list.
enum ReportFormat: String, CaseInsensitiveArgument {
    case text, json
}

/// Prints every diagnostic and returns the failure that ends the command with exit status 2.
func reportInvalid(_ invalid: InvalidInput, action: String) -> CommandFailure {
    for diagnostic in invalid.diagnostics {
        Terminal.printLineToStandardError(diagnostic.description)
    }
    let errors = invalid.diagnostics.errors
    let files = Set(errors.map(\.path)).count
    return CommandFailure(
        message: "\(errors.count) error\(errors.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"); \(action)",
        status: .invalidInput)
}

func printWarnings(_ diagnostics: [Diagnostic]) {
    for warning in diagnostics where warning.severity == .warning {
        Terminal.printLineToStandardError(warning.description)
    }
}
