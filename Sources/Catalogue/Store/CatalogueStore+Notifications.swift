import Foundation
import GRDB

/// A notification waiting in (or delivered from) the outbox: one rendered digest for one channel.
public struct OutboxNotification: Sendable, Hashable {
    public var id: Int64
    public var createdAt: Date
    /// A stable channel name from the notification policy: `webhook:1`, `webhook:2`, `email`.
    public var channel: String
    /// What is sent, exactly: the webhook's body, or the whole mail message.
    public var payload: String
    public var attempts: Int
    public var lastAttemptAt: Date?
    /// Why the last attempt failed, already free of secrets.
    public var lastError: String?
    public var deliveredAt: Date?

    public var isPending: Bool { deliveredAt == nil }

    init(row: Row) {
        id = row["id"]
        createdAt = Timestamp.date(row["created_at"])
        channel = row["channel"]
        payload = row["payload"]
        attempts = row["attempts"]
        lastAttemptAt = (row["last_attempt_at"] as String?).map(Timestamp.date)
        lastError = row["last_error"]
        deliveredAt = (row["delivered_at"] as String?).map(Timestamp.date)
    }
}

/// The notification outbox: digests are written here before any delivery is tried, and leave it
/// only by being delivered. A failed delivery never blocks a check and is never lost.
extension CatalogueStore {
    /// Adds one notification per channel, all in one transaction (either every channel gets the
    /// digest or none does); returns their ids in the order given.
    @discardableResult
    public func enqueueNotifications(_ payloads: [(channel: String, payload: String)], at date: Date) throws -> [Int64] {
        guard !payloads.isEmpty else { return [] }
        return try pool.write { db in
            try payloads.map { entry in
                try db.execute(sql: "INSERT INTO notification (created_at, channel, payload) VALUES (?, ?, ?)",
                               arguments: [Timestamp.text(date), entry.channel, entry.payload])
                return db.lastInsertedRowID
            }
        }
    }

    /// Notifications not yet delivered, oldest first, so a digest that failed last run goes out
    /// before this run's.
    public func pendingNotifications() throws -> [OutboxNotification] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM notification WHERE delivered_at IS NULL ORDER BY created_at, id")
                .map(OutboxNotification.init(row:))
        }
    }

    /// Every notification, delivered or not, oldest first (for reports and tests).
    public func allNotifications() throws -> [OutboxNotification] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM notification ORDER BY created_at, id").map(OutboxNotification.init(row:))
        }
    }

    /// Records a successful delivery: the notification leaves the outbox.
    public func markNotificationDelivered(id: Int64, at date: Date) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE notification SET attempts = attempts + 1, last_attempt_at = ?, delivered_at = ? WHERE id = ?
                """, arguments: [Timestamp.text(date), Timestamp.text(date), id])
        }
    }

    /// Records a failed attempt; the notification stays pending. `error` must already be redacted.
    public func markNotificationFailed(id: Int64, at date: Date, error: String) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE notification SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ?
                """, arguments: [Timestamp.text(date), error, id])
        }
    }
}
