import Foundation
import GRDB
import LinkVocabulary

/// A link that fails now, as of its last check.
public struct FailingLink: Hashable, Sendable {
    public var url: String
    public var verdict: LinkVerdict
    public var since: Date
}

/// What staff were last told about a link: `kind` is the name of a digest kind (PressKit's
/// `ChangeDigest.Kind`: `broke`, `certificate-expiring`; text, as the `alert` table stores it),
/// `detail` what was said (the verdict, the expiry), so the same news is not sent twice.
public struct LinkAlert: Hashable, Sendable {
    public var url: String
    public var kind: String
    public var detail: String
    public var alertedAt: Date

    public init(url: String, kind: String, detail: String, alertedAt: Date) {
        self.url = url
        self.kind = kind
        self.detail = detail
        self.alertedAt = alertedAt
    }
}

extension CatalogueStore {
    /// Where the period of the last digest (`digest`) or report (`report`) ended.
    ///
    /// Read back as the middle of its stored millisecond: a `Date` parsed from `.708` may be a hair
    /// below it and print as `.707`, and the next period would start before this one ended.
    public func mark(_ name: String) throws -> Date? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT at FROM mark WHERE name = ?", arguments: [name])
                .map { Timestamp.date($0).addingTimeInterval(0.000_5) }
        }
    }

    /// Moves the named mark to `moment`.
    public func setMark(_ name: String, at moment: Date) throws {
        try pool.write { db in try Self.setMark(name, at: moment, db) }
    }

    static func setMark(_ name: String, at moment: Date, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO mark (name, at) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET at = excluded.at",
                       arguments: [name, Timestamp.text(moment)])
    }

    /// Links of the catalogue whose last check failed (a bot wall is not a failure).
    public func failingLinks() throws -> [FailingLink] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT url, verdict, since FROM link
                WHERE in_catalogue AND last_check_id IS NOT NULL AND verdict NOT IN (\(Self.workingVerdictsSQL))
                ORDER BY url
                """).map { FailingLink(url: $0[0], verdict: LinkVerdict(stored: $0[1]), since: Timestamp.date($0[2])) }
        }
    }

    /// The working verdicts as an SQL list (`'ok', 'redirected', 'unverifiable'`); the names are
    /// the vocabulary's own, never input, so splicing them is safe.
    static let workingVerdictsSQL = LinkVerdict.working.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Working links of the catalogue whose certificate, at their last check, expires before `moment`.
    public func expiringCertificates(before moment: Date) throws -> [(url: String, expiry: Date)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.url, c.certificate_expiry FROM link l JOIN link_check c ON c.id = l.last_check_id
                WHERE l.in_catalogue AND c.is_success AND c.certificate_expiry IS NOT NULL AND c.certificate_expiry < ?
                ORDER BY l.url
                """, arguments: [Timestamp.text(moment)]).map { (url: $0[0], expiry: Timestamp.date($0[1])) }
        }
    }

    /// Every alert on record, by URL and kind.
    public func alerts() throws -> [String: [String: LinkAlert]] {
        try pool.read { db in
            var result: [String: [String: LinkAlert]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT url, kind, detail, alerted_at FROM alert") {
                let alert = LinkAlert(url: row[0], kind: row[1], detail: row[2], alertedAt: Timestamp.date(row[3]))
                result[alert.url, default: [:]][alert.kind] = alert
            }
            return result
        }
    }

    /// After a digest was queued: moves the `digest` mark to `until` (when given), records what was
    /// said, forgets alerts about links that recovered, and sets (a date) or removes (nil) each of
    /// `marks`, in one transaction.
    public func recordDigest(until: Date?, alerts: [LinkAlert], cleared: [String], marks: [String: Date?] = [:]) throws {
        try pool.write { db in
            if let until { try Self.setMark("digest", at: until, db) }
            for (name, moment) in marks {
                if let moment {
                    try Self.setMark(name, at: moment, db)
                } else {
                    try db.execute(sql: "DELETE FROM mark WHERE name = ?", arguments: [name])
                }
            }
            for url in cleared {
                try db.execute(sql: "DELETE FROM alert WHERE url = ?", arguments: [url])
            }
            for alert in alerts {
                try db.execute(sql: """
                    INSERT INTO alert (url, kind, detail, alerted_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(url, kind) DO UPDATE SET detail = excluded.detail, alerted_at = excluded.alerted_at
                    """, arguments: [alert.url, alert.kind, alert.detail, Timestamp.text(alert.alertedAt)])
            }
        }
    }

    /// The assets, thumbnails (`thumbnail:<asset id>`) and web stories using each of `urls` (what `linkUses(events:)` gives for whole
    /// events, for just these links: a digest names a handful of a large catalogue's links).
    public func uses(of urls: [String]) throws -> [String: [LinkUse]] {
        try pool.read { db in
            var result: [String: [LinkUse]] = [:]
            for chunk in Array(Set(urls)).chunked(500) {
                let marks = databaseQuestionMarks(count: chunk.count)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT url, event_id, id, title FROM asset WHERE url IN (\(marks))
                    UNION ALL SELECT webstory, event_id, 'story:' || id, headline FROM story WHERE webstory IN (\(marks))
                    UNION ALL SELECT thumbnail, event_id, 'thumbnail:' || id, title FROM asset WHERE thumbnail IN (\(marks))
                    ORDER BY 2, 3
                    """, arguments: StatementArguments(Array(chunk) + Array(chunk) + Array(chunk)))
                for row in rows {
                    result[row[0], default: []].append(LinkUse(eventID: row[1], user: row[2], title: row[3]))
                }
            }
            return result
        }
    }
}
