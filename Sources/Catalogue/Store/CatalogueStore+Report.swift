import Foundation
import GRDB
import LinkVocabulary

/// An asset, or a story's web story, that uses a URL: what a report names so staff know which
/// kits a link change touches.
public struct LinkUse: Hashable, Sendable {
    public var eventID: String
    /// The asset id, or `story:<id>` for a story's web story.
    public var user: String
    /// The asset's title, or the story's headline.
    public var title: String

    public init(eventID: String, user: String, title: String) {
        self.eventID = eventID
        self.user = user
        self.title = title
    }
}

/// What `presskit report` reads beyond the history: who uses each link, where each event was
/// written, each day's health, and the mark the previous report left.
extension CatalogueStore {
    /// Every URL of the chosen events (nil: all), with the assets and web stories using it, in
    /// catalogue order (by event, then event-wide assets, each story's assets, then web stories).
    public func linkUses(events: [String]?) throws -> [String: [LinkUse]] {
        try pool.read { db in
            func filter(_ column: String) -> String {
                events.map { "\(column) IN (\(databaseQuestionMarks(count: $0.count)))" } ?? "1"
            }
            let arguments = StatementArguments(events ?? [])
            var uses: [String: [LinkUse]] = [:]
            let assets = try Row.fetchCursor(db, sql: """
                SELECT a.event_id, a.id, a.title, a.url FROM asset a LEFT JOIN story s ON s.id = a.story_id
                WHERE \(filter("a.event_id")) ORDER BY a.event_id, s.position IS NOT NULL, s.position, a.position
                """, arguments: arguments)
            while let row = try assets.next() {
                uses[row["url"], default: []].append(LinkUse(eventID: row["event_id"], user: row["id"], title: row["title"]))
            }
            // A thumbnail is used by its asset, as `check` names it: `thumbnail:<asset id>`.
            let thumbnails = try Row.fetchCursor(db, sql: """
                SELECT a.event_id, a.id, a.title, a.thumbnail FROM asset a LEFT JOIN story s ON s.id = a.story_id
                WHERE a.thumbnail IS NOT NULL AND \(filter("a.event_id")) ORDER BY a.event_id, s.position IS NOT NULL, s.position, a.position
                """, arguments: arguments)
            while let row = try thumbnails.next() {
                uses[row["thumbnail"], default: []].append(
                    LinkUse(eventID: row["event_id"], user: "thumbnail:" + (row["id"] as String), title: row["title"]))
            }
            let stories = try Row.fetchCursor(db, sql: """
                SELECT event_id, id, headline, webstory FROM story WHERE webstory IS NOT NULL AND \(filter("event_id"))
                ORDER BY event_id, position
                """, arguments: arguments)
            while let row = try stories.next() {
                uses[row["webstory"], default: []].append(
                    LinkUse(eventID: row["event_id"], user: "story:" + (row["id"] as String), title: row["headline"]))
            }
            return uses
        }
    }

    /// The file each of the events was imported from (absolute paths), by event id.
    public func sourcePaths(of events: [String]) throws -> [String: String] {
        try pool.read { db in
            var paths: [String: String] = [:]
            for chunk in Array(Set(events)).sorted().chunked(500) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT id, source_path FROM event WHERE id IN (\(databaseQuestionMarks(count: chunk.count)))
                    """, arguments: StatementArguments(Array(chunk)))
                for row in rows { paths[row["id"]] = row["source_path"] }
            }
            return paths
        }
    }

    /// Per UTC day in (from, until], how many of `urls` ended the day with each verdict: each URL
    /// counts once a day, with its last check that day; days without checks are absent.
    ///
    /// Read with one window-function query per 500 URLs along the `(url, checked_at)` index, bounded
    /// to the period, so a year of history costs nothing outside it.
    public func dailyVerdicts(of urls: [String], from: Date, until: Date) throws -> [String: [LinkVerdict: Int]] {
        try pool.read { db in
            var days: [String: [LinkVerdict: Int]] = [:]
            for chunk in Array(Set(urls)).sorted().chunked(500) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT day, verdict, count(*) AS links FROM (
                      SELECT substr(checked_at, 1, 10) AS day, verdict,
                             row_number() OVER (PARTITION BY url, substr(checked_at, 1, 10)
                                                ORDER BY checked_at DESC, id DESC) AS latest
                      FROM link_check
                      WHERE url IN (\(databaseQuestionMarks(count: chunk.count))) AND checked_at > ? AND checked_at <= ?)
                    WHERE latest = 1 GROUP BY day, verdict
                    """, arguments: StatementArguments(Array(chunk)) + [Timestamp.text(from), Timestamp.text(until)])
                for row in rows {
                    days[row["day"], default: [:]][LinkVerdict(stored: row["verdict"]), default: 0] += row["links"] as Int
                }
            }
            return days
        }
    }

    /// Where the previous report without --since ended: the next report starts there.
    public func reportMark() throws -> Date? { try mark("report") }

    /// Records that a report covered everything up to `until`.
    public func markReported(until: Date) throws { try setMark("report", at: until) }
}
