import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalogue
import LinkVocabulary

/// Recording checks: the history row per check and the health per URL worked out from the row before.
@Suite struct LinkRecordTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("links.sqlite"), access: .create)
    }

    func at(_ minute: Int) -> Date { Date(timeIntervalSince1970: 1_790_000_000 + Double(minute) * 60) }

    func check(_ url: String, _ minute: Int, _ verdict: LinkVerdict, success: Bool) -> LinkCheck {
        LinkCheck(url: url, checkedAt: at(minute), verdict: verdict, detail: success ? nil : "HTTP 404",
                  httpStatus: success ? 200 : 404, method: "HEAD",
                  redirects: [LinkCheck.Hop(url: url, status: 302, location: url + "/x")], contentLength: 42,
                  dnsTime: 0.001, certificateExpiry: at(60 * 24 * 90), curlCode: nil, bytesRead: 7)
    }

    @Test func healthFollowsTheStreakAcrossBatches() throws {
        let a = "https://example.org/a", b = "https://example.org/b"
        try store.record([check(a, 0, .ok, success: true), check(b, 0, .broken, success: false)], run: "r1")
        var health = try store.health(of: [a, b])
        #expect(health[a]?.since == at(0) && health[a]?.lastOK == at(0) && health[a]?.consecutiveFailures == 0)
        #expect(health[b]?.since == at(0) && health[b]?.lastOK == nil && health[b]?.consecutiveFailures == 1)

        try store.record([check(a, 1, .ok, success: true), check(b, 1, .broken, success: false)], run: "r2")
        try store.record([check(a, 2, .timeout, success: false), check(b, 2, .redirected, success: true)], run: "r3")
        health = try store.health(of: [a, b])
        // a: ok since minute 0, then a timeout: a new verdict since minute 2, last ok at minute 1.
        #expect(health[a]?.verdict == .timeout && health[a]?.since == at(2))
        #expect(health[a]?.lastOK == at(1) && health[a]?.lastChecked == at(2) && health[a]?.consecutiveFailures == 1)
        // b: broken twice, then working again.
        #expect(health[b]?.verdict == .redirected && health[b]?.since == at(2))
        #expect(health[b]?.lastOK == at(2) && health[b]?.consecutiveFailures == 0)
        #expect(health[b]?.httpStatus == 200 && health[b]?.contentLength == 42)

        try store.record([check(a, 3, .timeout, success: false)], run: "r4")
        health = try store.health(of: [a])
        #expect(health[a]?.since == at(2) && health[a]?.consecutiveFailures == 2 && health[a]?.lastOK == at(1))
    }

    /// History rows go in sixteen at a time with ids handed out by the writer: a batch that is not
    /// a multiple of sixteen keeps every row, in order, each link pointing at its own last row, and
    /// no id is ever used twice, even after the newest rows were deleted (AUTOINCREMENT's promise).
    @Test func batchesOfAnySizeKeepEveryRowAndNeverReuseAnId() throws {
        let urls = (0..<37).map { "https://example.org/\($0)" }
        try store.record(urls.map { check($0, 0, .ok, success: true) }, run: "r1")
        try store.record(urls.prefix(17).map { check($0, 1, .broken, success: false) }, run: "r2")
        let (rows, lastIDs, byID) = try store.pool.read { db in
            (try Row.fetchAll(db, sql: "SELECT id, url, run FROM link_check ORDER BY id"),
             try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT url, last_check_id FROM link").map { ($0["url"] as String, $0["last_check_id"] as Int64) }),
             try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, url, run FROM link_check").map { ($0["id"] as Int64, ($0["url"] as String, $0["run"] as String)) }))
        }
        #expect(rows.map { $0["id"] as Int64 } == Array(1...54))
        #expect(rows.map { $0["url"] as String } == urls + urls.prefix(17))
        for (index, url) in urls.enumerated() {
            let last = try #require(lastIDs[url])
            #expect(byID[last]?.0 == url && byID[last]?.1 == (index < 17 ? "r2" : "r1"))
        }
        let health = try store.health(of: [urls[0], urls[20]])
        #expect(health[urls[0]]?.verdict == .broken && health[urls[20]]?.verdict == .ok)

        try store.pool.write { db in try db.execute(sql: "DELETE FROM link_check WHERE id > 50") }
        try store.record([check(urls[0], 2, .ok, success: true)], run: "r3")
        let newest = try store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM link_check") }
        #expect(newest == 55)
    }

    @Test func historyRowsHoldEveryField() throws {
        let recorded = check("https://example.org/a", 5, .broken, success: false)
        try store.record([recorded], run: "r1")
        let row = try #require(try store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM link_check WHERE run = 'r1'")
        })
        #expect(row["url"] as String == recorded.url)
        #expect(row["checked_at"] as String == Timestamp.text(recorded.checkedAt))
        #expect(row["verdict"] as String == "broken" && row["is_success"] as Bool == false)
        #expect(row["detail"] as String? == "HTTP 404" && row["http_status"] as Int? == 404 && row["method"] as String? == "HEAD")
        #expect(row["redirects"] as String == #"[{"location":"https://example.org/a/x","status":302,"url":"https://example.org/a"}]"#)
        #expect(row["content_length"] as Int64? == 42 && row["dns_seconds"] as Double? == 0.001 && row["tls_seconds"] as Double? == nil)
        #expect(row["certificate_expiry"] as String? == recorded.certificateExpiry.map(Timestamp.text))
        #expect(row["curl_code"] as Int? == nil && row["bytes_read"] as Int == 7)
    }
}

/// Link targets read page by page in URL order, and matched to the history.
@Suite struct LinkTargetTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore
    static let host = "https://media.example.org/"

    func media(_ id: String, _ kind: AssetKind = .video, path: String? = nil, type: String? = nil) -> Asset {
        Asset(id: id, kind: kind, title: id, url: Self.host + (path ?? id), contentType: type)
    }

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("targets.sqlite"), access: .create)
        // Shared URLs across events and kinds, stories' web stories (one also an asset's URL), and
        // URLs whose byte order differs from String's order ("é" after "z" in UTF-8).
        let one = event("one", stories: [
            Story(id: "s1", headline: "S1", date: .day(CalendarDate(year: 2023, month: 11, day: 20)!),
                  webstory: Self.host + "story-1", assets: [media("a1"), media("a2", .photo, path: "shared")]),
        ], assets: [media("a3", .bRoll, path: "z"), media("a4", .photo, path: "\u{E9}", type: "image/webp")])
        let two = event("two", start: "2023-12-01", stories: [
            Story(id: "s2", headline: "S2", date: .day(CalendarDate(year: 2023, month: 12, day: 2)!),
                  webstory: Self.host + "shared", assets: [media("b1", .video, path: "shared")]),
        ], assets: (0..<7).map { media("b-\($0)", .audio, path: "b-\($0)") })
        _ = try store.importCatalogue(catalogue([one, two]), scope: ["/catalog"])
    }

    func allPages(_ selection: LinkSelection, limit: Int, validators: Bool = false) throws -> [LinkTarget] {
        var all: [LinkTarget] = []
        while true {
            let page = try store.linkTargets(selection, after: all.last?.url, limit: limit, validators: validators)
            #expect(page.count <= limit)
            all += page
            if page.count < limit { return all }
        }
    }

    @Test(arguments: [1, 2, 3, 100]) func pagesCoverEveryURLOnceInByteOrder(limit: Int) throws {
        let everything = LinkSelection(events: nil)
        let targets = try allPages(everything, limit: limit)
        let paths = targets.map { String($0.url.dropFirst(Self.host.count)) }
        #expect(paths == ["a1", "b-0", "b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "shared", "story-1", "z", "\u{E9}"])
        #expect(try store.linkTargetCount(everything) == 12)
        let shared = try #require(targets.first { $0.url.hasSuffix("shared") })
        #expect(shared.kinds == [.photo, .video, .webstory])
        #expect(shared.usedBy == ["a2", "b1", "story:s2"])
        #expect(targets.last?.declaredContentTypes == ["image/webp"])
    }

    /// A recheck's pages carry each link's validator, whichever table the link comes from (the web
    /// story `story-1` is no asset's URL), also where a page ends inside the assets' URLs.
    @Test(arguments: [1, 2, 5, 100]) func pagesCarryEachLinksValidator(limit: Int) throws {
        let paths = ["a1", "b-0", "b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "shared", "story-1", "z", "\u{E9}"]
        try store.record(paths.filter { $0 != "b-3" }.map { path in
            var check = LinkCheck(url: Self.host + path, checkedAt: Date(timeIntervalSince1970: 1_790_000_000), verdict: .ok, httpStatus: 200)
            check.etag = "\"" + path + "\""
            return check
        }, run: "r1")
        let targets = try allPages(LinkSelection(events: nil), limit: limit, validators: true)
        #expect(targets.map { String($0.url.dropFirst(Self.host.count)) } == paths)
        for target in targets {
            let path = String(target.url.dropFirst(Self.host.count))
            #expect(target.validator?.etag == (path == "b-3" ? nil : "\"" + path + "\""), "\(path)")
        }
    }

    @Test func selectionsFilterByEventAndKind() throws {
        let photos = LinkSelection(events: ["one"], kinds: [.photo])
        #expect(try allPages(photos, limit: 1).map(\.usedBy) == [["a2"], ["a4"]])
        #expect(try store.linkTargetCount(photos) == 2)
        let stories = LinkSelection(events: ["two"], kinds: [.webstory])
        #expect(try allPages(stories, limit: 1).map(\.usedBy) == [["story:s2"]])
        let two = LinkSelection(events: ["two"])
        #expect(try store.linkTargetCount(two) == 8)
        #expect(try allPages(two, limit: 3).first { $0.url.hasSuffix("shared") }?.usedBy == ["b1", "story:s2"])
    }
}
