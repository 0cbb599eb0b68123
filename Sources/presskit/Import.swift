import ArgumentParser
import PressKit

extension Presskit {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Check catalogue files, then load them into the database in one transaction.",
            discussion: """
                Every file is checked first; if any has an error, all errors are printed as path:line:column \
                and the database is left exactly as it was (exit \(ExitStatus.invalidInput.rawValue)). Importing the same files twice changes \
                nothing. An event whose file lies under the PATHs given but no longer defines it is removed \
                with its stories and assets; link-check history, kept per URL, is never removed.
                """)

        @Argument(help: ArgumentHelp("Catalogue files or folders (default: Catalog).", valueName: "path"))
        var paths: [String] = []

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format: text or json.")
        var format: ReportFormat = .text

        @OptionGroup var policies: PolicyOptions

        func run() throws {
            // The press-kit policy's default_language is the language of texts written as plain strings.
            let language = try policies.pressKitPolicy().defaultLanguage
            Terminal.write(try CatalogueImport.importing(paths, database: database.resolvedPath, format: format,
                                                         notes: Terminal.notes, defaultLanguage: language))
        }
    }
}
