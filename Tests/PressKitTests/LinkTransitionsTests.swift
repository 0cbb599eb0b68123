import Catalogue
import MediaProbe
import Foundation
import Testing
import TestSupport
import LinkVocabulary
@testable import PressKit

@Suite struct LinkTransitionsTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func check(_ minutes: Int, _ verdict: LinkVerdict, status: Int? = 200, etag: String? = nil, size: Int64? = nil,
               newURL: String? = nil, url: String = "https://example.org/b-roll.mp4") -> LinkCheck {
        LinkCheck(url: url, checkedAt: Self.t0.addingTimeInterval(Double(minutes) * 60), verdict: verdict,
                  newURL: newURL, httpStatus: status,
                  contentLength: size, etag: etag)
    }

    func kinds(_ before: LinkCheck?, _ checks: [LinkCheck], lastFull: LinkCheck? = nil) -> [String] {
        LinkTransitions.derive(LinkHistory(url: checks[0].url, before: before, lastFullBefore: lastFull ?? before, checks: checks))
            .map(\.kind.rawValue)
    }

    @Test func breakingAndRecoveringAreAnnouncedOnceEach() {
        #expect(kinds(check(0, .ok), [check(10, .broken, status: 404), check(20, .broken, status: 404), check(30, .ok)])
            == ["broke", "recovered"])
        #expect(kinds(nil, [check(0, .timeout, status: nil)]) == ["broke"], "a link that never worked is news too")
        #expect(kinds(check(0, .broken), [check(10, .serverError, status: 503)]).isEmpty, "one failure to another is not news")
        #expect(kinds(check(0, .ok), [check(10, .unverifiable, status: 403)]).isEmpty, "a bot wall is not a breakage")
    }

    @Test func aBotWallNeitherRecoversNorHidesABrokenLink() {
        // A broken link that now meets a firewall has not recovered: nothing is known of it.
        #expect(kinds(check(0, .broken, status: 404), [check(10, .unverifiable, status: 403)]).isEmpty)
        // When the firewall lets presskit through again, the link's state is compared with the last
        // check that said something: still broken is no news, working again is `recovered` from broken.
        #expect(kinds(check(0, .broken, status: 404), [check(10, .unverifiable, status: 403), check(20, .broken, status: 404)]).isEmpty)
        let back = LinkTransitions.derive(LinkHistory(url: "https://example.org/b-roll.mp4", before: check(0, .broken, status: 404),
                                                      lastFullBefore: nil,
                                                      checks: [check(10, .unverifiable, status: 403), check(20, .ok)]))
        #expect(back.map(\.kind) == [.recovered])
        #expect(back.first?.previousVerdict == .broken)
        // A working link that meets a firewall and then fails broke, once.
        #expect(kinds(check(0, .ok), [check(10, .unverifiable, status: 403), check(20, .broken, status: 404)]) == ["broke"])
    }

    @Test func movesAreAnnouncedWhenTheTargetChanges() {
        let moved = kinds(check(0, .ok), [check(10, .redirected, newURL: "https://new.example.org/a"),
                                           check(20, .redirected, newURL: "https://new.example.org/a"),
                                           check(30, .redirected, newURL: "https://newer.example.org/a")])
        #expect(moved == ["moved", "moved"])
    }

    @Test func aReplacedFileIsChangedAndA304IsNot() {
        let first = check(0, .ok, etag: "\"v1\"", size: 412_000_000)
        let transitions = LinkTransitions.derive(LinkHistory(url: first.url, before: first, lastFullBefore: first, checks: [
            check(10, .ok, status: 304),
            check(20, .ok, etag: "\"v1\"", size: 412_000_000),
            check(30, .ok, etag: "\"v2\"", size: 398_000_000),
        ]))
        #expect(transitions.map(\.kind) == [.changed])
        #expect(transitions.first?.detail == "ETag \"v1\" → \"v2\"; size 412 MB → 398 MB")
        // Unknown on either side is not a difference.
        #expect(kinds(first, [check(10, .ok, etag: nil, size: nil)]).isEmpty)
    }

    @Test func theStoreHandsOutEachPeriodWithWhatCameBefore() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try CatalogueStore(path: folder.path("h.sqlite"), access: .create)
        let url = "https://example.org/b-roll.mp4"
        try store.record([check(0, .ok, etag: "\"v1\"")], run: "r1")
        try store.record([check(10, .ok, status: 304)], run: "r2")
        try store.record([check(20, .broken, status: 404), check(20, .ok, url: "https://example.org/other")], run: "r3")
        try store.record([check(30, .ok, etag: "\"v2\"")], run: "r4")

        let histories = try store.histories(since: Self.t0.addingTimeInterval(15 * 60), until: Self.t0.addingTimeInterval(3_600))
        #expect(histories.map(\.url) == ["https://example.org/b-roll.mp4", "https://example.org/other"])
        let broll = try #require(histories.first)
        #expect(broll.before?.httpStatus == 304)
        #expect(broll.lastFullBefore?.etag == "\"v1\"", "the last full sight of the file, not the 304")
        #expect(broll.checks.map(\.verdict) == [.broken, .ok])
        #expect(LinkTransitions.derive(broll).map(\.kind) == [.broke, .recovered, .changed])
        #expect(try store.histories(since: Self.t0.addingTimeInterval(3_600), until: Self.t0.addingTimeInterval(7_200)).isEmpty)
        #expect(url == broll.url)
    }

    func page(_ minutes: Int, etag: String, title: String?, description: String? = nil, size: Int64 = 5_000) -> LinkCheck {
        var page = check(minutes, .ok, etag: etag, size: size, url: "https://example.org/story")
        page.contentType = "text/html; charset=utf-8"
        var properties = MediaProperties()
        properties.title = title
        properties.openGraphDescription = description
        page.probe = MediaProbeRecord(properties: properties, note: nil, bytes: 900, probedAt: page.checkedAt)
        return page
    }

    @Test func aPageChangesWhenWhatAReaderSeesDoes() {
        let first = page(0, etag: "\"a\"", title: "Summit opens")
        // New ETag and length at every check (a CSRF token): same title, so no news.
        #expect(kinds(first, [page(10, etag: "\"b\"", title: "Summit opens", size: 5_003),
                              page(20, etag: "\"c\"", title: "Summit opens", size: 4_998)]).isEmpty)
        let history = LinkHistory(url: first.url, before: first, lastFullBefore: first, lastProbedBefore: first, checks: [
            page(10, etag: "\"b\"", title: "Summit closes", description: "Final communiqué"),
        ])
        #expect(LinkTransitions.derive(history).map(\.detail) == ["title \"Summit opens\" → \"Summit closes\""],
                "a description read only now is not a difference")
        // Unprobed (probing off): nothing to judge a page by.
        var unprobed = page(10, etag: "\"z\"", title: nil)
        unprobed.probe = nil
        #expect(kinds(first, [unprobed]).isEmpty)
    }

    @Test func aFileStampedAtEveryCheckIsMarkedVolatileOnce() {
        let v1 = check(0, .ok, etag: "\"1\"", size: 1_000)
        let run = [check(10, .ok, etag: "\"2\"", size: 1_000), check(20, .ok, etag: "\"3\"", size: 1_000),
                   check(30, .ok, etag: "\"4\"", size: 1_000), check(40, .ok, etag: "\"5\"", size: 2_000)]
        let transitions = LinkTransitions.derive(LinkHistory(url: v1.url, before: v1, lastFullBefore: v1, checks: run))
        #expect(transitions.map(\.at) == [run[0].checkedAt, run[1].checkedAt, run[3].checkedAt])
        #expect(transitions[0].detail?.contains("volatile") == false)
        #expect(transitions[1].detail?.hasSuffix(LinkTransitions.volatileNote) == true)
        #expect(transitions[2].detail?.contains("size") == true, "a new size is still news")
        // Marked in an earlier period: the next stamp is not news.
        let later = LinkHistory(url: v1.url, before: run[1], lastFullBefore: run[1], earlierFullBefore: [v1, run[0]],
                                checks: [check(30, .ok, etag: "\"4\"", size: 1_000)])
        #expect(LinkTransitions.derive(later).isEmpty)
    }
}
