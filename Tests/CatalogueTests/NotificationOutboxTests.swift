import Foundation
import Testing
import TestSupport
@testable import Catalogue

@Suite struct NotificationOutboxTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("catalogue.sqlite"), access: .create)
    }

    let monday = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func aFailedDeliveryStaysPendingAndOlderDigestsComeFirst() throws {
        defer { directory.remove() }
        let first = try store.enqueueNotifications([("webhook:1", "one"), ("email", "one mail")], at: monday)
        let later = try store.enqueueNotifications([("webhook:1", "two")], at: monday.addingTimeInterval(900))
        #expect(first.count == 2 && later.count == 1)

        try store.markNotificationFailed(id: first[0], at: monday.addingTimeInterval(1), error: "the webhook answered HTTP 500")
        try store.markNotificationDelivered(id: first[1], at: monday.addingTimeInterval(2))

        let pending = try store.pendingNotifications()
        #expect(pending.map(\.payload) == ["one", "two"], "oldest first; the delivered mail is gone")
        #expect(pending[0].attempts == 1 && pending[0].lastError == "the webhook answered HTTP 500")
        #expect(pending[0].lastAttemptAt == monday.addingTimeInterval(1))
        #expect(pending[1].attempts == 0 && pending[1].lastAttemptAt == nil)

        let all = try store.allNotifications()
        #expect(all.count == 3)
        #expect(all.first { $0.channel == "email" }?.deliveredAt == monday.addingTimeInterval(2))
    }

    @Test func theOutboxSurvivesReopeningTheCatalogue() throws {
        defer { directory.remove() }
        try store.enqueueNotifications([("email", "kept")], at: monday)
        let reopened = try CatalogueStore(path: directory.path("catalogue.sqlite"), access: .update)
        #expect(try reopened.pendingNotifications().map(\.payload) == ["kept"])
        #expect(try reopened.enqueueNotifications([], at: monday).isEmpty)
    }
}
