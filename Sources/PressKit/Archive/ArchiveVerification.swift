import Catalogue
import Foundation

/// `presskit archive --verify`: re-reads every stored file and compares its SHA-256 with its name
/// and the catalogue's rows, so bit rot (or a file edited or removed by hand) is found while the
/// original link may still work to fetch it again.
public struct ArchiveVerification: Sendable {
    public var database: String
    public var policies: PolicySet

    public init(database: String, policies: PolicySet) {
        self.database = database
        self.policies = policies
    }

    /// One stored file that failed.
    public struct Failure: Sendable, Equatable {
        public enum Problem: String, Sendable, CaseIterable { case missing, mismatch }
        public var sha256: String
        public var problem: Problem
        /// What the bytes hash to now (nil when missing).
        public var found: String?
        public var size: Int64?
        /// The URLs whose copy it is.
        public var urls: [String]
    }

    public struct Report: Sendable {
        public var archiveDirectory: String
        public var files = 0
        public var bytes: Int64 = 0
        public var failures: [Failure] = []

        public func text() -> String {
            var out = ""
            for failure in failures {
                let what = failure.problem == .missing ? "missing from the store"
                    : "bytes changed: they hash to \(failure.found ?? "")"
                out += "FAILED sha256 \(failure.sha256): \(what) (\(failure.urls.map(PlainTextEscaping.oneLine).joined(separator: ", ")))\n"
            }
            out += "Verified \(files) file\(files == 1 ? "" : "s"), \(ByteSize.text(bytes)): \(files - failures.count) intact, "
                + "\(failures.count) failed, in \(archiveDirectory).\n"
            return out
        }

        /// `presskit.archive-verify/1` (README.md, "presskit archive"), written as every other report is.
        public func json() -> String {
            JSONText.encode(Document(report: self))
        }

        private struct Document: Encodable {
            let schema = "presskit.archive-verify/1"
            var archiveDirectory: String
            var files: Int
            var bytes: Int64
            var intact: Int
            var failed: [Failed]

            struct Failed: Encodable {
                var sha256: String
                var problem: String
                var urls: [String]
                var foundSHA256: String?
                var size: Int64?

                enum CodingKeys: String, CodingKey {
                    case sha256, problem, urls, foundSHA256 = "found_sha256", size
                }
            }

            enum CodingKeys: String, CodingKey {
                case schema, archiveDirectory = "archive_dir", files, bytes, intact, failed
            }

            init(report: Report) {
                archiveDirectory = report.archiveDirectory
                files = report.files
                bytes = report.bytes
                intact = report.files - report.failures.count
                failed = report.failures.map {
                    Failed(sha256: $0.sha256, problem: $0.problem.rawValue, urls: $0.urls, foundSHA256: $0.found, size: $0.size)
                }
            }
        }
    }

    public func run() throws -> Report {
        let policy = try policies.archivePolicy()
        let store = try CatalogueDatabase.openExisting(database)
        let archive = ArchiveStore(directory: policy.archiveDirectory(databasePath: store.path))
        let copies = try withDatabase(store) { try store.allArchivedCopies() }
        var byHash: [String: [ArchivedCopy]] = [:]
        for copy in copies { byHash[copy.sha256, default: []].append(copy) }
        var report = Report(archiveDirectory: archive.directory.path)
        var intact: [String] = []
        for hash in byHash.keys.sorted() {
            let urls = byHash[hash]!.map(\.url).sorted(by: { $0 < $1 })
            report.files += 1
            guard let found = try? archive.rehash(sha256: hash) else {
                report.failures.append(Failure(sha256: hash, problem: .missing, found: nil, size: nil, urls: urls))
                continue
            }
            report.bytes += found.size
            if found.sha256 == hash {
                intact.append(hash)
            } else {
                report.failures.append(Failure(sha256: hash, problem: .mismatch, found: found.sha256, size: found.size, urls: urls))
            }
        }
        if !store.isReadOnly { try? store.markArchiveVerified(sha256s: intact, at: Date()) }
        return report
    }
}
