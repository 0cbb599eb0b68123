import Catalogue
import Foundation
import StrictYAML

/// Where `presskit archive` keeps the office's copies and how much it may keep: `Policies/archive.yaml`.
/// Every key is optional; `ArchivePolicy()` holds the documented defaults (Policies/README.md).
public struct ArchivePolicy: Hashable, Sendable {
    public static let fileName = "archive.yaml"
    static let keys = ["archive_dir", "max_file_bytes", "max_total_bytes", "kinds"]
    /// 20 GiB: a day of broadcast-quality b-roll fits, a runaway stream does not.
    public static let defaultMaxFileBytes: Int64 = 20 * 1_073_741_824

    /// The archive folder as written; relative paths are resolved against the database's folder.
    public var archiveDir: String = "archive/"
    /// A file larger than this is not archived (skipped with a reason, never half kept).
    public var maxFileBytes: Int64 = ArchivePolicy.defaultMaxFileBytes
    /// The most the store may hold in all; `nil`: no limit.
    public var maxTotalBytes: Int64?
    /// The kinds archived; `nil`: every kind.
    public var kinds: [AssetKind]?

    public init(archiveDir: String = "archive/", maxFileBytes: Int64 = ArchivePolicy.defaultMaxFileBytes,
                maxTotalBytes: Int64? = nil, kinds: [AssetKind]? = nil) {
        self.archiveDir = archiveDir
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.kinds = kinds
    }

    /// The archive folder for the database at `databasePath`: `archive_dir` when absolute, else
    /// resolved against the database's own folder (so a cron job run from anywhere finds the same store).
    public func archiveDirectory(databasePath: String) -> URL {
        let database = URL(fileURLWithPath: databasePath).standardizedFileURL
        let base = database.deletingLastPathComponent()
        if archiveDir.hasPrefix("/") { return URL(fileURLWithPath: archiveDir, isDirectory: true).standardizedFileURL }
        return base.appendingPathComponent(archiveDir, isDirectory: true).standardizedFileURL
    }

    /// Whether assets of `kind` are archived.
    public func archives(_ kind: AssetKind) -> Bool {
        kinds?.contains(kind) ?? true
    }
}

extension ArchivePolicy {
    /// Reads `archive.yaml` from `directory`; a folder without it gives the defaults, a missing
    /// folder is an error (as for the other policies).
    public static func load(from directory: String) throws -> ArchivePolicy {
        try PolicyFolder.check(directory)
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return ArchivePolicy() }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws -> ArchivePolicy {
        var d: [Diagnostic] = []
        var policy = ArchivePolicy()
        guard let root = YAMLText.parse(path: path, data: data, into: &d) else { throw InvalidInput(diagnostics: d) }
        if let map = MappingReader(root, what: "the archive policy", path: path, diagnostics: &d) {
            if let text = map.text("archive_dir", into: &d) {
                if text.trimmedWhitespace.isEmpty || text.utf8.contains(0) {
                    d.append(map.diagnostic(at: map.node("archive_dir"), "'archive_dir' must be a folder, like archive/ or /srv/presskit/archive"))
                } else {
                    policy.archiveDir = text
                }
            }
            if let text = map.text("max_file_bytes", into: &d) {
                if let bytes = ByteSize.parse(text), bytes > 0 { policy.maxFileBytes = bytes } else {
                    d.append(map.diagnostic(at: map.node("max_file_bytes"), "'max_file_bytes' must be a size like 500 MB, 4 GB or 20 GiB, found '\(text.prefix(40))'"))
                }
            }
            if let text = map.text("max_total_bytes", into: &d) {
                if text == "unlimited" { policy.maxTotalBytes = nil } else if let bytes = ByteSize.parse(text), bytes > 0 {
                    policy.maxTotalBytes = bytes
                } else {
                    d.append(map.diagnostic(at: map.node("max_total_bytes"), "'max_total_bytes' must be a size like 500 GB or 2 TiB, or unlimited, found '\(text.prefix(40))'"))
                }
            }
            if map.has("kinds") {
                var kinds: [AssetKind] = []
                let names = AssetKind.allCases.map(\.rawValue)
                for node in map.list("kinds", into: &d) {
                    guard let text = node.text?.trimmedWhitespace, let kind = AssetKind(rawValue: text) else {
                        d.append(map.diagnostic(at: node, "unknown asset kind '\((node.text ?? "").prefix(40))'"
                            + Suggestions.didYouMean(node.text ?? "", in: names) + "; kinds are \(names.joined(separator: ", "))"))
                        continue
                    }
                    if !kinds.contains(kind) { kinds.append(kind) }
                }
                policy.kinds = kinds
            }
            map.reportUnknownKeys(known: keys, into: &d)
        }
        if d.hasErrors { throw InvalidInput(diagnostics: d.sorted()) }
        return policy
    }
}

extension PolicySet {
    /// `archive.yaml` from the policies folder, or the defaults.
    public func archivePolicy() throws -> ArchivePolicy {
        guard let folder = path else { return ArchivePolicy() }
        do {
            return try ArchivePolicy.load(from: folder)
        } catch let invalid as InvalidInput {
            throw OperationFailure(invalid, action: "fix the policy and run again")
        }
    }
}
