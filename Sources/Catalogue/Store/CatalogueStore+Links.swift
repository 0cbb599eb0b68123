import Foundation
import GRDB
import LinkVocabulary

/// Link health: what to check, recording each check, and each URL's current state.
extension CatalogueStore {
    /// Appends each check to the history, tagged with `run`, and updates its URL's health, in one
    /// transaction. The checker calls this for each batch as results arrive, so an interrupted run keeps them.
    ///
    /// Two statements per check, bound through SQLite's C API (`RawStatement`): the history row, and an
    /// update of the URL's health that works out `since`, `last_ok` and the failure streak from the
    /// row it replaces, in SQL (the right-hand sides of `SET` see the old row); a URL without a row
    /// yet gets its first.
    ///
    /// `synchronous = NORMAL` on the writing connection: in WAL mode a commit is in the WAL before it
    /// returns, so a killed process keeps it; only a power cut may lose the last commits, which the
    /// next run checks again. It saves an fsync per batch.
    public func record(_ checks: [LinkCheck], run: String) throws {
        guard !checks.isEmpty else { return }
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // IMMEDIATE: the write lock from the start, so the history ids `write` hands out are read
            // under it (another process's insert in between would otherwise fail the commit).
            try db.inTransaction(.immediate) {
                try write(checks, run: run, db)
                return .commit
            }
        }
    }

    private func write(_ checks: [LinkCheck], run: String, _ db: Database) throws {
        // History rows go in groups, one INSERT of `historyRowsPerInsert` rows (the last few one
        // at a time), with ids handed out here as AUTOINCREMENT would (the writer holds the
        // transaction): a statement per row spent as much on starting and ending the statement
        // and on `sqlite_sequence` as on the row. A link's row may be updated before its history
        // row is in: nothing checks the id until the transaction commits.
        var insertOne = try RawStatement(cached: db, sql: Self.insertCheckSQL)
        var insertGroup = checks.count >= Self.historyRowsPerInsert ? try RawStatement(cached: db, sql: Self.insertChecksSQL) : nil
        var update = try RawStatement(cached: db, sql: Self.updateLinkSQL)
        var insertLink = try RawStatement(cached: db, sql: Self.insertLinkSQL)
        // A group's text stays in the arena until its statements have run; the statements are
        // unbound before the arena goes.
        let arena = TextArena()
        (insertOne.arena, update.arena, insertLink.arena) = (arena, arena, arena)
        insertGroup?.arena = arena
        defer {
            for statement in [insertOne, update, insertLink] + (insertGroup.map { [$0] } ?? []) { statement.clearBindings() }
        }
        var nextID = try Self.nextHistoryID(db)
        var index = checks.startIndex
        while index < checks.endIndex {
            let rows = checks.endIndex - index >= Self.historyRowsPerInsert ? Self.historyRowsPerInsert : 1
            let insert = rows == 1 ? insertOne : insertGroup!
            for row in 0..<rows {
                let check = checks[index + row]
                let historyID = nextID + Int64(row)
                let checkedAt = Timestamp.text(check.checkedAt)
                bindHistory(check, id: historyID, checkedAt: checkedAt, run: run, to: insert, from: Int32(row * Self.historyColumns.count + 1))
                let checkedSeconds = Int(check.checkedAt.timeIntervalSince1970.rounded(.down))
                func bindLink(_ statement: RawStatement) {
                    statement.bind(1, check.url)
                    statement.bind(2, check.verdict.rawValue)
                    statement.bind(3, checkedAt)
                    statement.bind(4, check.isSuccess)
                    statement.bind(5, historyID)
                    statement.bind(6, check.nextCheckIfWorking.map { Int($0.timeIntervalSince1970.rounded(.up)) } ?? checkedSeconds + 7 * 86_400)
                    statement.bind(7, check.failingRecheckSeconds)
                    statement.bind(8, checkedSeconds)
                    statement.bind(9, check.httpStatus)
                    statement.bind(10, check.probe != nil)
                }
                // Every link but those of a catalogue never synced has its row already: an UPDATE first,
                // where an upsert tried the INSERT and met the conflict every time (2,800 instructions
                // more per link, 5% of recording it); the writer holds the transaction, so nothing can
                // add the row in between.
                bindLink(update)
                try update.execute()
                if update.changes == 0 {
                    bindLink(insertLink)
                    try insertLink.execute()
                }
            }
            try insert.execute()
            arena.clear()
            index += rows
            nextID += Int64(rows)
        }
    }

    /// The next history id, as AUTOINCREMENT picks it: past every id the table has ever handed out
    /// (`sqlite_sequence`, which remembers deleted rows) and every id it holds.
    private static func nextHistoryID(_ db: Database) throws -> Int64 {
        let next = try RawStatement(cached: db, sql: """
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'link_check'), 0),
                       coalesce((SELECT max(id) FROM link_check), 0)) + 1
            """)
        defer { next.reset() }
        guard try next.step(), let id = next.int64(0) else { return 1 }
        return id
    }

    /// `check`'s history row, bound to `historyColumns.count` parameters from `first` on.
    private func bindHistory(_ check: LinkCheck, id: Int64, checkedAt: String, run: String, to insert: RawStatement, from first: Int32) {
        insert.bind(first, id)
        insert.bind(first + 1, run)
        insert.bind(first + 2, check.url)
        insert.bind(first + 3, checkedAt)
        insert.bind(first + 4, check.verdict.rawValue)
        insert.bind(first + 5, check.isSuccess)
        insert.bind(first + 6, check.detail)
        insert.bind(first + 7, check.newURL)
        insert.bind(first + 8, check.httpStatus)
        insert.bind(first + 9, check.method)
        insert.bind(first + 10, check.attempts)
        insert.bind(first + 11, JSONColumn.encode(check.redirects))
        insert.bind(first + 12, check.finalURL)
        insert.bind(first + 13, check.contentType)
        insert.bind(first + 14, check.contentLength)
        insert.bind(first + 15, check.lastModified)
        insert.bind(first + 16, check.etag)
        insert.bind(first + 17, check.filename)
        insert.bind(first + 18, check.httpVersion)
        insert.bind(first + 19, check.remoteIP)
        insert.bind(first + 20, check.dnsTime)
        insert.bind(first + 21, check.connectTime)
        insert.bind(first + 22, check.tlsTime)
        insert.bind(first + 23, check.firstByteTime)
        insert.bind(first + 24, check.totalTime)
        insert.bind(first + 25, check.certificateExpiry.map(Timestamp.text))
        insert.bind(first + 26, check.curlCode)
        insert.bind(first + 27, check.curlMessage)
        insert.bind(first + 28, check.bytesRead)
        MediaColumns.bind(check.probe, to: insert, from: first + 29)
    }

    /// Starts copying the write-ahead log back into the database file on the writer's own queue and
    /// returns at once. A link check calls it after its last batch, so the copy runs while the report
    /// is written, instead of when the store closes (where it was the last 20 ms of a 10,000-link run).
    /// A failure is left for the checkpoint SQLite makes anyway on close.
    public func checkpointInBackground() {
        (try? pool)?.asyncWriteWithoutTransaction { db in _ = try? db.checkpoint(.passive) }
    }

    /// The history's columns in the order `bindHistory` binds them.
    static let historyColumns = [
        "id", "run", "url", "checked_at", "verdict", "is_success", "detail", "new_url", "http_status", "method", "attempts",
        "redirects", "final_url", "content_type", "content_length", "last_modified", "etag", "filename", "http_version",
        "remote_ip", "dns_seconds", "connect_seconds", "tls_seconds", "first_byte_seconds", "total_seconds",
        "certificate_expiry", "curl_code", "curl_message", "bytes_read",
    ] + MediaColumns.names

    /// Rows per history INSERT: 16 rows of 46 parameters stay under the 999 that SQLite before
    /// 3.32 allowed a statement.
    static let historyRowsPerInsert = 16

    /// An INSERT of one history row, and of `historyRowsPerInsert` rows (parameters row after row).
    static let insertCheckSQL = insertChecksSQL(rows: 1)
    static let insertChecksSQL = insertChecksSQL(rows: historyRowsPerInsert)

    private static func insertChecksSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: historyColumns.count).joined(separator: ", ") + ")"
        return "INSERT INTO link_check (\(historyColumns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// ?1 url, ?2 verdict, ?3 checked at, ?4 is success, ?5 the history row's id, ?6 when a working
    /// link is due again and ?7 the first wait for a failing one (Unix seconds), ?8 the check's time in
    /// Unix seconds, ?9 its HTTP status, ?10 whether it probed the file. A failing link waits ?7
    /// doubled per earlier failure in a row (the right-hand sides see the old row), never past ?6; a
    /// success that saw the file (not a 304) becomes the URL's validator for conditional rechecks; a
    /// check that probed becomes the URL's media check. `in_catalogue` stays as it was.
    static let updateLinkSQL = """
        UPDATE link SET
          since = CASE WHEN verdict = ?2 THEN since ELSE ?3 END,
          verdict = ?2,
          last_checked = ?3,
          last_ok = CASE WHEN ?4 THEN ?3 ELSE last_ok END,
          consecutive_failures = CASE WHEN ?4 THEN 0 ELSE consecutive_failures + 1 END,
          last_check_id = ?5,
          next_check_at = CASE WHEN ?4 THEN ?6 ELSE min(?6, ?8 + ?7 * (1 << min(consecutive_failures, 30))) END,
          validator_check_id = CASE WHEN ?4 AND coalesce(?9, 0) != 304 THEN ?5 ELSE validator_check_id END,
          media_check_id = CASE WHEN ?10 THEN ?5 ELSE media_check_id END
        WHERE url = ?1
        """

    /// The first row of a URL `updateLinkSQL` found none for, with the same parameters: no failure
    /// before this one, and in the catalogue.
    static let insertLinkSQL = """
        INSERT INTO link (url, verdict, since, last_checked, last_ok, consecutive_failures, last_check_id,
          next_check_at, in_catalogue, validator_check_id, media_check_id)
        VALUES (?1, ?2, ?3, ?3, CASE WHEN ?4 THEN ?3 END, CASE WHEN ?4 THEN 0 ELSE 1 END, ?5,
          CASE WHEN ?4 THEN ?6 ELSE min(?6, ?8 + ?7) END, 1, CASE WHEN ?4 AND coalesce(?9, 0) != 304 THEN ?5 END,
          CASE WHEN ?10 THEN ?5 END)
        """

    /// Current health of the given URLs (those never checked are absent).
    ///
    /// One statement, prepared once per connection and stepped per URL (a primary-key lookup each)
    /// with SQLite's C API: a statement with an `IN` list per chunk of
    /// 500 URLs cost more to build, prepare and read through GRDB's rows than the lookups themselves
    /// (2.9 M of a 100-asset listing's 31 M instructions, none of whose links had been checked).
    public func health(of urls: [String]) throws -> [String: LinkHealth] {
        try readConnection { db in
            let query = try RawStatement(db, sql: """
                SELECT l.verdict, l.since, l.last_checked, l.last_ok, l.consecutive_failures,
                       c.http_status, c.content_type, c.content_length, c.new_url, c.certificate_expiry,
                       m.checked_at, \(MediaColumns.selectList("m"))
                FROM link l JOIN link_check c ON c.id = l.last_check_id
                LEFT JOIN link_check m ON m.id = l.media_check_id
                WHERE l.url = ?
                """)
            defer { query.finalize() }
            var result: [String: LinkHealth] = [:]
            result.reserveCapacity(urls.count)
            for url in urls where result[url] == nil {
                query.reset()
                query.bind(1, url)
                guard try query.step() else { continue }
                result[url] = LinkHealth(
                    url: url, verdict: LinkVerdict(stored: query.text(0) ?? ""), since: Timestamp.date(query.text(1) ?? ""),
                    lastChecked: Timestamp.date(query.text(2) ?? ""), lastOK: query.text(3).map(Timestamp.date),
                    consecutiveFailures: query.int(4) ?? 0, httpStatus: query.int(5), contentType: query.text(6),
                    contentLength: query.int64(7), newURL: query.text(8), certificateExpiry: query.text(9).map(Timestamp.date),
                    media: MediaColumns.read(query, from: 11, probedAt: query.text(10)))
            }
            return result
        }
    }
}

/// Instants as the database stores them: RFC 3339 in UTC with milliseconds, so text order is time order.
///
/// Written and read by hand for years 1970–9999 (a link check writes two per link and reads one
/// back for every link it lists; `ISO8601FormatStyle` was a tenth of that work), with the format
/// style as the reference and the fallback. `TimestampTests` pins the two to the same text.
public enum Timestamp {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    /// Seconds from 1970 to 2001, the reference date Foundation counts from.
    private static let referenceOffset = 978_307_200
    private static let fastRange = 0.0..<253_402_300_800.0  // 1970-01-01 up to 10000-01-01

    public static func text(_ date: Date) -> String {
        guard fastRange.contains(date.timeIntervalSince1970) else { return date.formatted(style) }
        // Milliseconds truncated from the reference-date count, as the format style does.
        let sinceReference = date.timeIntervalSinceReferenceDate
        let whole = sinceReference.rounded(.down)
        let milliseconds = min(999, Int(((sinceReference - whole) * 1_000).rounded(.down)))
        let seconds = Int(whole) + referenceOffset
        let days = seconds / 86_400, second = seconds % 86_400
        let (year, month, day) = civilDate(days: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(UInt8(ascii: "-")); digits(month, 2); bytes.append(UInt8(ascii: "-")); digits(day, 2)
        bytes.append(UInt8(ascii: "T")); digits(second / 3_600, 2); bytes.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2); bytes.append(UInt8(ascii: ":")); digits(second % 60, 2)
        bytes.append(UInt8(ascii: ".")); digits(milliseconds, 3); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func date(_ text: String) -> Date {
        fastDate(text) ?? (try? Date(text, strategy: style)) ?? (try? Date(text, strategy: .iso8601))
            ?? Date(timeIntervalSince1970: 0)
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ` exactly, else nil.
    private static func fastDate(_ text: String) -> Date? {
        // Text read from SQLite is native and contiguous: parse it in place rather than copy it out.
        if let date = text.utf8.withContiguousStorageIfAvailable(fastDate) { return date }
        return Array(text.utf8).withUnsafeBufferPointer(fastDate)
    }

    private static func fastDate(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count == 24, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."), b[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[index]) else { return nil }
                value = value * 10 + Int(b[index] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let milliseconds = number(20..<23), year >= 1970, (1...12).contains(month),
              (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        guard civilDate(days: days) == (year, month, day) else { return nil }  // e.g. February 30
        let whole = days * 86_400 + hour * 3_600 + minute * 60 + second - referenceOffset
        return Date(timeIntervalSinceReferenceDate: Double(whole) + Double(milliseconds) / 1_000)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date, and back (Howard Hinnant's algorithms,
    /// here for days ≥ 0 only).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
