import Catalogue
import Foundation
import Testing
import LinkVocabulary
@testable import PressKit

/// The report model built from a recorded history (`ReportFixture`): every section, `--event`,
/// and where the period starts.
@Suite struct LinkReportTests {
    @Test func everySectionFromOnePeriod() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let report = try fixture.report()

        #expect(report.urls(.broke) == ["/photo.jpg"])
        let broke = try #require(report.changes(.broke).first?.item)
        #expect(broke.previousVerdict == .ok)
        #expect(broke.since == "2024-02-02T20:00:00.000Z", "when it stopped working, not the day's first check")
        #expect(broke.usedBy.map(\.asset) == ["summit-photo", "visit-photo"], "every asset using it, in every event")
        #expect(broke.usedBy.first?.title == "Family photo")

        #expect(report.urls(.recovered) == ["/video.mp4"])
        #expect(report.changes(.recovered).first?.item.previousVerdict == .broken)

        #expect(report.urls(.moved) == ["/old/speech.htm"])
        let moved = try #require(report.changes(.moved).first)
        #expect(moved.item.newURL == ReportFixture.site + "/new/speech.htm")
        #expect(moved.catalogueEdits == [CatalogueEdit(path: fixture.summitFile, line: 6, field: "url")])

        #expect(report.urls(.changed) == ["/broll.mp4"])
        #expect(report.changes(.changed).first?.item.detail == "ETag \"v1\" → \"v2\"; size 100 B → 120 B")

        #expect(report.urls(.certificateExpiring) == ["/news/day1.htm"])
        let certificate = try #require(report.changes(.certificateExpiring).first?.item)
        #expect(certificate.detail == "expires in 10 days")
        #expect(certificate.usedBy == [ChangeDigest.AssetReference(event: "summit-2024", asset: "story:summit-day1", title: "Leaders meet")])

        #expect(report.stillBroken.map(\.url) == [ReportFixture.site + "/gone.jpg"])
        #expect(report.stillBroken.first?.since == "2024-02-01T00:00:00.000Z", "broken since the first check")
        #expect(report.stillBroken.first?.consecutiveFailures == 2)
        #expect(report.stillBroken.first?.lastOK == nil)

        // Both events use the photo that broke; the summit also loses its last photo.
        #expect(report.incompleteKits.map(\.event) == ["summit-2024", "visit-2024"])
        let summit = try #require(report.incompleteKits.first)
        #expect(summit.missingKinds == [.photo])
        #expect(summit.leftOut.map(\.id) == ["summit-photo", "summit-gone"])
        #expect(summit.leftOut.first?.title == "Family photo")
        #expect(summit.leftOut.first?.reasons == [.verdict(.broken)])

        #expect(report.counts == ["broke": 1, "moved": 1, "changed": 1, "certificate-expiring": 1, "recovered": 1,
                                  "still-broken": 1, "incomplete-kits": 2])
        #expect(report.sinceSource == .option)
        #expect(report.since == "2024-02-01T01:00:00.000Z")
        #expect(report.createdAt == "2024-02-03T00:00:00.000Z")
    }

    @Test func theHealthSeriesCountsEachLinkOnceADayByItsLastCheck() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let window = try fixture.report().linkHealth
        #expect(window.from == "2024-01-05")
        #expect(window.to == "2024-02-03")
        #expect(window.dates.count == HealthWindow.days)
        #expect(window.events.map(\.event) == ["summit-2024", "visit-2024"])
        let summit = try #require(window.events.first)
        #expect(summit.links == 6)
        // Day 1: photo, speech, b-roll, story work; gone and video fail. Day 2: the photo worked at
        // 08:00 but its last check, at 20:00, failed; the video is back; the moved speech still works.
        #expect(summit.days == [DayHealth(date: "2024-02-01", checked: 6, working: 4),
                                DayHealth(date: "2024-02-02", checked: 6, working: 4)])
        #expect(window.events.last?.days.last == DayHealth(date: "2024-02-02", checked: 2, working: 1))
    }

    @Test func anEventReportKeepsToThatEventsLinks() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let report = try fixture.report(event: "visit-2024")
        #expect(report.event == "visit-2024")
        #expect(report.changes.map(\.item.kind) == [.broke])
        #expect(report.changes.first?.item.usedBy.map(\.asset) == ["visit-photo"], "only the event's own assets")
        #expect(report.stillBroken.isEmpty, "gone.jpg belongs to the summit")
        #expect(report.incompleteKits.map(\.event) == ["visit-2024"])
        #expect(report.incompleteKits.first?.missingKinds == [.transcript, .bRoll])
        #expect(report.linkHealth.events.map(\.event) == ["visit-2024"])
    }

    @Test func thePeriodStartsAtSinceElseTheMarkElseTheBeginning() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let mark = ReportFixture.t0.addingTimeInterval(5 * 3_600)
        #expect(LinkReportBuilder.Period(since: nil, mark: nil, until: ReportFixture.until).source == .firstReport)
        #expect(LinkReportBuilder.Period(since: nil, mark: mark, until: ReportFixture.until).since == mark)
        let option = LinkReportBuilder.Period(since: ReportFixture.t0, mark: mark, until: ReportFixture.until)
        #expect(option.since == ReportFixture.t0 && option.source == .option, "--since wins over the mark")

        #expect(try fixture.store.reportMark() == nil)
        try fixture.store.markReported(until: mark)
        try fixture.store.markReported(until: ReportFixture.until)
        #expect(try fixture.store.reportMark().map(Timestamp.text) == Timestamp.text(ReportFixture.until), "one mark, moved forward")
        // The mark reads back as the same millisecond, whatever double the clock gave.
        for milliseconds in [1_764_013_888_709.0, 1_764_013_888_001, 1_764_013_888_999.7] {
            let moment = Date(timeIntervalSince1970: milliseconds / 1_000)
            try fixture.store.markReported(until: moment)
            #expect(try fixture.store.reportMark().map(Timestamp.text) == Timestamp.text(moment))
        }
        try fixture.store.markReported(until: ReportFixture.until)

        // The first report covers everything: a link that failed from its first check broke in it.
        let first = try fixture.report(since: nil)
        #expect(first.sinceSource == .firstReport && first.since == nil)
        #expect(first.urls(.broke) == ["/gone.jpg", "/photo.jpg"])
        #expect(first.urls(.recovered) == ["/video.mp4"], "broke and came back: the news is that it works")
        #expect(first.stillBroken.isEmpty, "nothing was broken before the beginning")

        // A report from the mark after every check has nothing new; standing problems remain.
        let next = try fixture.report(since: nil, mark: ReportFixture.until)
        #expect(next.sinceSource == .previousReport)
        #expect(!next.hasNews)
        #expect(next.changes.map(\.item.kind) == [.certificateExpiring])
        #expect(Set(next.stillBroken.map(\.url)) == [ReportFixture.site + "/gone.jpg", ReportFixture.site + "/photo.jpg"])
        #expect(next.incompleteKits.isEmpty, "no change touched a kit")
    }

    @Test func anUnreadableCatalogueFileStillNamesTheFile() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let builder = LinkReportBuilder(linkPolicy: LinkCheckPolicy(), kitPolicy: PressKitPolicy(), readFile: { _ in nil })
        let report = try builder.report(from: fixture.store, event: nil, period: .init(
            since: ReportFixture.periodStart, mark: nil, until: ReportFixture.until))
        #expect(report.changes(.moved).first?.catalogueEdits == [CatalogueEdit(path: fixture.summitFile)])
    }
}
