import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A statement prepared on the connection GRDB hands a closure, or on a `ReadConnection`, bound and
/// stepped with SQLite's C API. For what a link check does per link (recording its result, reading its validator): GRDB's
/// `StatementArguments` and row cursors (an existential per value, validation per execution, about
/// 30,000 instructions per query) cost more than SQLite's own work there. Lives for one
/// transaction; `finalize` before the closure returns.
struct RawStatement {
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    private let sql: String
    /// False for a statement from the connection's cache, which GRDB finalizes when the connection closes.
    private let isOwned: Bool
    /// Where text parameters are copied for SQLite to read in place (`SQLITE_STATIC`), when set: the
    /// caller clears it only after the statement has run, and unbinds before it goes.
    var arena: TextArena?

    /// A statement from the connection's statement cache: prepared once per connection rather than
    /// once per batch (preparing the history's 40-column insert cost as much as writing 5 rows).
    init(cached db: Database, sql: String) throws {
        let connection = try db.rawConnection
        let cached = try db.cachedStatement(sql: sql)
        self.connection = connection
        statement = cached.sqliteStatement
        self.sql = sql
        isOwned = false
        // Bindings left by an earlier use must not leak into this one: every parameter is bound anew.
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    init(_ db: Database, sql: String) throws {
        try self.init(db.rawConnection, sql: sql)
    }

    /// A statement of its own on `connection` (a `ReadConnection`'s, or GRDB's): `finalize` it.
    init(_ connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.connection = connection
        self.statement = statement
        self.sql = sql
        isOwned = true
    }

    func finalize() { if isOwned { sqlite3_finalize(statement) } }

    // Parameters are numbered from 1, as in SQL's `?NNN`.

    func bind(_ index: Int32, _ value: String?) {
        guard let value else { return bindNull(index) }
        if let arena, let (text, count) = arena.copy(value) {
            sqlite3_bind_text(statement, index, text, count, SQLITE_STATIC)
            return
        }
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns. `withCString` lends the
        // string's own buffer; passing the String directly built a C array copy first.
        _ = value.withCString { sqlite3_bind_text(statement, index, $0, -1, SQLITE_TRANSIENT) }
    }

    /// Unbinds every parameter (to NULL): after a run whose text lived in an `arena` that is about to go.
    func clearBindings() { sqlite3_clear_bindings(statement) }

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

    // Reading rows: bind, then `step()` until it answers false, then `reset()`. Columns from 0.

    /// Steps to the next row: true when there is one.
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// Ends the current query, keeping the bindings for the next `step()`.
    func reset() { sqlite3_reset(statement) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String? {
        guard !isNull(column), let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    func int64(_ column: Int32) -> Int64? { isNull(column) ? nil : sqlite3_column_int64(statement, column) }

    func int(_ column: Int32) -> Int? { int64(column).map { Int($0) } }

    func double(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(statement, column) }

    /// Rows the last INSERT, UPDATE or DELETE on the connection changed.
    var changes: Int32 { sqlite3_changes(connection) }

    /// The rowid of the connection's last insert.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// The first column of each row `sql` returns with `arguments` bound in order, as text (a
    /// count reads as its digits); rows where it is NULL are skipped.
    static func texts(_ connection: OpaquePointer, _ sql: String, _ arguments: [String] = []) throws -> [String] {
        let statement = try RawStatement(connection, sql: sql)
        defer { statement.finalize() }
        for (index, argument) in arguments.enumerated() { statement.bind(Int32(index + 1), argument) }
        var values: [String] = []
        while try statement.step() {
            if let value = statement.text(0) { values.append(value) }
        }
        return values
    }

    /// Steps `sql`, a statement from `db`'s cache, with `arguments` bound in order, calling `row`
    /// for each row it returns.
    static func forEachRow(_ db: Database, _ sql: String, _ arguments: [String], _ row: (RawStatement) throws -> Void) throws {
        try stepRows(db, sql, arguments) { statement in
            try row(statement)
            return true
        }
    }

    /// `forEachRow`, stepping only while `row` answers true.
    static func stepRows(_ db: Database, _ sql: String, _ arguments: [String], _ row: (RawStatement) throws -> Bool) throws {
        let statement = try RawStatement(cached: db, sql: sql)
        defer { statement.reset() }
        for (index, argument) in arguments.enumerated() { statement.bind(Int32(index + 1), argument) }
        while try statement.step() {
            guard try row(statement) else { return }
        }
    }

    /// The integer in the first column of the first row (`SELECT count(*) …`), or nil without one.
    static func integer(_ connection: OpaquePointer, _ sql: String, _ arguments: [String] = []) throws -> Int? {
        let statement = try RawStatement(connection, sql: sql)
        defer { statement.finalize() }
        for (index, argument) in arguments.enumerated() { statement.bind(Int32(index + 1), argument) }
        return try statement.step() ? statement.int(0) : nil
    }
}

extension Database {
    /// The SQLite connection GRDB holds, for `RawStatement`s run inside its transactions.
    var rawConnection: OpaquePointer {
        get throws {
            guard let connection = sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "closed") }
            return connection
        }
    }
}

private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
private let SQLITE_STATIC: sqlite3_destructor_type? = nil

/// Text for statement parameters, kept until the statements that read it have run, so SQLite need
/// not copy each value into memory of its own and free it again (`SQLITE_TRANSIENT`): recording a
/// link check binds about twenty strings, and those copies were half of the binding's cost.
///
/// Blocks of 64 KiB that never move, handed out in order and reused after `clear()`; a value larger
/// than a block is not taken (the caller lets SQLite copy it). Bytes up to the first NUL, as the
/// C string SQLite read before.
final class TextArena {
    // One writer at a time (the transaction's thread): exempt from the runtime's exclusivity
    // checks, which were a third of a copy's work (150,000 copies in a 10,000-link recheck).
    @exclusivity(unchecked) private var blocks: [UnsafeMutableRawPointer] = []
    @exclusivity(unchecked) private var block = 0
    @exclusivity(unchecked) private var used = 0
    private static let blockSize = 1 << 16

    /// The text's bytes, valid until `clear()`; nil when larger than a block.
    func copy(_ text: String) -> (UnsafePointer<CChar>, Int32)? {
        var text = text
        return text.withUTF8 { utf8 -> (UnsafePointer<CChar>, Int32)? in
            // memchr: a byte-by-byte search for the NUL was a third of the copy's cost.
            var count = utf8.count
            if let base = utf8.baseAddress, let nul = memchr(base, 0, utf8.count) {
                count = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nul))
            }
            guard count <= Self.blockSize else { return nil }
            if used + count > Self.blockSize {
                block += 1
                used = 0
            }
            if block == blocks.count { blocks.append(.allocate(byteCount: Self.blockSize, alignment: 1)) }
            let destination = blocks[block] + used
            if count > 0 { destination.copyMemory(from: utf8.baseAddress!, byteCount: count) }
            used += count
            return (UnsafePointer(destination.assumingMemoryBound(to: CChar.self)), Int32(count))
        }
    }

    /// Every copy handed out so far may be overwritten from now on.
    func clear() {
        block = 0
        used = 0
    }

    deinit { for block in blocks { block.deallocate() } }
}
