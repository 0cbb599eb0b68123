import StrictYAML
import ArgumentParser
import Catalogue
import PressKit

extension Presskit {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check catalogue files without writing anything.",
            discussion: "Prints every problem as path:line:column: error: message. Exit 0 when there is no error, 2 otherwise.")

        @Argument(help: ArgumentHelp("Catalogue files or folders (default: Catalog).", valueName: "path"))
        var paths: [String] = []

        @Option(help: "Output format: text, or json (the diagnostics as a list, for editors and CI).")
        var format: ReportFormat = .text

        func run() throws {
            let paths = self.paths.isEmpty ? CatalogueImport.defaultPaths : self.paths
            let reading = CatalogueImport.read(paths)
            if format == .json {
                Terminal.write(ImportReport.diagnosticsJSON(reading))
                if reading.diagnostics.hasErrors { throw ExitStatus.invalidInput.code }
                return
            }
            if reading.diagnostics.hasErrors {
                throw reportInvalid(InvalidInput(diagnostics: reading.diagnostics), action: "fix them and validate again")
            }
            printWarnings(reading.diagnostics)
            Terminal.write(ImportReport.validated(reading))
        }
    }
}
