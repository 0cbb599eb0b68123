import Catalogue
import Foundation
import Testing
import TestSupport
@testable import PressKit

@Suite struct LinkTransitionsTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func check(_ minutes: Int, _ verdict: String, status: Int? = 200, etag: String? = nil, size: Int64? = nil,
               newURL: String? = nil, url: String = "https://example.org/b-roll.mp4") -> LinkCheck {
        LinkCheck(url: url, checkedAt: Self.t0.addingTimeInterval(Double(minutes) * 60), verdict: verdict,
                  isSuccess: verdict == "ok" || verdict == "redirected", newURL: newURL, httpStatus: status,
                  contentLength: size, etag: etag)
    }

    func kinds(_ before: LinkCheck?, _ checks: [LinkCheck], lastFull: LinkCheck? = nil) -> [String] {
        LinkTransitions.derive(LinkHistory(url: checks[0].url, before: before, lastFullBefore: lastFull ?? before, checks: checks))
            .map(\.kind.rawValue)
    }

    @Test func breakingAndRecoveringAreAnnouncedOnceEach() {
        #expect(kinds(check(0, "ok"), [check(10, "broken", status: 404), check(20, "broken", status: 404), check(30, "ok")])
            == ["broke", "recovered"])
        #expect(kinds(nil, [check(0, "timeout", status: nil)]) == ["broke"], "a link that never worked is news too")
        #expect(kinds(check(0, "broken"), [check(10, "server-error", status: 503)]).isEmpty, "one failure to another is not news")
        #expect(kinds(check(0, "ok"), [check(10, "unverifiable", status: 403)]).isEmpty, "a bot wall is not a breakage")
    }

    @Test func movesAreAnnouncedWhenTheTargetChanges() {
        let moved = kinds(check(0, "ok"), [check(10, "redirected", newURL: "https://new.example.org/a"),
                                           check(20, "redirected", newURL: "https://new.example.org/a"),
                                           check(30, "redirected", newURL: "https://newer.example.org/a")])
        #expect(moved == ["moved", "moved"])
    }

    @Test func aReplacedFileIsChangedAndA304IsNot() {
        let first = check(0, "ok", etag: "\"v1\"", size: 412_000_000)
        let transitions = LinkTransitions.derive(LinkHistory(url: first.url, before: first, lastFullBefore: first, checks: [
            check(10, "ok", status: 304),
            check(20, "ok", etag: "\"v1\"", size: 412_000_000),
            check(30, "ok", etag: "\"v2\"", size: 398_000_000),
        ]))
        #expect(transitions.map(\.kind) == [.changed])
        #expect(transitions.first?.detail == "ETag \"v1\" → \"v2\"; size 412 MB → 398 MB")
        // Unknown on either side is not a difference.
        #expect(kinds(first, [check(10, "ok", etag: nil, size: nil)]).isEmpty)
    }

    @Test func theStoreHandsOutEachPeriodWithWhatCameBefore() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try CatalogueStore(path: folder.path("h.sqlite"), access: .create)
        let url = "https://example.org/b-roll.mp4"
        try store.record([check(0, "ok", etag: "\"v1\"")], run: "r1")
        try store.record([check(10, "ok", status: 304)], run: "r2")
        try store.record([check(20, "broken", status: 404), check(20, "ok", url: "https://example.org/other")], run: "r3")
        try store.record([check(30, "ok", etag: "\"v2\"")], run: "r4")

        let histories = try store.histories(since: Self.t0.addingTimeInterval(15 * 60), until: Self.t0.addingTimeInterval(3_600))
        #expect(histories.map(\.url) == ["https://example.org/b-roll.mp4", "https://example.org/other"])
        let broll = try #require(histories.first)
        #expect(broll.before?.httpStatus == 304)
        #expect(broll.lastFullBefore?.etag == "\"v1\"", "the last full sight of the file, not the 304")
        #expect(broll.checks.map(\.verdict) == ["broken", "ok"])
        #expect(LinkTransitions.derive(broll).map(\.kind) == [.broke, .recovered, .changed])
        #expect(try store.histories(since: Self.t0.addingTimeInterval(3_600), until: Self.t0.addingTimeInterval(7_200)).isEmpty)
        #expect(url == broll.url)
    }
}
