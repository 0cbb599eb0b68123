import Foundation
import MediaProbe
import Testing
import TestSupport
@testable import Catalogue

/// What a recheck reads per link before its request: the validators last seen (with the file's last
/// probe) and the days of the events using the link.
@Suite struct LinkRecheckInputsTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("recheck.sqlite"), access: .create)
    }

    @Test func validatorsAreTheLastSeenFileAndItsProbe() throws {
        _ = try store.importCatalogue(catalogue([event("visit-a", assets: [asset("clip"), asset("photo", kind: .photo), asset("page")])]),
                                      scope: ["/catalog"])
        var probed = LinkCheck(url: "https://example.org/clip", checkedAt: Self.t0, verdict: .ok, httpStatus: 200)
        (probed.etag, probed.lastModified, probed.contentType, probed.contentLength) = ("\"v1\"", "Sun, 19 Nov 2023 10:00:00 GMT", "video/mp4", 4_096)
        var properties = MediaProperties()
        (properties.format, properties.width, properties.height, properties.duration, properties.frameRate) = ("mp4", 1_920, 1_080, 12.5, 25)
        probed.probe = MediaProbeRecord(properties: properties, note: "moov at the end", bytes: 65_536, probedAt: Self.t0)
        // A later 304 confirms the file without seeing it anew; the validator stays the first check's.
        var confirmed = LinkCheck(url: "https://example.org/clip", checkedAt: Self.t0.addingTimeInterval(60), verdict: .ok,
                                  httpStatus: 304)
        confirmed.etag = "\"v1\""
        var photo = LinkCheck(url: "https://example.org/photo", checkedAt: Self.t0, verdict: .ok, httpStatus: 200)
        photo.etag = "\"p\""
        let broken = LinkCheck(url: "https://example.org/page", checkedAt: Self.t0, verdict: .broken, httpStatus: 404)
        try store.record([probed, photo, broken], run: "r1")
        try store.record([confirmed], run: "r2")

        // Both ways a check reads its targets: pages of a selection, and an explicit list (`--due`).
        for selection in [LinkSelection(events: nil), LinkSelection(urls: ["https://example.org/clip", "https://example.org/photo",
                                                                            "https://example.org/page", "https://example.org/never"])] {
            let targets = try store.linkTargets(selection, after: nil, limit: 100, validators: true)
            #expect(targets.map(\.url) == ["https://example.org/clip", "https://example.org/page", "https://example.org/photo"])
            let validators = Dictionary(uniqueKeysWithValues: targets.compactMap { target in target.validator.map { (target.url, $0) } })
            #expect(Set(validators.keys) == ["https://example.org/clip", "https://example.org/photo"], "only links whose file was seen")
            let clip = try #require(validators["https://example.org/clip"])
            #expect(clip.etag == "\"v1\"" && clip.lastModified == "Sun, 19 Nov 2023 10:00:00 GMT")
            #expect(clip.contentType == "video/mp4" && clip.contentLength == 4_096)
            #expect(clip.media == MediaProbeRecord(properties: properties, note: "moov at the end", bytes: 65_536, probedAt: Self.t0))
            #expect(clip.probedETag == "\"v1\"" && clip.probedLength == 4_096)
            let still = try #require(validators["https://example.org/photo"])
            #expect(still.etag == "\"p\"" && still.lastModified == nil && still.contentLength == nil && still.media == nil)
            #expect(still.probedETag == nil)
            // Read only when asked for.
            #expect(try store.linkTargets(selection, after: nil, limit: 100).allSatisfy { $0.validator == nil })
        }
    }

    @Test func linkTargetsCarryTheirEventsOnceEachInDateOrder() throws {
        // Asset ids are unique across the catalogue; the URLs they link to need not be.
        func using(_ id: String, _ path: String) -> Asset { Asset(id: id, kind: .video, title: id, url: "https://example.org/\(path)") }
        var storyWithLink = story("s1", assets: [using("s1-clip", "shared")])
        storyWithLink.webstory = "https://example.org/web"
        let later = Event(id: "summit", title: "Summit", type: .summit, start: CalendarDate(iso: "2024-07-09")!,
                          end: CalendarDate(iso: "2024-07-11")!,
                          assets: [using("summit-clip", "shared"), using("summit-web", "web"), using("summit-cafe", "caf\u{E9}?q=\"1\"")])
        let visit = event("visit-a", start: "2023-11-19", stories: [storyWithLink], assets: [using("visit-clip", "shared")])
        _ = try store.importCatalogue(catalogue([visit, later]), scope: ["/catalog"])
        let early = EventSpan(start: CalendarDate(iso: "2023-11-19")!, end: nil)
        let summit = EventSpan(start: CalendarDate(iso: "2024-07-09")!, end: CalendarDate(iso: "2024-07-11")!)
        // Both ways a check reads its targets: pages of a selection, and an explicit list (`--due`).
        for selection in [LinkSelection(events: nil), LinkSelection(urls: ["https://example.org/shared", "https://example.org/web", "https://example.org/none",
                                                                            "https://example.org/caf\u{E9}?q=\"1\""])] {
            let targets = Dictionary(uniqueKeysWithValues: try store.linkTargets(selection, after: nil, limit: 100).map { ($0.url, $0) })
            #expect(targets["https://example.org/shared"]?.events == [early, summit], "used twice by the visit, once by the summit; in date order")
            #expect(targets["https://example.org/web"]?.events == [early, summit], "the visit's web story and the summit's asset")
            #expect(targets["https://example.org/none"] == nil)
            // Non-ASCII and a quote survive the JSON array the explicit list is bound as.
            #expect(targets["https://example.org/caf\u{E9}?q=\"1\""]?.usedBy == ["summit-cafe"])
        }
    }
}
