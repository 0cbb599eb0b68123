import Foundation
import GRDB

/// What a conditional recheck needs from a URL's last full sight of its file.
public struct LinkValidator: Hashable, Sendable {
    public var etag: String?
    public var lastModified: String?
    /// Stand in for a 304's missing type and size: the file is the one seen then.
    public var contentType: String?
    public var contentLength: Int64?
    /// The last probe of the file: stands for a probe a recheck skips because the file is unchanged.
    public var media: MediaProbeRecord?
    /// The ETag, Last-Modified and size of the file that probe read (a later check may have seen
    /// another version without probing it).
    public var probedETag: String?, probedLastModified: String?, probedLength: Int64?

    public init(etag: String?, lastModified: String?, contentType: String?, contentLength: Int64?,
                media: MediaProbeRecord? = nil) {
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.contentLength = contentLength
        self.media = media
    }
}

/// The days of an event using a link, which set how often the link is checked.
public struct EventSpan: Hashable, Sendable {
    public var start: CalendarDate
    public var end: CalendarDate?

    public init(start: CalendarDate, end: CalendarDate?) {
        self.start = start
        self.end = end
    }
}

/// A link that is due, as `check --due --dry-run` explains it: read without writing anything.
public struct DueLink: Hashable, Sendable {
    public var url: String
    /// When it fell due (Unix seconds; 0 for a link never checked).
    public var nextCheckAt: Int
    /// Whether it was ever checked.
    public var checked: Bool
    public var consecutiveFailures: Int
    /// An import changed one of the events using it since links were last brought up to date.
    public var eventChanged: Bool
    /// The events using it, by id.
    public var events: [LinkEvent] = []
}

/// An event using a link: its id and days.
public struct LinkEvent: Hashable, Sendable {
    public var id: String
    public var span: EventSpan
}

extension CatalogueStore {
    /// What `dueURLs` would choose after `syncLinks`, worked out without writing: the links of events
    /// imports changed count as due now (never-checked ones first, those without a row yet in
    /// catalogue order, as the sync would add them), the rest as `link` says. Same order as `dueURLs`.
    public func dueLinks(at moment: Date, limit: Int? = nil) throws -> [DueLink] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                WITH used(url, seen) AS (
                  SELECT url, rowid FROM asset WHERE event_id IN (SELECT event_id FROM link_sync)
                  UNION ALL SELECT webstory, 1000000000000 + rowid FROM story
                    WHERE webstory IS NOT NULL AND event_id IN (SELECT event_id FROM link_sync)
                  UNION ALL SELECT thumbnail, 2000000000000 + rowid FROM asset
                    WHERE thumbnail IS NOT NULL AND event_id IN (SELECT event_id FROM link_sync)),
                changed(url, seen) AS (SELECT url, min(seen) FROM used GROUP BY url)
                SELECT url, next_check_at, last_check_id IS NOT NULL, consecutive_failures, 0, rowid
                  FROM link INDEXED BY link_due
                  WHERE in_catalogue AND next_check_at <= ?1 AND url NOT IN (SELECT url FROM changed)
                UNION ALL
                SELECT c.url, CASE WHEN l.url IS NULL THEN 0 ELSE min(l.next_check_at, ?1) END, l.last_check_id IS NOT NULL,
                  coalesce(l.consecutive_failures, 0), 1, coalesce(l.rowid, 1000000000000000 + c.seen)
                  FROM changed c LEFT JOIN link l ON l.url = c.url
                ORDER BY 2, 6 LIMIT ?2
                """, arguments: [Int(moment.timeIntervalSince1970), limit ?? -1])
            var links = rows.map {
                DueLink(url: $0[0], nextCheckAt: $0[1], checked: $0[2], consecutiveFailures: $0[3], eventChanged: $0[4])
            }
            let events = try Self.linkEvents(for: links.map(\.url), db)
            for index in links.indices { links[index].events = events[links[index].url] ?? [] }
            return links
        }
    }

    /// The events using each of `urls`, through assets, their thumbnails and web stories, by event id.
    static func linkEvents(for urls: [String], _ db: Database) throws -> [String: [LinkEvent]] {
        var result: [String: Set<LinkEvent>] = [:]
        for chunk in urls.chunked(500) {
            let marks = databaseQuestionMarks(count: chunk.count)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT a.url, e.id, e.start, e."end" FROM asset a JOIN event e ON e.id = a.event_id WHERE a.url IN (\(marks))
                UNION SELECT s.webstory, e.id, e.start, e."end" FROM story s JOIN event e ON e.id = s.event_id WHERE s.webstory IN (\(marks))
                UNION SELECT a.thumbnail, e.id, e.start, e."end" FROM asset a JOIN event e ON e.id = a.event_id WHERE a.thumbnail IN (\(marks))
                """, arguments: StatementArguments(Array(chunk) + Array(chunk) + Array(chunk)))
            while let row = try rows.next() {
                guard let start = CalendarDate(iso: row[2]) else { continue }
                let span = EventSpan(start: start, end: (row[3] as String?).flatMap(CalendarDate.init(iso:)))
                result[row[0], default: []].insert(LinkEvent(id: row[1], span: span))
            }
        }
        return result.mapValues { $0.sorted { $0.id < $1.id } }
    }

    /// Brings `link` up to date with the events imports added or changed since the last time: their
    /// links get a row waiting for a first check, or are due at once. `check --due` calls it before
    /// choosing; it costs nothing when no import ran.
    public func syncLinks(now: Date = Date()) throws {
        try pool.write { db in
            let events = try String.fetchAll(db, sql: "SELECT event_id FROM link_sync")
            for chunk in events.chunked(500) {
                let marks = databaseQuestionMarks(count: chunk.count)
                try db.execute(sql: """
                    INSERT INTO link (url, consecutive_failures, next_check_at, in_catalogue)
                    SELECT url, 0, 0, 1 FROM asset WHERE event_id IN (\(marks))
                    UNION ALL SELECT webstory, 0, 0, 1 FROM story WHERE event_id IN (\(marks)) AND webstory IS NOT NULL
                    UNION ALL SELECT thumbnail, 0, 0, 1 FROM asset WHERE event_id IN (\(marks)) AND thumbnail IS NOT NULL
                    ON CONFLICT(url) DO UPDATE SET in_catalogue = 1, next_check_at = min(link.next_check_at, ?)
                    """, arguments: StatementArguments(Array(chunk) + Array(chunk) + Array(chunk)) + [Int(now.timeIntervalSince1970)])
            }
            try db.execute(sql: "DELETE FROM link_sync")
        }
    }

    /// URLs of the catalogue due at `moment`, most overdue first (never-checked ones lead; equal
    /// times in the order the links were first seen), at most `limit`. One range scan of the
    /// `link_due` index, however large the catalogue; the index holds only the time (and the row id),
    /// so the 200,000 rows a large first import adds cost little.
    public func dueURLs(at moment: Date, limit: Int? = nil) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT url FROM link INDEXED BY link_due WHERE in_catalogue AND next_check_at <= ?
                ORDER BY next_check_at LIMIT ?
                """, arguments: [Int(moment.timeIntervalSince1970), limit ?? -1])
        }
    }

    /// `texts` as a JSON array, for a statement that walks it with `json_each`.
    static func jsonArray(_ texts: [String]) -> String {
        var list: [UInt8] = [UInt8(ascii: "[")]
        list.reserveCapacity(texts.count * 48)
        for text in texts {
            if list.count > 1 { list.append(UInt8(ascii: ",")) }
            JSONQuoting.append(text, to: &list)
        }
        list.append(UInt8(ascii: "]"))
        return String(decoding: list, as: UTF8.self)
    }
}
