import GRDB
import GRDBSQLite
import Synchronization

/// A catalogue connection through SQLite's C API alone, for the commands that only read.
///
/// Why not GRDB's queue, as writers use: opening one and preparing statements through it set up
/// SQL functions, collations and an authorizer that turns every column a statement reads into Swift
/// strings and sets (GRDB's observation), and met most of GRDB's generic types for the first time,
/// each a scan of the binary's conformance records: about a quarter of an `assets` listing's
/// instructions, more than SQLite's own work (README "Benchmarks"). Reads are what listings do
/// most; they run here, on statements (`RawStatement`) that the writers' connections run too.
///
/// SQLite is built thread-safe (serialized); the mutex keeps one transaction at a time on the
/// connection, as GRDB's queue did.
final class ReadConnection: Sendable {
    private let handle: Mutex<OpaquePointer>

    /// Opens `file` as `DatabaseFile.connection()` does: read-write when it can be written (so that
    /// closing removes `-wal` and `-shm` as SQLite always does), else read-only, `immutable` when no
    /// write-ahead log with content lies beside it. Creates nothing, changes nothing.
    init(_ file: DatabaseFile) throws {
        let (name, flags) = file.isWritable
            ? (file.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)
            : (DatabaseFile.uri(file.path, parameter: file.hasLog ? "mode=ro" : "immutable=1"),
               SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX)
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(name, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(CatalogueStore.busyTimeout * 1_000))
        handle = Mutex(connection)
    }

    deinit {
        handle.withLock { _ = sqlite3_close_v2($0) }
    }

    /// `body` in one read transaction, so that what it reads is one state of the catalogue (a
    /// listing running while an import commits sees the old catalogue or the new one).
    func read<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try handle.withLock { connection in
            try Self.execute("BEGIN DEFERRED", on: connection)
            do {
                let value = try body(connection)
                try Self.execute("COMMIT", on: connection)
                return value
            } catch {
                try? Self.execute("ROLLBACK", on: connection)
                throw error
            }
        }
    }

    private static func execute(_ sql: String, on connection: OpaquePointer) throws {
        let code = sqlite3_exec(connection, sql, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }
}
