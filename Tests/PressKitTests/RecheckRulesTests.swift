import Catalogue
import Foundation
import Testing
@testable import PressKit

@Suite struct RecheckRulesTests {
    let rules = RecheckRules()
    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    func at(_ text: String) -> Date { KitMoment.parse(text)! }
    var visit: [(start: CalendarDate, end: CalendarDate?)] { [(day("2023-11-19"), day("2023-11-22"))] }

    @Test func phasesFollowTheEventsDays() {
        let start = day("2023-11-19"), end = day("2023-11-22")
        func phase(_ on: String) -> EventPhase { rules.phase(start: start, end: end, on: day(on).daysSinceEpoch) }
        #expect(phase("2023-11-18") == .upcoming)
        #expect(phase("2023-11-19") == .live && phase("2023-11-22") == .live)
        #expect(phase("2023-11-23") == .recent && phase("2023-12-22") == .recent)
        #expect(phase("2023-12-23") == .archived)
        #expect(rules.phase(start: start, end: nil, on: day("2023-11-20").daysSinceEpoch) == .recent, "a one-day event")
    }

    @Test func workingLinksFollowTheirPhaseAndWakeWhenItChanges() {
        // Live: every hour.
        #expect(rules.nextCheck(after: at("2023-11-20T10:00:00Z"), failures: 0, events: visit) == at("2023-11-20T11:00:00Z"))
        // Upcoming, the evening before: not 24 h later but as the visit starts.
        #expect(rules.nextCheck(after: at("2023-11-18T20:00:00Z"), failures: 0, events: visit) == at("2023-11-19"))
        // Recent: every 6 h; archived: weekly; no event at all: archived.
        #expect(rules.nextCheck(after: at("2023-11-25T00:00:00Z"), failures: 0, events: visit) == at("2023-11-25T06:00:00Z"))
        #expect(rules.nextCheck(after: at("2024-03-01T00:00:00Z"), failures: 0, events: visit) == at("2024-03-08"))
        #expect(rules.nextCheck(after: at("2024-03-01T00:00:00Z"), failures: 0, events: []) == at("2024-03-08"))
    }

    @Test func failingLinksComeBackSoonerWithBackoffCappedByThePhase() {
        let checked = at("2024-03-01T00:00:00Z")  // archived: a week
        let delays = (1...12).map { rules.nextCheck(after: checked, failures: $0, events: visit).timeIntervalSince(checked) }
        #expect(delays.prefix(4) == [900, 1_800, 3_600, 7_200])
        #expect(delays.last == 604_800.0, "never later than the phase's own interval")
        #expect(zip(delays, delays.dropFirst()).allSatisfy { $0 <= $1 })
        // Live: the backoff stops at the hour.
        #expect(rules.nextCheck(after: at("2023-11-20T10:00:00Z"), failures: 5, events: visit) == at("2023-11-20T11:00:00Z"))
    }

    @Test func theMostUrgentEventWins() {
        let archivedAndLive = visit + [(start: day("2024-03-01"), end: nil)]
        #expect(rules.nextCheck(after: at("2024-03-01T09:00:00Z"), failures: 0, events: archivedAndLive) == at("2024-03-01T10:00:00Z"))
    }

    @Test func thePolicyReadsTheRecheckSection() throws {
        let policy = try LinkCheckPolicy.parse(Data("recheck: {live: 30m, failing: 5m, recent_days: 7, archived: 30d}\n".utf8), path: "p.yaml")
        #expect(policy.recheck.live == .seconds(1_800) && policy.recheck.failing == .seconds(300))
        #expect(policy.recheck.recentDays == 7 && policy.recheck.archived == .seconds(30 * 86_400))
        #expect(policy.recheck.upcoming == .seconds(86_400), "keys not given keep their default")
        let bad = diagnostics { _ = try LinkCheckPolicy.parse(Data("recheck: {live: 10s, daily: 1d}\n".utf8), path: "p.yaml") }
        #expect(bad.contains("p.yaml:1:17: error: 'live' must be a duration from 1m to a year, like 15m, 6h or 7d, found '10s'"))
        #expect(bad.contains { $0.hasPrefix("p.yaml:1:22: error: unknown key 'daily' in recheck") })
    }
}
