import Catalogue
import Foundation

/// When a link is due again (`presskit check --due`): an interval by the phase of the events using
/// it, shorter while a link fails, with backoff so a dead host is not hammered. `link-check.yaml`'s
/// `recheck` section; Policies/README.md documents each value.
public struct RecheckRules: Hashable, Sendable {
    /// Before the first day of the event: journalists read the advisory and its links ahead.
    public var upcoming: Duration = .seconds(24 * 3_600)
    /// From the first through the last day of the event: when links are clicked most.
    public var live: Duration = .seconds(3_600)
    /// For `recentDays` after the last day.
    public var recent: Duration = .seconds(6 * 3_600)
    /// After that.
    public var archived: Duration = .seconds(7 * 86_400)
    /// A failing link is rechecked after this, doubling with each consecutive failure, but never
    /// later than its phase's interval.
    public var failing: Duration = .seconds(15 * 60)
    public var recentDays = 30

    public init() {}

    /// Where an event stands on `day`. Days are the event's own calendar days; the phase changes at
    /// 00:00 UTC.
    public func phase(start: CalendarDate, end: CalendarDate?, on day: Int) -> EventPhase {
        let first = start.daysSinceEpoch, last = (end ?? start).daysSinceEpoch
        if day < first { return .upcoming }
        if day <= last { return .live }
        return day <= last + recentDays ? .recent : .archived
    }

    public func interval(_ phase: EventPhase) -> Duration {
        switch phase {
        case .upcoming: upcoming
        case .live: live
        case .recent: recent
        case .archived: archived
        }
    }

    /// When a link checked at `checkedAt` is next due, for the events (start, end) that use it: the
    /// most urgent of them, and never after the moment one of them changes phase (a link checked the
    /// day before a visit is checked again as the visit starts). A link no event uses follows
    /// `archived`.
    public func nextCheck(after checkedAt: Date, failures: Int, events: [(start: CalendarDate, end: CalendarDate?)]) -> Date {
        let seconds = checkedAt.timeIntervalSince1970
        let day = Int((seconds / 86_400).rounded(.down))
        var next = seconds + delay(for: .archived, failures: failures)
        for (start, end) in events {
            let phase = phase(start: start, end: end, on: day)
            next = min(next, seconds + delay(for: phase, failures: failures))
            if let boundary = nextBoundary(start: start, end: end, after: day) { next = min(next, Double(boundary) * 86_400) }
        }
        return Date(timeIntervalSince1970: next)
    }

    private func delay(for phase: EventPhase, failures: Int) -> Double {
        let normal = interval(phase).seconds
        guard failures > 0 else { return normal }
        let backoff = failing.seconds * pow(2, Double(min(failures - 1, 30)))
        return min(normal, backoff)
    }

    /// The first day (as days since 1970) after `day` on which the event's phase changes, if any.
    private func nextBoundary(start: CalendarDate, end: CalendarDate?, after day: Int) -> Int? {
        let first = start.daysSinceEpoch, last = (end ?? start).daysSinceEpoch
        return [first, last + 1, last + recentDays + 1].first { $0 > day }
    }
}

/// The phase of an event, which sets how often its links are checked.
public enum EventPhase: String, CaseIterable, Hashable, Sendable {
    case upcoming, live, recent, archived
}
