import Catalogue
import Foundation
import Testing
import LinkVocabulary
@testable import PressKit

/// `ChangeDigest.build`: the one place a notification and a report decide what changed.
@Suite struct ChangeDigestBuildTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let url = "https://example.org/b-roll.mp4"

    func transition(_ kind: LinkTransition.Kind, minutes: Double, verdict: LinkVerdict, was: LinkVerdict?, newURL: String? = nil) -> LinkTransition {
        LinkTransition(kind: kind, url: Self.url, at: Self.t0.addingTimeInterval(minutes * 60), verdict: verdict,
                       previousVerdict: was, newURL: newURL)
    }

    func health(_ verdict: LinkVerdict, newURL: String? = nil, certificateExpiry: Date? = nil, url: String = url) -> LinkHealth {
        LinkHealth(url: url, verdict: verdict, since: Self.t0, lastChecked: Self.t0, lastOK: nil, consecutiveFailures: 0,
                   httpStatus: 200, contentType: nil, contentLength: nil, newURL: newURL, certificateExpiry: certificateExpiry)
    }

    func build(_ transitions: [LinkTransition], health: [LinkHealth]) -> ChangeDigest {
        ChangeDigest.build(transitions: transitions, health: Dictionary(uniqueKeysWithValues: health.map { ($0.url, $0) }),
                           usedBy: [Self.url: [.init(event: "e", asset: "a", title: "B-roll")]],
                           certificateWarningDays: 21, since: Self.t0, createdAt: Self.t0.addingTimeInterval(3_600))
    }

    @Test func aBlipWithinThePeriodIsOneRecoveryAndABreakAfterARecoveryIsABreak() {
        let blip = build([transition(.broke, minutes: 10, verdict: .timeout, was: .ok),
                          transition(.recovered, minutes: 20, verdict: .ok, was: .timeout)], health: [health(.ok)])
        #expect(blip.items.map(\.kind) == [.recovered])
        #expect(blip.items.first?.previousVerdict == .timeout)
        let relapse = build([transition(.recovered, minutes: 20, verdict: .ok, was: .broken),
                             transition(.broke, minutes: 30, verdict: .broken, was: .ok)], health: [health(.broken)])
        #expect(relapse.items.map(\.kind) == [.broke])
        #expect(relapse.items.first?.since == Timestamp.text(Self.t0.addingTimeInterval(1_800)))
        #expect(relapse.items.first?.usedBy.first?.title == "B-roll")
    }

    @Test func aMoveIsNewsOnlyWhileTheLinkStillRedirectsThere() {
        let move = [transition(.moved, minutes: 10, verdict: .redirected, was: .ok, newURL: "https://example.org/new.mp4")]
        #expect(build(move, health: [health(.redirected, newURL: "https://example.org/new.mp4")]).items.map(\.kind) == [.moved])
        #expect(build(move, health: [health(.ok)]).items.isEmpty, "moved back since")
    }

    @Test func certificatesInsideTheWindowOfWorkingLinksOnly() {
        let soon = Self.t0.addingTimeInterval(5 * 86_400), late = Self.t0.addingTimeInterval(60 * 86_400)
        let digest = build([], health: [
            health(.ok, certificateExpiry: soon),
            health(.ok, certificateExpiry: late, url: "https://example.org/late"),
            health(.broken, certificateExpiry: soon, url: "https://example.org/broken"),
        ])
        #expect(digest.items.map(\.url) == [Self.url])
        #expect(digest.items.first?.kind == .certificateExpiring)
        #expect(digest.items.first?.certificateExpiry == Timestamp.text(soon))
        #expect(digest.items.first?.detail == "expires in 4 days", "4 days and 23 hours from the digest")
    }

    @Test func itemsAreInReadingOrderThenByURL() {
        let other = "https://example.org/a.jpg"
        let digest = ChangeDigest.build(
            transitions: [LinkTransition(kind: .recovered, url: other, at: Self.t0, verdict: .ok, previousVerdict: .broken),
                          LinkTransition(kind: .changed, url: Self.url, at: Self.t0, verdict: .ok, previousVerdict: .ok),
                          LinkTransition(kind: .broke, url: Self.url + "x", at: Self.t0, verdict: .broken, previousVerdict: nil),
                          LinkTransition(kind: .broke, url: other + "x", at: Self.t0, verdict: .broken, previousVerdict: nil)],
            health: [:], usedBy: [:], certificateWarningDays: 21, since: nil, createdAt: Self.t0)
        #expect(digest.items.map(\.kind) == [.broke, .broke, .changed, .recovered])
        #expect(digest.items.prefix(2).map(\.url) == [other + "x", Self.url + "x"])
        #expect(digest.since == nil)
        #expect(digest.items.allSatisfy { $0.usedBy.isEmpty }, "a URL no asset uses any more")
    }

    @Test func catalogueLinesFindTheURLAsAWholeValue() {
        let text = """
            event: {id: e, title: E, type: visit, start: 2024-01-01}
            assets:
              - {kind: photo, title: A, url: "https://example.org/a.jpg2"}
              - {kind: photo, title: A, url: "https://example.org/a.jpg"}
              - kind: photo
                url: 'https://example.org/a.jpg' # the same again
            stories:
              - {id: s, headline: S, date: 2024-01-01, webstory: https://example.org/a.jpg}
            """
        let found = CatalogueLines.find("https://example.org/a.jpg", in: text)
        #expect(found.map(\.line) == [4, 6, 8])
        #expect(found.map(\.field) == ["url", "url", "webstory"])
    }
}
