import StrictYAML
import Foundation

/// Finds catalogue files on disk: `*.yaml` and `*.yml` below each folder given (hidden files and
/// folders skipped), and any file named directly, whatever its ending. Paths are sorted so runs are repeatable.
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
            let files = isDirectory.boolValue ? catalogueFiles(under: path) : [path]
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

    private static func catalogueFiles(under folder: String) -> [String] {
        let base = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var found: [String] = []
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let basePath = base.standardizedFileURL.path
        for case let url as URL in enumerator where extensions.contains(url.pathExtension.lowercased()) {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            // Keep the path as the user spelled the folder, so diagnostics match what they typed.
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(basePath + "/") ? String(full.dropFirst(basePath.count + 1)) : url.lastPathComponent
            found.append(prefix + relative)
        }
        return found.sorted()
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
