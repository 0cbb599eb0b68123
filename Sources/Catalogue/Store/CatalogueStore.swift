import Foundation
import GRDB

/// The catalogue database: owns the connection and every SQL statement, migrates when opened, and offers
/// operations named for what the press office does, each one transaction.
///
/// WAL mode with a connection pool: a reader sees the catalogue as of its transaction's start, so a
/// listing running while an import commits shows the old catalogue or the new one, never a mix.
public final class CatalogueStore: Sendable {
    /// Where the database lives when neither `--db` nor `PRESSKIT_DB` says otherwise.
    public static let defaultPath = "presskit.sqlite"
    /// How long a command waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 10

    public let path: String
    let pool: DatabasePool

    public enum OpenError: Error, Sendable, CustomStringConvertible {
        case missing(path: String)
        case newerSchema(path: String)
        case cannotOpen(path: String, reason: String)
        /// Opened read-only, but an older schema: only ever caught inside `init(path:readOnly:)`.
        case needsMigration

        public var description: String {
            switch self {
            case .missing(let path):
                "no catalogue database at '\(path)'; run 'presskit import' first, or pass --db or set PRESSKIT_DB"
            case .newerSchema(let path):
                "the catalogue '\(path)' was written by a newer presskit; upgrade presskit to use it"
            case .cannotOpen(let path, let reason):
                "cannot open catalogue '\(path)': \(reason); check the file and its folder's permissions, or pass --db"
            case .needsMigration:
                "the catalogue needs a migration, which a read-only open cannot make"
            }
        }
    }

    /// Opens the database at `path`, creating it only when `create` is true, and migrates it.
    ///
    /// `readOnly`: for a command that must not change the file at all (`check --due --dry-run`).
    /// A writable open writes even when nothing else does (GRDB makes sure a write-ahead log exists
    /// by creating and dropping a table), so the file is opened read-only instead, as long as its
    /// schema is current; one that needs a migration is opened for writing, as by any command.
    public convenience init(path: String, readOnly: Bool) throws {
        guard readOnly else { try self.init(path: path, create: false); return }
        do {
            try self.init(path: path, create: false, readOnlyIfCurrent: true)
        } catch OpenError.needsMigration {
            try self.init(path: path, create: false)
        }
    }

    public convenience init(path: String, create: Bool) throws {
        try self.init(path: path, create: create, readOnlyIfCurrent: false)
    }

    private init(path: String, create: Bool, readOnlyIfCurrent: Bool) throws {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw OpenError.missing(path: path)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "presskit"
        configuration.readonly = readOnlyIfCurrent
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Schema.migrator
            if try pool.read(migrator.hasBeenSuperseded) {
                throw OpenError.newerSchema(path: path)
            }
            if readOnlyIfCurrent {
                guard try pool.read(migrator.hasCompletedMigrations) else { throw OpenError.needsMigration }
            } else {
                try migrator.migrate(pool)
            }
        } catch let error as OpenError {
            throw error
        } catch let error as DatabaseError {
            throw OpenError.cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    /// A short reason a person can act on, from SQLite's result code.
    static func reason(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_CANTOPEN: "the file or its folder cannot be opened"
        case .SQLITE_PERM, .SQLITE_READONLY: "permission denied"
        case .SQLITE_NOTADB: "it is not a SQLite database"
        case .SQLITE_CORRUPT: "the database file is damaged"
        case .SQLITE_BUSY, .SQLITE_LOCKED: "another process holds it locked"
        case .SQLITE_FULL: "the disk is full"
        default: error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
    }

    /// `PRAGMA integrity_check`'s answer: "ok" for a sound database.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
