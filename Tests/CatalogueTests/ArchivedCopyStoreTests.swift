import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalogue

/// The archive's rows: one copy per URL, looked up by URL, the store's total counting each file once.
@Suite struct ArchivedCopyStoreTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("catalogue.sqlite"), access: .create)
    }

    static let hashA = String(repeating: "a", count: 64)
    static let hashB = String(repeating: "b", count: 64)
    let fetched = Date(timeIntervalSince1970: 1_700_000_000.5)  // milliseconds, as stored

    @Test func theMigrationIsNamedAndComesAfterTheDraftedItems() throws {
        let applied = try store.pool.read { try Schema.migrator.appliedIdentifiers($0) }
        #expect(applied.contains("v10: archived copies"))
        #expect(applied.contains(CatalogueStore.draftedItemsMigration))
        let columns = try store.pool.read { try $0.columns(in: "archived_copy").map(\.name) }
        #expect(columns == ["url", "sha256", "size", "content_type", "etag", "last_modified", "fetched_at", "verified_at"])
    }

    @Test func aRecordedCopyIsFoundByItsURLAndReplacedByTheNextOne() throws {
        let first = ArchivedCopy(url: "https://example.org/a.mp4", sha256: Self.hashA, size: 412_000_000, contentType: "video/mp4",
                                 etag: "\"v1\"", lastModified: "Mon, 20 Nov 2023 10:00:00 GMT", fetchedAt: fetched)
        try store.recordArchivedCopy(first)
        let found = try store.archivedCopies(for: ["https://example.org/a.mp4", "https://example.org/none.mp4"])
        #expect(found == ["https://example.org/a.mp4": first])
        // Stored as the rest of the store stores instants.
        let text = try store.pool.read { try String.fetchOne($0, sql: "SELECT fetched_at FROM archived_copy") }
        #expect(text == Timestamp.text(fetched))

        var second = first
        second.sha256 = Self.hashB
        second.size = 10
        second.etag = nil
        try store.recordArchivedCopy(second)
        #expect(try store.archivedCopies(for: [first.url])[first.url] == second)
        #expect(try store.allArchivedCopies() == [second])
    }

    @Test func theTotalCountsEachStoredFileOnce() throws {
        // Given two URLs serving the same bytes and a third serving others,
        for (url, hash, size) in [("https://a.example/x", Self.hashA, Int64(100)), ("https://b.example/x", Self.hashA, 100),
                                  ("https://c.example/y", Self.hashB, 7)] {
            try store.recordArchivedCopy(ArchivedCopy(url: url, sha256: hash, size: size, fetchedAt: fetched))
        }
        // the store holds 107 bytes, not 207.
        #expect(try store.archivedBytes() == 107)
        #expect(try store.isArchiveHashReferenced(Self.hashA))
        try store.removeArchivedCopies(urls: ["https://a.example/x", "https://b.example/x"])
        #expect(try !store.isArchiveHashReferenced(Self.hashA))
        #expect(try store.archivedBytes() == 7)
    }

    @Test func aHashThatIsNotSixtyFourCharactersIsRefused() throws {
        #expect(throws: (any Error).self) {
            try store.recordArchivedCopy(ArchivedCopy(url: "https://example.org/a", sha256: "abc", size: 1, fetchedAt: fetched))
        }
    }
}
