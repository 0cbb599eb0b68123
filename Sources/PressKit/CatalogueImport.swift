import StrictYAML
import Catalogue
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// `defaultLanguage`: the press-kit policy's `default_language`, the language of plain-string texts.
    public static func read(_ paths: [String], defaultLanguage: String = "en") -> Reading {
        let (sources, fileDiagnostics) = CatalogueFiles.collect(paths)
        var (catalogue, diagnostics) = CatalogueReader.read(sources, defaultLanguage: defaultLanguage)
        diagnostics = (fileDiagnostics + diagnostics).sorted()
        if sources.isEmpty && !fileDiagnostics.hasErrors { diagnostics.append(noFiles(paths)) }
        return Reading(catalogue: catalogue, diagnostics: diagnostics, fileCount: sources.count)
    }

    public struct Outcome: Sendable {
        public var reading: Reading
        public var summary: ImportSummary
    }

    /// Reads `paths`, and only when they hold no error, makes the database at `databasePath` match them
    /// in one transaction (created if missing). Throws `InvalidInput` with every diagnostic otherwise,
    /// leaving the database exactly as it was — not even created.
    ///
    /// A file whose bytes are the same as when it was last imported (same path, same
    /// `CatalogueReader.digest`, which includes the version of the rules) was checked then and is not
    /// parsed again; its ids still take part in the duplicate checks.
    public static func run(_ paths: [String], databasePath: String, defaultLanguage: String = "en") throws -> Outcome {
        let (sources, fileDiagnostics) = CatalogueFiles.collect(paths)
        guard !fileDiagnostics.hasErrors else { throw InvalidInput(diagnostics: fileDiagnostics) }
        // An existing database is opened (and refused, when it is not a writable presskit catalogue)
        // before any file is parsed; a new one is created only once every file has been read.
        var existing = stat()
        let existed = lstat(databasePath, &existing) == 0
        let store = existed ? try CatalogueStore(path: databasePath, access: .create) : nil
        var imported: [String: (digest: String, eventID: String)] = [:]
        if let store {
            do { imported = try store.unchangedSources() } catch { throw CatalogueStore.StorageError(path: databasePath, error: error) }
        }
        var unchanged: [String: String] = [:] // event id → path, of files skipped
        let changed = sources.filter { source in
            guard let known = imported[absolutePath(source.path)], known.digest == CatalogueReader.digest(of: source.data) else {
                return true
            }
            unchanged[known.eventID] = source.path
            return false
        }
        var (catalogue, diagnostics) = CatalogueReader.read(changed, alsoDefined: unchanged, defaultLanguage: defaultLanguage)
        diagnostics = (fileDiagnostics + diagnostics).sorted()
        if sources.isEmpty { diagnostics.append(noFiles(paths)) }
        guard !diagnostics.hasErrors else { throw InvalidInput(diagnostics: diagnostics) }
        // The store keeps absolute source paths, so that an import's scope matches however the
        // folder was spelled on the command line.
        catalogue.sourcePaths = catalogue.sourcePaths.mapValues(absolutePath)
        let summary: ImportSummary
        do {
            summary = try (store ?? CatalogueStore(path: databasePath, access: .create))
                .importCatalogue(catalogue, scope: paths.map(absolutePath), keeping: Set(unchanged.keys))
        } catch {
            // A first import that failed (a full disk, say) leaves no database behind: a schema-only
            // one would list "No events." as if the import had worked.
            if !existed { CatalogueStore.removeFiles(of: databasePath) }
            throw error
        }
        return Outcome(reading: Reading(catalogue: catalogue, diagnostics: diagnostics, fileCount: sources.count), summary: summary)
    }

    private static func noFiles(_ paths: [String]) -> Diagnostic {
        Diagnostic(path: paths.joined(separator: ", "), line: 0, column: 0, message: "no catalogue files (.yaml, .yml) found")
    }

    static func absolutePath(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        var standardized = url.standardizedFileURL.path
        while standardized.count > 1 && standardized.hasSuffix("/") { standardized.removeLast() }
        return standardized
    }
}
