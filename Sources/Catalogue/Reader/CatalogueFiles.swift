import StrictYAML
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds catalogue files on disk: `*.yaml` and `*.yml` below each folder given (hidden files and
/// folders skipped, and `drafts` folders below them), and any file or folder named directly, whatever its
/// ending. Paths are sorted so runs are repeatable.
public enum CatalogueFiles {
    public static let extensions: Set<String> = ["yaml", "yml"]

    public static func collect(_ paths: [String]) -> ([CatalogueSource], [Diagnostic]) {
        var sources: [CatalogueSource] = []
        var diagnostics: [Diagnostic] = []
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(path: path, line: 0, column: 0, message: "no such file or folder"))
                continue
            }
            let files: [String]
            if isDirectory.boolValue {
                let (found, strays) = catalogueFiles(under: path)
                files = found
                diagnostics += strays
            } else {
                files = [path]
            }
            if isDirectory.boolValue && files.isEmpty {
                diagnostics.append(Diagnostic(path: path, line: 0, column: 0, severity: .warning,
                                              message: "folder holds no .yaml or .yml files"))
            }
            for file in files {
                switch read(file) {
                case .success(let data): sources.append(CatalogueSource(path: file, data: data))
                case .failure(let diagnostic): diagnostics.append(diagnostic)
                }
            }
        }
        return (sources, diagnostics)
    }

    /// The catalogue files below `folder`, and an error for each `.yaml`/`.yml` entry that is not a
    /// regular file once symbolic links are followed (a FIFO, a socket, a folder, a dangling link).
    /// Skipping such an entry quietly would make an import remove its event from the catalogue; a
    /// symbolic link to a file (an office sharing one event file between folders) is read as the file.
    /// A folder of this name below a folder given is skipped: drafts are not yet the catalogue.
    public static let draftsFolder = "drafts"

    private static func catalogueFiles(under folder: String) -> ([String], [Diagnostic]) {
        let base = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return ([], []) }
        var found: [String] = []
        var strays: [Diagnostic] = []
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let basePath = base.standardizedFileURL.path
        for case let url as URL in enumerator {
            // Drafts (`presskit ingest` writes them to Catalog/drafts/) are read only when named.
            if url.lastPathComponent == draftsFolder, (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
                enumerator.skipDescendants()
                continue
            }
            guard extensions.contains(url.pathExtension.lowercased()) else { continue }
            // Keep the path as the user spelled the folder, so diagnostics match what they typed.
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(basePath + "/") ? String(full.dropFirst(basePath.count + 1)) : url.lastPathComponent
            let path = prefix + relative
            var status = stat()
            if stat(full, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
                found.append(path)
            } else if stat(full, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                continue  // a folder named like a file: the enumerator walks into it
            } else {
                strays.append(Diagnostic(path: path, line: 0, column: 0,
                                         message: "not a regular file (a broken symbolic link, a pipe or a socket); a catalogue file must be a file"))
            }
        }
        return (found.sorted(), strays.sorted { $0.path < $1.path })
    }

    /// Reads at most one byte more than the size limit, so a huge file is refused without loading it.
    private static func read(_ path: String) -> Result<Data, Diagnostic> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Diagnostic(path: path, line: 0, column: 0, message: "cannot read the file; check its permissions"))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: YAMLText.maximumFileSize + 1) ?? Data()
            if data.count > YAMLText.maximumFileSize {
                return .failure(Diagnostic(path: path, line: 0, column: 0,
                                           message: YAMLText.tooLargeMessage))
            }
            return .success(data)
        } catch {
            return .failure(Diagnostic(path: path, line: 0, column: 0, message: "cannot read the file: \(error.localizedDescription)"))
        }
    }
}
