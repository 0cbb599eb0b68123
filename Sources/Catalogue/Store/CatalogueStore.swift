import Foundation
import GRDB

/// The catalogue database: owns the connection and every SQL statement, migrates when opened for
/// writing, and offers operations named for what the press office does, each one transaction.
///
/// Writers (`import`, `check`) use WAL mode with a connection pool: a reader sees the catalogue as of
/// its transaction's start, so a listing running while an import commits shows the old catalogue or the
/// new one, never a mix. Listings open one plain connection that never creates, migrates or changes the
/// journal mode of the file (CatalogueStore+Opening.swift says how a read-only file is read).
public final class CatalogueStore: Sendable {
    /// Where the database lives when neither `--db` nor `PRESSKIT_DB` says otherwise.
    public static let defaultPath = "presskit.sqlite"
    /// How long a command waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// What a command may do to the database file.
    public enum Access: Sendable {
        /// Listings (`events`, `assets`, `show`, `manifest`, `report`): an existing presskit catalogue
        /// at the current schema, never created, migrated or switched to another journal mode. A file
        /// that cannot be written is opened read-only.
        case read
        /// `check`: an existing presskit catalogue, migrated to the current schema.
        case update
        /// `import`: as `update`, creating the database when there is none.
        case create
    }

    public let path: String
    /// True when the file could only be opened for reading (a read-only file, folder or file system).
    public let isReadOnly: Bool
    let pool: any DatabaseWriter

    /// Opens the database at `path` for `access`; throws `OpenError` naming the cause when it cannot.
    public init(path: String, access: Access) throws {
        self.path = path
        let file = try DatabaseFile(path: path, access: access)
        isReadOnly = !file.isWritable
        do {
            if file.exists {
                let reading = try file.connection()
                try Self.checkSchema(reading, path: path, access: access)
                if access == .read {
                    pool = reading
                    return
                }
            }
            var configuration = Self.configuration()
            configuration.label = "presskit"
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
            self.pool = pool
        } catch let error as OpenError {
            throw error
        } catch let error as DatabaseError {
            throw OpenError.from(error, path: path)
        }
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        return configuration
    }

    /// Refuses a database presskit did not write, or cannot use at this access, before anything
    /// (journal mode, migrations) touches it.
    private static func checkSchema(_ database: any DatabaseReader, path: String, access: Access) throws {
        let migrator = Schema.migrator
        try database.read { db in
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            if tables == 0 {
                // An empty file (made by `touch`, say) becomes a catalogue only by an import.
                guard access == .create else { throw OpenError.notPresskit(path: path, empty: true) }
                return
            }
            // What the migrator's `tableExists`, `appliedIdentifiers`, `hasBeenSuperseded` and
            // `hasCompletedMigrations` would say, from one read of its table: through GRDB they loaded
            // the schema and built the applied set twice, a tenth of a 100-asset listing's instructions.
            let migrations = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'") ?? 0
            let applied = migrations == 0 ? [] : try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            guard applied.contains(Schema.firstMigration) else { throw OpenError.notPresskit(path: path, empty: false) }
            let known = migrator.migrations
            if applied.contains(where: { !known.contains($0) }) { throw OpenError.newerSchema(path: path) }
            if access == .read, !known.allSatisfy(applied.contains) { throw OpenError.olderSchema(path: path) }
        }
    }

    /// `PRAGMA integrity_check`'s answer: "ok" for a sound database.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
