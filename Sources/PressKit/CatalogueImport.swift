import StrictYAML
import Catalogue
import Foundation

/// Reading catalogue files and loading them into the database, as `presskit validate` and
/// `presskit import` do: every file is checked before anything is written.
public enum CatalogueImport {
    /// The folder read when no path is given.
    public static let defaultPaths = ["Catalog"]

    /// What reading the files found: the catalogue (complete only without errors), every diagnostic,
    /// and how many files were read.
    public struct Reading: Sendable {
        public var catalogue: Catalogue
        public var diagnostics: [Diagnostic]
        public var fileCount: Int
    }

    public static func read(_ paths: [String]) -> Reading {
        let (sources, fileDiagnostics) = CatalogueFiles.collect(paths)
        var (catalogue, diagnostics) = CatalogueReader.read(sources)
        diagnostics = (fileDiagnostics + diagnostics).sorted()
        if sources.isEmpty && !fileDiagnostics.hasErrors {
            diagnostics.append(Diagnostic(path: paths.joined(separator: ", "), line: 0, column: 0,
                                          message: "no catalogue files (.yaml, .yml) found"))
        }
        return Reading(catalogue: catalogue, diagnostics: diagnostics, fileCount: sources.count)
    }

    public struct Outcome: Sendable {
        public var reading: Reading
        public var summary: ImportSummary
    }

    /// Reads `paths`, and only when they hold no error, makes the database at `databasePath` match them
    /// in one transaction (created if missing). Throws `InvalidInput` with every diagnostic otherwise,
    /// leaving the database exactly as it was — not even created.
    public static func run(_ paths: [String], databasePath: String) throws -> Outcome {
        var reading = read(paths)
        guard !reading.diagnostics.hasErrors else { throw InvalidInput(diagnostics: reading.diagnostics) }
        // The store keeps absolute source paths, so that an import's scope matches however the
        // folder was spelled on the command line.
        reading.catalogue.sourcePaths = reading.catalogue.sourcePaths.mapValues(absolutePath)
        let store = try CatalogueStore(path: databasePath, create: true)
        let summary = try store.importCatalogue(reading.catalogue, scope: paths.map(absolutePath))
        return Outcome(reading: reading, summary: summary)
    }

    static func absolutePath(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        var standardized = url.standardizedFileURL.path
        while standardized.count > 1 && standardized.hasSuffix("/") { standardized.removeLast() }
        return standardized
    }
}
