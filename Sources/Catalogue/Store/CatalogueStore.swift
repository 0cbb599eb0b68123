import Foundation
import GRDB
import Synchronization

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
    private let file: DatabaseFile
    /// A store opened to read: the connection listings read through (`readConnection`).
    private let reader: ReadConnection?
    /// GRDB's connection: the writers' pool, or for a store opened to read, a queue opened the
    /// first time a method needs one (`pool`).
    private let grdb: Mutex<(any DatabaseWriter)?>

    /// Opens the database at `path` for `access`; throws `OpenError` naming the cause when it cannot.
    public init(path: String, access: Access) throws {
        self.path = path
        let file = try DatabaseFile(path: path, access: access)
        self.file = file
        isReadOnly = !file.isWritable
        do {
            if file.exists {
                let reading = try ReadConnection(file)
                try Self.checkSchema(reading, path: path, access: access)
                if access == .read {
                    reader = reading
                    grdb = Mutex(nil)
                    return
                }
            }
            var configuration = Self.configuration()
            configuration.label = "presskit"
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
            reader = nil
            grdb = Mutex(pool)
        } catch let error as OpenError {
            throw error
        } catch let error as DatabaseError {
            throw OpenError.from(error, path: path)
        }
    }

    /// Closes GRDB's connections once what is queued on them (a background checkpoint) has run.
    /// The last connection to close copies the write-ahead log into the database file and removes
    /// it and `-shm`, so the file alone holds everything: staff copy `presskit.sqlite` to back it
    /// up, and a process that exited while a checkpoint ran left its newest results in a `-wal`
    /// beside it (safe for SQLite, which reads it on the next open, but not in such a copy).
    /// Later uses of the store fail; a failure to close is left to that next open.
    public func close() {
        grdb.withLock { opened in
            // Readers first: GRDB closes the writer first, and the read-only reader that closed
            // last could neither checkpoint nor remove the log.
            (opened as? DatabasePool)?.releaseMemory()
            try? opened?.close()
        }
    }

    /// GRDB's connection, opened now if this store was opened to read and none is open yet.
    var pool: any DatabaseWriter {
        get throws {
            try grdb.withLock { opened in
                if let opened { return opened }
                do {
                    let queue = try file.connection()
                    opened = queue
                    return queue
                } catch let error as DatabaseError {
                    throw OpenError.from(error, path: path)
                }
            }
        }
    }

    /// `body` in one read transaction on a connection for `RawStatement`s: the store's
    /// `ReadConnection` when it was opened to read, else one of GRDB's.
    func readConnection<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        if let reader { return try reader.read(body) }
        return try pool.read { db in try body(try db.rawConnection) }
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        return configuration
    }

    /// Refuses a database presskit did not write, or cannot use at this access, before anything
    /// (journal mode, migrations) touches it.
    private static func checkSchema(_ connection: ReadConnection, path: String, access: Access) throws {
        try connection.read { db in
            let tables = try RawStatement.integer(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            if tables == 0 {
                // An empty file (made by `touch`, say) becomes a catalogue only by an import.
                guard access == .create else { throw OpenError.notPresskit(path: path, empty: true) }
                return
            }
            // What the migrator's `tableExists`, `appliedIdentifiers`, `hasBeenSuperseded` and
            // `hasCompletedMigrations` would say, from one read of its table: through GRDB they loaded
            // the schema and built the applied set twice, a tenth of a 100-asset listing's instructions.
            let migrations = try RawStatement.integer(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'") ?? 0
            let applied = migrations == 0 ? [] : try RawStatement.texts(db, "SELECT identifier FROM grdb_migrations")
            guard applied.contains(Schema.firstMigration) else { throw OpenError.notPresskit(path: path, empty: false) }
            let known = Schema.identifiers
            if applied.contains(where: { !known.contains($0) }) { throw OpenError.newerSchema(path: path) }
            if access == .read, !known.allSatisfy(applied.contains) { throw OpenError.olderSchema(path: path) }
        }
    }

    /// `PRAGMA integrity_check`'s answer: "ok" for a sound database.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
