import GRDB
import GRDBSQLite

/// A statement prepared on the connection GRDB hands a `write` closure, bound and stepped with
/// SQLite's C API. For the link-check history only: a run records a row per link, and GRDB's
/// `StatementArguments` (an existential per value, validation per execution) cost more than
/// SQLite's own work there. Lives for one transaction; `finalize` before the closure returns.
struct RawStatement {
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    private let sql: String

    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "closed") }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.connection = connection
        self.statement = statement
        self.sql = sql
    }

    func finalize() { sqlite3_finalize(statement) }

    // Parameters are numbered from 1, as in SQL's `?NNN`.

    func bind(_ index: Int32, _ value: String?) {
        guard let value else { return bindNull(index) }
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns. `withCString` lends the
        // string's own buffer; passing the String directly built a C array copy first.
        _ = value.withCString { sqlite3_bind_text(statement, index, $0, -1, SQLITE_TRANSIENT) }
    }

    func bind<N: BinaryInteger>(_ index: Int32, _ value: N?) {
        guard let value else { return bindNull(index) }
        sqlite3_bind_int64(statement, index, Int64(value))
    }

    func bind(_ index: Int32, _ value: Double?) {
        guard let value else { return bindNull(index) }
        sqlite3_bind_double(statement, index, value)
    }

    func bind(_ index: Int32, _ value: Bool) {
        sqlite3_bind_int64(statement, index, value ? 1 : 0)
    }

    private func bindNull(_ index: Int32) { sqlite3_bind_null(statement, index) }

    /// Runs the statement (one that returns no rows) and resets it for the next bindings.
    func execute() throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// Runs a query and says whether it returned a row (only the first is stepped to), then resets it.
    func returnsRow() throws -> Bool {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// The rowid of the connection's last insert.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }
}

private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
