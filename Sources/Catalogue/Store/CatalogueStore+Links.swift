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
    public func record(_ checks: [LinkCheck], run: String) throws {
        guard !checks.isEmpty else { return }
        try pool.write { db in
            for check in checks {
                // Cached statements: a run records tens of thousands of checks in a row.
                let previous = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT verdict, since, last_ok, consecutive_failures FROM link WHERE url = ?"),
                    arguments: [check.url])
                let checkedAt = Timestamp.text(check.checkedAt)
                try db.cachedStatement(sql: """
                    INSERT INTO link_check (run, url, checked_at, verdict, is_success, detail, new_url, http_status, method, attempts,
                      redirects, final_url, content_type, content_length, last_modified, etag, filename, http_version,
                      remote_ip, dns_seconds, connect_seconds, tls_seconds, first_byte_seconds, total_seconds,
                      certificate_expiry, curl_code, curl_message, bytes_read)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        run, check.url, checkedAt, check.verdict, check.isSuccess, check.detail, check.newURL, check.httpStatus, check.method,
                        check.attempts, JSONColumn.encode(check.redirects), check.finalURL, check.contentType,
                        check.contentLength, check.lastModified, check.etag, check.filename, check.httpVersion,
                        check.remoteIP, check.dnsTime, check.connectTime, check.tlsTime, check.firstByteTime,
                        check.totalTime, check.certificateExpiry.map(Timestamp.text), check.curlCode,
                        check.curlMessage, check.bytesRead,
                    ] as StatementArguments)
                let checkID = db.lastInsertedRowID
                let sameVerdict = previous.map { ($0["verdict"] as String) == check.verdict } ?? false
                let since: String = sameVerdict ? previous!["since"] : checkedAt
                let failures = check.isSuccess ? 0 : ((previous?["consecutive_failures"] as Int?) ?? 0) + 1
                let lastOK: String? = check.isSuccess ? checkedAt : previous?["last_ok"]
                try db.cachedStatement(sql: """
                    INSERT INTO link (url, verdict, since, last_checked, last_ok, consecutive_failures, last_check_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(url) DO UPDATE SET verdict = excluded.verdict, since = excluded.since,
                      last_checked = excluded.last_checked, last_ok = excluded.last_ok,
                      consecutive_failures = excluded.consecutive_failures, last_check_id = excluded.last_check_id
                    """).execute(arguments: [check.url, check.verdict, since, checkedAt, lastOK, failures, checkID])
            }
        }
    }

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
            while let row = try cursor.next() { try body(LinkCheck(row: row)) }
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
