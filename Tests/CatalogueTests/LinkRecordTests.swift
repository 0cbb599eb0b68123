import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalogue

/// Recording checks: the history row per check and the health per URL worked out from the row before.
@Suite struct LinkRecordTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("links.sqlite"), create: true)
    }

    func at(_ minute: Int) -> Date { Date(timeIntervalSince1970: 1_790_000_000 + Double(minute) * 60) }

    func check(_ url: String, _ minute: Int, _ verdict: String, success: Bool) -> LinkCheck {
        LinkCheck(url: url, checkedAt: at(minute), verdict: verdict, isSuccess: success, detail: success ? nil : "HTTP 404",
                  httpStatus: success ? 200 : 404, method: "HEAD",
                  redirects: [LinkCheck.Hop(url: url, status: 302, location: url + "/x")], contentLength: 42,
                  dnsTime: 0.001, certificateExpiry: at(60 * 24 * 90), curlCode: nil, bytesRead: 7)
    }

    @Test func healthFollowsTheStreakAcrossBatches() throws {
        let a = "https://example.org/a", b = "https://example.org/b"
        try store.record([check(a, 0, "ok", success: true), check(b, 0, "broken", success: false)], run: "r1")
        var health = try store.health(of: [a, b])
        #expect(health[a]?.since == at(0) && health[a]?.lastOK == at(0) && health[a]?.consecutiveFailures == 0)
        #expect(health[b]?.since == at(0) && health[b]?.lastOK == nil && health[b]?.consecutiveFailures == 1)

        try store.record([check(a, 1, "ok", success: true), check(b, 1, "broken", success: false)], run: "r2")
        try store.record([check(a, 2, "timeout", success: false), check(b, 2, "redirected", success: true)], run: "r3")
        health = try store.health(of: [a, b])
        // a: ok since minute 0, then a timeout: a new verdict since minute 2, last ok at minute 1.
        #expect(health[a]?.verdict == "timeout" && health[a]?.since == at(2))
        #expect(health[a]?.lastOK == at(1) && health[a]?.lastChecked == at(2) && health[a]?.consecutiveFailures == 1)
        // b: broken twice, then working again.
        #expect(health[b]?.verdict == "redirected" && health[b]?.since == at(2))
        #expect(health[b]?.lastOK == at(2) && health[b]?.consecutiveFailures == 0)
        #expect(health[b]?.httpStatus == 200 && health[b]?.contentLength == 42)

        try store.record([check(a, 3, "timeout", success: false)], run: "r4")
        health = try store.health(of: [a])
        #expect(health[a]?.since == at(2) && health[a]?.consecutiveFailures == 2 && health[a]?.lastOK == at(1))
    }

    @Test func historyRowsReadBackAsRecorded() throws {
        let recorded = [check("https://example.org/b", 5, "broken", success: false), check("https://example.org/a", 5, "ok", success: true)]
        try store.record(recorded, run: "r1")
        try store.record([check("https://example.org/a", 6, "ok", success: true)], run: "r2")
        var read: [LinkCheck] = []
        try store.forEachCheck(ofRun: "r1") { read.append($0) }
        #expect(read == recorded.sorted { $0.url < $1.url })
    }
}
