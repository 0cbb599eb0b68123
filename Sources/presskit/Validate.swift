import ArgumentParser
import PressKit

extension Presskit {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check catalogue files without writing anything.",
            discussion: "Prints every problem as path:line:column: error: message.\n\n"
                + ExitStatus.paragraph([.success, .invalidInput], details: [.success: "no error", .invalidInput: "an error in a file"]))

        @Argument(help: ArgumentHelp("Catalogue files or folders (default: Catalog).", valueName: "path"))
        var paths: [String] = []

        @Option(help: "Output format: text, or json (the diagnostics as a list, for editors and CI).")
        var format: ReportFormat = .text

        @OptionGroup var policies: PolicyOptions

        func run() throws {
            // The press-kit policy's default_language is the language of texts written as plain strings.
            let language = try policies.pressKitPolicy().defaultLanguage
            let validation = try CatalogueImport.validate(paths, format: format, notes: Terminal.notes, defaultLanguage: language)
            Terminal.write(validation.text)
            // As JSON the diagnostics are the output: invalid files exit 2 with no message besides.
            if !validation.valid { throw ExitStatus.invalidInput }
        }
    }
}
