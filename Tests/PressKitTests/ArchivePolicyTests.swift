import Catalogue
import Foundation
import StrictYAML
import Testing
import TestSupport
@testable import PressKit

@Suite struct ArchivePolicyTests {
    func parse(_ yaml: String) throws -> ArchivePolicy {
        try ArchivePolicy.parse(Data(yaml.utf8), path: "Policies/archive.yaml")
    }

    @Test func theShippedPolicyIsValidAndMatchesTheDefaults() throws {
        let shipped = try ArchivePolicy.load(from: Repository.root.appendingPathComponent("Policies").path)
        #expect(shipped == ArchivePolicy(), "Policies/archive.yaml documents the defaults")
        #expect(shipped.maxFileBytes == 21_474_836_480 && shipped.maxTotalBytes == nil && shipped.kinds == nil)
        #expect(try PolicySet(directory: Repository.root.appendingPathComponent("Policies").path).archivePolicy() == shipped)
    }

    @Test func readsEveryKey() throws {
        let policy = try parse("""
            archive_dir: /srv/press/archive
            max_file_bytes: 4 GB
            max_total_bytes: 2 TiB
            kinds: [b-roll, photo, b-roll]
            """)
        #expect(policy.archiveDir == "/srv/press/archive")
        #expect(policy.maxFileBytes == 4_000_000_000)
        #expect(policy.maxTotalBytes == 2_199_023_255_552)
        #expect(policy.kinds == [.bRoll, .photo])
        #expect(policy.archives(.photo) && !policy.archives(.video))
        #expect(ArchivePolicy().archives(.webstory))
    }

    @Test func errorsNameFileLineAndColumn() {
        let problems = diagnostics {
            _ = try parse("""
                max_file_bytes: lots
                max_total_bytes: -3
                kinds: [b-roll, vidoe]
                archive_folder: x
                """)
        }
        #expect(problems.count == 4)
        #expect(problems[0].hasPrefix("Policies/archive.yaml:1:17: error: 'max_file_bytes' must be a size"), "\(problems)")
        #expect(problems[1].hasPrefix("Policies/archive.yaml:2:18: error: 'max_total_bytes'"), "\(problems)")
        #expect(problems[2].contains("3:17") && problems[2].contains("unknown asset kind 'vidoe'") && problems[2].contains("video"), "\(problems)")
        #expect(problems[3].contains("4:1") && problems[3].contains("archive_folder"), "\(problems)")
    }

    @Test func theFolderIsResolvedAgainstTheDatabasesFolder() {
        let database = "/var/lib/presskit/press.sqlite"
        #expect(ArchivePolicy().archiveDirectory(databasePath: database).path == "/var/lib/presskit/archive")
        #expect(ArchivePolicy(archiveDir: "../copies").archiveDirectory(databasePath: database).path == "/var/lib/copies")
        #expect(ArchivePolicy(archiveDir: "/srv/a/").archiveDirectory(databasePath: database).path == "/srv/a")
        // A database named without a folder is in the current one.
        let here = FileManager.default.currentDirectoryPath
        #expect(ArchivePolicy().archiveDirectory(databasePath: "press.sqlite").path == here + "/archive")
    }
}

@Suite struct ArchiveStoreTests {
    let folder: TemporaryDirectory
    let store: ArchiveStore

    init() throws {
        folder = try TemporaryDirectory()
        store = ArchiveStore(directory: folder.url.appendingPathComponent("archive"))
    }

    /// SHA-256 of "hello\n", as `sha256sum` prints it.
    static let helloHash = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"

    @Test func filesAreNamedByTheirHashUnderTwoHexDigits() {
        let url = store.fileURL(sha256: Self.helloHash)
        #expect(url.path == folder.path("archive/sha256/58/91b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"))
        #expect(store.partialDirectory.path == folder.path("archive/partial"))
        #expect(!store.partialDirectory.path.hasPrefix(store.filesDirectory.path))
        #expect(ArchiveStore.isHash(Self.helloHash) && !ArchiveStore.isHash(Self.helloHash.uppercased()) && !ArchiveStore.isHash("58"))
    }

    @Test func admittingStoresIdenticalContentOnceAndRehashFindsChanges() throws {
        try store.prepare()
        let first = try folder.write("archive/partial/one", "hello\n")
        let hashed = try ArchiveStore.hash(fileAt: URL(fileURLWithPath: first))
        #expect(hashed.sha256 == Self.helloHash && hashed.size == 6)
        try store.admit(URL(fileURLWithPath: first), sha256: hashed.sha256)
        #expect(store.contains(sha256: Self.helloHash))
        #expect(!FileManager.default.fileExists(atPath: first))

        // The same bytes again: the temporary file is dropped, the stored one kept.
        let second = try folder.write("archive/partial/two", "hello\n")
        try store.admit(URL(fileURLWithPath: second), sha256: Self.helloHash)
        #expect(!FileManager.default.fileExists(atPath: second))
        let stored = try FileManager.default.contentsOfDirectory(atPath: store.filesDirectory.appendingPathComponent("58").path)
        #expect(stored == [String(Self.helloHash.dropFirst(2))])
        #expect(try store.rehash(sha256: Self.helloHash)?.sha256 == Self.helloHash)

        // Bit rot: the bytes change under the name.
        let path = store.fileURL(sha256: Self.helloHash).path
        chmod(path, 0o644)
        try Data("hellO\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try store.rehash(sha256: Self.helloHash)?.sha256 != Self.helloHash)
        #expect(try store.rehash(sha256: String(repeating: "0", count: 64)) == nil)
    }
}
