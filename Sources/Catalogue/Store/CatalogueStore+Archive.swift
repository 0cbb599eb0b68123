import Foundation
import GRDB

/// The archive's catalogue of copies (`presskit archive`): one row per URL naming the stored file by
/// its SHA-256. The files themselves live in the archive folder, which PressKit manages; a row is
/// written only after its file is complete in the store, so every row names a whole file.
extension CatalogueStore {
    static let archivedCopiesMigration = "v10: archived copies"

    static func createArchivedCopies(_ db: Database) throws {
        // fetched_at as every instant in the store (Timestamp: RFC 3339, UTC, milliseconds).
        // verified_at: when `archive --verify` last re-hashed the file and found it whole.
        try db.execute(sql: """
            CREATE TABLE archived_copy (
                url TEXT PRIMARY KEY NOT NULL,
                sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                size INTEGER NOT NULL CHECK (size >= 0),
                content_type TEXT,
                etag TEXT,
                last_modified TEXT,
                fetched_at TEXT NOT NULL,
                verified_at TEXT
            ) WITHOUT ROWID;
            CREATE INDEX archived_copy_on_sha256 ON archived_copy(sha256);
            """)
    }

    private static let copyColumns = "url, sha256, size, content_type, etag, last_modified, fetched_at"

    private static func copy(_ row: Row) -> ArchivedCopy {
        ArchivedCopy(url: row[0], sha256: row[1], size: row[2], contentType: row[3], etag: row[4],
                     lastModified: row[5], fetchedAt: Timestamp.date(row[6]))
    }

    /// The archived copies of those of `urls` that have one, by URL.
    public func archivedCopies(for urls: [String]) throws -> [String: ArchivedCopy] {
        guard !urls.isEmpty else { return [:] }
        return try pool.read { db in
            guard try db.tableExists("archived_copy") else { return [:] }  // a read-only catalogue not yet at v10
            // A check asks about every link that failed; where nothing is archived, that is one question.
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM archived_copy)") == true else { return [:] }
            var copies: [String: ArchivedCopy] = [:]
            let statement = try db.cachedStatement(sql: "SELECT \(Self.copyColumns) FROM archived_copy WHERE url = ?")
            for url in Set(urls) {
                if let row = try Row.fetchOne(statement, arguments: [url]) { copies[url] = Self.copy(row) }
            }
            return copies
        }
    }

    /// Every archived copy, in URL order.
    public func allArchivedCopies() throws -> [ArchivedCopy] {
        try pool.read { db in
            guard try db.tableExists("archived_copy") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT \(Self.copyColumns) FROM archived_copy ORDER BY url").map(Self.copy)
        }
    }

    /// Records `copy` (replacing the URL's earlier copy), in one transaction.
    public func recordArchivedCopy(_ copy: ArchivedCopy) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO archived_copy (\(Self.copyColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
                  content_type = excluded.content_type, etag = excluded.etag, last_modified = excluded.last_modified,
                  fetched_at = excluded.fetched_at, verified_at = NULL
                """, arguments: [copy.url, copy.sha256, copy.size, copy.contentType, copy.etag, copy.lastModified,
                                 Timestamp.text(copy.fetchedAt)])
        }
    }

    /// Forgets the copies of `urls` (their files stay until no row names them; see `unreferencedArchiveHashes`).
    public func removeArchivedCopies(urls: [String]) throws {
        try pool.write { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM archived_copy WHERE url = ?")
            for url in urls { try statement.execute(arguments: [url]) }
        }
    }

    /// Notes that the stored files `sha256s` were re-hashed at `moment` and found whole.
    public func markArchiveVerified(sha256s: [String], at moment: Date) throws {
        let stamp = Timestamp.text(moment)
        try pool.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE archived_copy SET verified_at = ? WHERE sha256 = ?")
            for hash in sha256s { try statement.execute(arguments: [stamp, hash]) }
        }
    }

    /// Bytes the archive's store holds: each distinct file once, however many URLs name it.
    public func archivedBytes() throws -> Int64 {
        try pool.read { db in
            guard try db.tableExists("archived_copy") else { return 0 }
            return try Int64.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM (SELECT sha256, max(size) AS size FROM archived_copy GROUP BY sha256)") ?? 0
        }
    }

    /// Whether any URL's copy is the stored file `sha256`.
    public func isArchiveHashReferenced(_ sha256: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM archived_copy WHERE sha256 = ? LIMIT 1", arguments: [sha256]) == true
        }
    }
}
