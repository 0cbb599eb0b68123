import Foundation
import GRDB
import LinkVocabulary

/// A URL's checks in a period, with what came before it: enough to tell what changed in the period
/// (broke, recovered, moved, a file replaced) without keeping a second record of changes.
public struct LinkHistory: Hashable, Sendable {
    public var url: String
    /// The last check at or before the period's start, if any.
    public var before: LinkCheck?
    /// The last working check before the period that saw the file itself (not a 304): the ETag,
    /// size and Last-Modified the period's checks are compared with.
    public var lastFullBefore: LinkCheck?
    /// The two full checks before `lastFullBefore`, oldest first: whether the file's validators
    /// were already changing at every check when the period began.
    public var earlierFullBefore: [LinkCheck]
    /// The last working check before the period that probed the file (for a page: what a reader
    /// saw, its title and description).
    public var lastProbedBefore: LinkCheck?
    /// The period's checks, oldest first.
    public var checks: [LinkCheck]

    public init(url: String, before: LinkCheck?, lastFullBefore: LinkCheck?, earlierFullBefore: [LinkCheck] = [],
                lastProbedBefore: LinkCheck? = nil, checks: [LinkCheck]) {
        self.url = url
        self.before = before
        self.lastFullBefore = lastFullBefore
        self.earlierFullBefore = earlierFullBefore
        self.lastProbedBefore = lastProbedBefore
        self.checks = checks
    }
}

extension CatalogueStore {
    /// The history of every URL checked in (since, until], by URL. `since` nil: from the first check.
    public func histories(since: Date?, until: Date) throws -> [LinkHistory] {
        let from = since.map(Timestamp.text) ?? "", to = Timestamp.text(until)
        return try pool.read { db in
            var byURL: [String: [LinkCheck]] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT * FROM link_check WHERE checked_at > ? AND checked_at <= ? ORDER BY url, checked_at, id
                """, arguments: [from, to])
            while let row = try cursor.next() {
                let check = LinkCheck(row: row)
                byURL[check.url, default: []].append(check)
            }
            let before = try db.cachedStatement(sql: """
                SELECT * FROM link_check WHERE url = ? AND checked_at <= ? ORDER BY checked_at DESC, id DESC LIMIT 1
                """)
            let lastFull = try db.cachedStatement(sql: """
                SELECT * FROM link_check WHERE url = ? AND checked_at <= ? AND is_success
                  AND coalesce(http_status, 0) != 304 ORDER BY checked_at DESC, id DESC LIMIT 3
                """)
            let lastProbed = try db.cachedStatement(sql: """
                SELECT * FROM link_check WHERE url = ? AND checked_at <= ? AND is_success AND media_bytes IS NOT NULL
                ORDER BY checked_at DESC, id DESC LIMIT 1
                """)
            return try byURL.keys.sorted().map { url in
                let full = try Row.fetchAll(lastFull, arguments: [url, from]).map(LinkCheck.init(row:))
                return LinkHistory(url: url,
                                   before: try Row.fetchOne(before, arguments: [url, from]).map(LinkCheck.init(row:)),
                                   lastFullBefore: full.first, earlierFullBefore: full.dropFirst().reversed(),
                                   lastProbedBefore: try Row.fetchOne(lastProbed, arguments: [url, from]).map(LinkCheck.init(row:)),
                                   checks: byURL[url] ?? [])
            }
        }
    }
}

extension LinkCheck {
    /// A `link_check` row (`SELECT *`), with what its probe read.
    init(row: Row) {
        self.init(historyRow: row)
        if let first = Array(row.columnNames).firstIndex(of: MediaColumns.names[0]) {
            probe = MediaColumns.read(row, from: first, probedAt: row["checked_at"])
        }
    }

    private init(historyRow row: Row) {
        self.init(
            url: row["url"], checkedAt: Timestamp.date(row["checked_at"]), verdict: LinkVerdict(stored: row["verdict"]),
            detail: row["detail"], newURL: row["new_url"], httpStatus: row["http_status"],
            method: row["method"], attempts: row["attempts"],
            redirects: (try? JSONDecoder().decode([LinkCheck.Hop].self, from: Data((row["redirects"] as String).utf8))) ?? [],
            finalURL: row["final_url"], contentType: row["content_type"], contentLength: row["content_length"],
            lastModified: row["last_modified"], etag: row["etag"], filename: row["filename"],
            httpVersion: row["http_version"], remoteIP: row["remote_ip"], dnsTime: row["dns_seconds"],
            connectTime: row["connect_seconds"], tlsTime: row["tls_seconds"], firstByteTime: row["first_byte_seconds"],
            totalTime: row["total_seconds"], certificateExpiry: (row["certificate_expiry"] as String?).map(Timestamp.date),
            curlCode: row["curl_code"], curlMessage: row["curl_message"], bytesRead: row["bytes_read"])
    }
}
