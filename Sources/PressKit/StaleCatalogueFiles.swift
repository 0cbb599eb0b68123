import Catalogue
import Foundation

/// Catalogue files edited or removed since they were imported: the database, and so every listing,
/// kit and check, still says what they said then. Commands warn about them and import nothing
/// themselves: an import is the office's own step, and may fail on what was just typed.
public enum StaleCatalogueFiles {
    /// One warning per file of `events` (every event when nil) whose bytes differ from the import,
    /// or that is gone, sorted by path; paths under the current folder are shown relative to it.
    public static func warnings(_ store: CatalogueStore, events: [String]? = nil) throws -> [String] {
        let files = try store.importedFiles(of: events)
        var warnings: [String] = []
        for (path, digest) in files.sorted(by: { $0.key < $1.key }) where !path.isEmpty {
            let shown = relative(path)
            guard let data = FileManager.default.contents(atPath: path) else {
                if !FileManager.default.fileExists(atPath: path) {
                    warnings.append("\(shown) was removed since the last import: run presskit import")
                }
                continue
            }
            if CatalogueReader.digest(of: data) != digest {
                warnings.append("\(shown) changed since the last import: run presskit import")
            }
        }
        return warnings
    }

    static func relative(_ path: String) -> String {
        let folder = FileManager.default.currentDirectoryPath
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
