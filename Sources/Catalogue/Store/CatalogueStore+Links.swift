import Foundation
import GRDB

/// Link health: what to check, recording each check, and each URL's current state.
extension CatalogueStore {
    /// The distinct URLs of the chosen events' assets and stories' webstory links, sorted by URL.
    ///
    /// - Parameters:
    ///   - events: event ids; nil for every event.
    ///   - kinds: only assets of these kinds (a story's webstory link counts as `webstory`); empty for all.
    public func linkTargets(events: [String]?, kinds: [AssetKind] = []) throws -> [LinkTarget] {
        try pool.read { db in
            var byURL: [String: LinkTarget] = [:]
            func add(_ url: String, _ kind: AssetKind, _ declared: String?, _ user: String) {
                var target = byURL[url] ?? LinkTarget(url: url, kinds: [], declaredContentTypes: [], usedBy: [])
                target.kinds.insert(kind)
                if let declared { target.declaredContentTypes.insert(declared) }
                target.usedBy.append(user)
                byURL[url] = target
            }
            let eventFilter = events.map { "event_id IN (\(databaseQuestionMarks(count: $0.count)))" } ?? "1"
            let eventArguments = StatementArguments(events ?? [])
            var assetSQL = "SELECT id, kind, url, content_type FROM asset WHERE \(eventFilter)"
            var assetArguments = eventArguments
            if !kinds.isEmpty {
                assetSQL += " AND kind IN (\(databaseQuestionMarks(count: kinds.count)))"
                assetArguments += StatementArguments(kinds.map(\.rawValue))
            }
            for row in try Row.fetchAll(db, sql: assetSQL, arguments: assetArguments) {
                guard let kind = AssetKind(rawValue: row["kind"]) else { continue }
                add(row["url"], kind, row["content_type"], row["id"])
            }
            if kinds.isEmpty || kinds.contains(.webstory) {
                let storySQL = "SELECT id, webstory FROM story WHERE webstory IS NOT NULL AND \(eventFilter)"
                for row in try Row.fetchAll(db, sql: storySQL, arguments: eventArguments) {
                    add(row["webstory"], .webstory, nil, "story:" + (row["id"] as String))
                }
            }
            return byURL.values.sorted { $0.url < $1.url }
        }
    }

    /// Appends each check to the history, tagged with `run`, and updates its URL's health, in one
    /// transaction. The checker calls this for each batch as results arrive, so an interrupted run keeps them.
    ///
    /// Two statements per check, bound through SQLite's C API (`RawStatement`): the history row, and an
    /// upsert of the URL's health that works out `since`, `last_ok` and the failure streak from the
    /// row it replaces, in SQL (the right-hand sides of `DO UPDATE SET` see the old row).
    public func record(_ checks: [LinkCheck], run: String) throws {
        guard !checks.isEmpty else { return }
        try pool.write { db in
            let insert = try RawStatement(db, sql: Self.insertCheckSQL)
            defer { insert.finalize() }
            let upsert = try RawStatement(db, sql: Self.upsertLinkSQL)
            defer { upsert.finalize() }
            for check in checks {
                let checkedAt = Timestamp.text(check.checkedAt)
                insert.bind(1, run)
                insert.bind(2, check.url)
                insert.bind(3, checkedAt)
                insert.bind(4, check.verdict)
                insert.bind(5, check.isSuccess)
                insert.bind(6, check.detail)
                insert.bind(7, check.newURL)
                insert.bind(8, check.httpStatus)
                insert.bind(9, check.method)
                insert.bind(10, check.attempts)
                insert.bind(11, JSONColumn.encode(check.redirects))
                insert.bind(12, check.finalURL)
                insert.bind(13, check.contentType)
                insert.bind(14, check.contentLength)
                insert.bind(15, check.lastModified)
                insert.bind(16, check.etag)
                insert.bind(17, check.filename)
                insert.bind(18, check.httpVersion)
                insert.bind(19, check.remoteIP)
                insert.bind(20, check.dnsTime)
                insert.bind(21, check.connectTime)
                insert.bind(22, check.tlsTime)
                insert.bind(23, check.firstByteTime)
                insert.bind(24, check.totalTime)
                insert.bind(25, check.certificateExpiry.map(Timestamp.text))
                insert.bind(26, check.curlCode)
                insert.bind(27, check.curlMessage)
                insert.bind(28, check.bytesRead)
                try insert.execute()
                upsert.bind(1, check.url)
                upsert.bind(2, check.verdict)
                upsert.bind(3, checkedAt)
                upsert.bind(4, check.isSuccess)
                upsert.bind(5, insert.lastInsertedRowID)
                try upsert.execute()
            }
        }
    }

    static let insertCheckSQL = """
        INSERT INTO link_check (run, url, checked_at, verdict, is_success, detail, new_url, http_status, method, attempts,
          redirects, final_url, content_type, content_length, last_modified, etag, filename, http_version,
          remote_ip, dns_seconds, connect_seconds, tls_seconds, first_byte_seconds, total_seconds,
          certificate_expiry, curl_code, curl_message, bytes_read)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
          ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)
        """

    /// ?1 url, ?2 verdict, ?3 checked at, ?4 is success, ?5 the history row's id.
    static let upsertLinkSQL = """
        INSERT INTO link (url, verdict, since, last_checked, last_ok, consecutive_failures, last_check_id)
        VALUES (?1, ?2, ?3, ?3, CASE WHEN ?4 THEN ?3 END, CASE WHEN ?4 THEN 0 ELSE 1 END, ?5)
        ON CONFLICT(url) DO UPDATE SET
          since = CASE WHEN link.verdict = excluded.verdict THEN link.since ELSE excluded.since END,
          verdict = excluded.verdict,
          last_checked = excluded.last_checked,
          last_ok = CASE WHEN ?4 THEN excluded.last_checked ELSE link.last_ok END,
          consecutive_failures = CASE WHEN ?4 THEN 0 ELSE link.consecutive_failures + 1 END,
          last_check_id = excluded.last_check_id
        """

    /// Current health of the given URLs (those never checked are absent).
    public func health(of urls: [String]) throws -> [String: LinkHealth] {
        try pool.read { db in
            var result: [String: LinkHealth] = [:]
            for chunk in Array(Set(urls)).sorted().chunked(500) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT l.url, l.verdict, l.since, l.last_checked, l.last_ok, l.consecutive_failures,
                           c.http_status, c.content_type, c.content_length, c.new_url, c.certificate_expiry
                    FROM link l JOIN link_check c ON c.id = l.last_check_id
                    WHERE l.url IN (\(databaseQuestionMarks(count: chunk.count)))
                    """, arguments: StatementArguments(Array(chunk)))
                for row in rows {
                    let health = LinkHealth(
                        url: row["url"], verdict: row["verdict"], since: Timestamp.date(row["since"]),
                        lastChecked: Timestamp.date(row["last_checked"]),
                        lastOK: (row["last_ok"] as String?).map(Timestamp.date),
                        consecutiveFailures: row["consecutive_failures"], httpStatus: row["http_status"],
                        contentType: row["content_type"], contentLength: row["content_length"], newURL: row["new_url"],
                        certificateExpiry: (row["certificate_expiry"] as String?).map(Timestamp.date))
                    result[health.url] = health
                }
            }
            return result
        }
    }

    /// The checks recorded by `run`, in URL order, one at a time (a run may hold 100,000).
    public func forEachCheck(ofRun run: String, _ body: (LinkCheck) throws -> Void) throws {
        try pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM link_check WHERE run = ? ORDER BY url", arguments: [run])
            while let row = try cursor.next() {
                try body(LinkCheck(
                    url: row["url"], checkedAt: Timestamp.date(row["checked_at"]), verdict: row["verdict"],
                    isSuccess: row["is_success"], detail: row["detail"], newURL: row["new_url"], httpStatus: row["http_status"],
                    method: row["method"], attempts: row["attempts"],
                    redirects: (try? JSONDecoder().decode([LinkCheck.Hop].self, from: Data((row["redirects"] as String).utf8))) ?? [],
                    finalURL: row["final_url"], contentType: row["content_type"], contentLength: row["content_length"],
                    lastModified: row["last_modified"], etag: row["etag"], filename: row["filename"],
                    httpVersion: row["http_version"], remoteIP: row["remote_ip"], dnsTime: row["dns_seconds"],
                    connectTime: row["connect_seconds"], tlsTime: row["tls_seconds"], firstByteTime: row["first_byte_seconds"],
                    totalTime: row["total_seconds"], certificateExpiry: (row["certificate_expiry"] as String?).map(Timestamp.date),
                    curlCode: row["curl_code"], curlMessage: row["curl_message"], bytesRead: row["bytes_read"]))
            }
        }
    }
}

/// Instants as the database stores them: RFC 3339 in UTC with milliseconds, so text order is time order.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    public static func text(_ date: Date) -> String { date.formatted(style) }

    public static func date(_ text: String) -> Date {
        (try? Date(text, strategy: style)) ?? (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }
}
