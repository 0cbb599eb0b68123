import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalogue

/// What `check --due` reads: every catalogue URL's next-check time, kept by imports and checks.
@Suite struct DueTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("due.sqlite"), access: .create)
    }

    let base = [event("visit-a", stories: [story("a1", assets: [asset("a1-video"), asset("a1-photo", kind: .photo)])])]

    func check(_ id: String, ok: Bool, at: Date, nextIfWorking: Date) -> LinkCheck {
        var check = LinkCheck(url: "https://example.org/\(id)", checkedAt: at, verdict: ok ? .ok : .broken, httpStatus: ok ? 200 : 404)
        check.nextCheckIfWorking = nextIfWorking
        check.failingRecheckSeconds = 900
        return check
    }

    func nextCheck(_ id: String) throws -> Int? {
        try store.pool.read { try Int.fetchOne($0, sql: "SELECT next_check_at FROM link WHERE url = ?", arguments: ["https://example.org/\(id)"]) }
    }

    @Test func importedLinksAreDueOnceSyncedAndCheckedOnesWhenTheirTimeComes() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        #expect(try store.dueURLs(at: Self.t0).isEmpty, "import only notes the event; the sync writes its links")
        try store.syncLinks()
        #expect(try store.dueURLs(at: Self.t0) == ["https://example.org/a1-video", "https://example.org/a1-photo"], "in catalogue order")
        let week = Self.t0.addingTimeInterval(7 * 86_400)
        try store.record([check("a1-video", ok: true, at: Self.t0, nextIfWorking: week)], run: "r")
        #expect(try store.dueURLs(at: Self.t0.addingTimeInterval(60)) == ["https://example.org/a1-photo"])
        #expect(try store.dueURLs(at: week) == ["https://example.org/a1-photo", "https://example.org/a1-video"])
        #expect(try store.dueURLs(at: week, limit: 1) == ["https://example.org/a1-photo"], "never-checked links lead")
        #expect(try store.health(of: ["https://example.org/a1-photo"]).isEmpty, "a link waiting for its first check has no health")
    }

    @Test func failingLinksBackOffUntilTheirWorkingInterval() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        try store.syncLinks()
        let day = Self.t0.addingTimeInterval(86_400)
        var waits: [Int] = []
        for n in 0..<9 {
            let at = Self.t0.addingTimeInterval(Double(n) * 10)
            try store.record([check("a1-video", ok: false, at: at, nextIfWorking: day)], run: "r\(n)")
            waits.append(try #require(try nextCheck("a1-video")) - Int(at.timeIntervalSince1970))
        }
        #expect(waits == [900, 1_800, 3_600, 7_200, 14_400, 28_800, 57_600, 86_400 - 70, 86_400 - 80])
        try store.record([check("a1-video", ok: true, at: Self.t0.addingTimeInterval(100), nextIfWorking: day)], run: "ok")
        #expect(try nextCheck("a1-video") == Int(day.timeIntervalSince1970), "a recovery resets the backoff")
    }

    @Test func importsKeepTheDueIndexInStepWithTheCatalogue() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        try store.syncLinks()
        let later = Self.t0.addingTimeInterval(3_600)
        try store.record([check("a1-video", ok: true, at: Self.t0, nextIfWorking: later),
                          check("a1-photo", ok: true, at: Self.t0, nextIfWorking: later)], run: "r")
        #expect(try store.dueURLs(at: Self.t0).isEmpty)
        // The photo leaves the catalogue and the event changes: the video is due again, the photo no more.
        var edited = base
        edited[0].stories[0].assets.remove(at: 1)
        edited[0].title = "Renamed"
        _ = try store.importCatalogue(catalogue(edited), scope: ["/catalog"])
        try store.syncLinks()
        #expect(try store.dueURLs(at: Date()) == ["https://example.org/a1-video"])
        #expect(try store.dueURLs(at: later.addingTimeInterval(1)) == ["https://example.org/a1-video"], "the photo is out of the catalogue")
        // An unchanged re-import leaves the times alone.
        try store.record([check("a1-video", ok: true, at: Date(), nextIfWorking: Date().addingTimeInterval(3_600))], run: "r2")
        _ = try store.importCatalogue(catalogue(edited), scope: ["/catalog"])
        try store.syncLinks()
        #expect(try store.dueURLs(at: Date()).isEmpty)
    }

    @Test func dueLinksForeseeTheSyncWithoutWritingIt() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        let foreseen = try store.dueLinks(at: Self.t0)
        #expect(foreseen.map(\.url) == ["https://example.org/a1-video", "https://example.org/a1-photo"])
        #expect(foreseen.allSatisfy { !$0.checked && $0.eventChanged && $0.events.map(\.id) == ["visit-a"] })
        #expect(try store.dueURLs(at: Self.t0).isEmpty, "nothing was written")
        try store.syncLinks()
        try store.record([check("a1-video", ok: false, at: Self.t0, nextIfWorking: Self.t0.addingTimeInterval(86_400))], run: "r")
        let later = try store.dueLinks(at: Self.t0.addingTimeInterval(900))
        #expect(try later.map(\.url) == store.dueURLs(at: Self.t0.addingTimeInterval(900)))
        #expect(later.map { "\($0.url) \($0.checked) \($0.consecutiveFailures) \($0.eventChanged)" }
            == ["https://example.org/a1-photo false 0 false", "https://example.org/a1-video true 1 false"])
    }
}

