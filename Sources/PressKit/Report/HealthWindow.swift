import Catalogue
import Foundation
import LinkVocabulary

/// Each event's link health per day over the last `HealthWindow.days` UTC days of a report: what
/// the HTML report draws as a chart, and JSON lists for anyone who wants to draw their own.
public struct HealthWindow: Encodable, Hashable, Sendable {
    /// Days charted, ending with the report's day.
    public static let days = 30

    /// The first and last day charted, `YYYY-MM-DD` (UTC).
    public var from: String
    public var to: String
    /// Events with at least one check in the window, by event id.
    public var events: [EventHealth]

    public init(from: String, to: String, events: [EventHealth]) {
        self.from = from
        self.to = to
        self.events = events
    }

    /// Every day from `from` through `to`, in order.
    public var dates: [String] {
        guard let first = CalendarDate(iso: from), let last = CalendarDate(iso: to) else { return [] }
        return (first.daysSinceEpoch...max(first.daysSinceEpoch, last.daysSinceEpoch)).map(Self.date(daysSinceEpoch:))
    }

    /// The window ending on `until`'s UTC day: its first instant (exclusive bound for the history)
    /// and its first and last day.
    static func bounds(until: Date) -> (start: Date, from: String, to: String) {
        let lastDay = Int((until.timeIntervalSince1970 / 86_400).rounded(.down))
        let firstDay = lastDay - days + 1
        return (Date(timeIntervalSince1970: Double(firstDay) * 86_400 - 0.001),
                date(daysSinceEpoch: firstDay), date(daysSinceEpoch: lastDay))
    }

    static func date(daysSinceEpoch day: Int) -> String {
        let moment = Date(timeIntervalSince1970: Double(day) * 86_400)
        return String(Timestamp.text(moment).prefix(10))
    }
}

/// One event's links, day by day.
public struct EventHealth: Encodable, Hashable, Sendable {
    public var event: String
    public var title: String
    /// The links the event uses now (assets and web stories).
    public var links: Int
    /// Days with at least one check, oldest first.
    public var days: [DayHealth]

    public init(event: String, title: String, links: Int, days: [DayHealth]) {
        self.event = event
        self.title = title
        self.links = links
        self.days = days
    }

    /// From `CatalogueStore.dailyVerdicts`: per day, verdict → links that ended the day with it.
    public init(event: String, title: String, links: Int, verdictsByDay: [String: [LinkVerdict: Int]]) {
        let days = verdictsByDay.keys.sorted().map { day in
            let verdicts = verdictsByDay[day] ?? [:]
            return DayHealth(date: day, checked: verdicts.values.reduce(0, +),
                             working: verdicts.filter(\.key.isWorking).values.reduce(0, +))
        }
        self.init(event: event, title: title, links: links, days: days)
    }
}

/// How an event's links stood at the end of one day.
public struct DayHealth: Encodable, Hashable, Sendable {
    /// `YYYY-MM-DD`, UTC.
    public var date: String
    /// Links checked that day (each counted once, by its last check of the day).
    public var checked: Int
    /// Of those, links whose last check that day found them working.
    public var working: Int

    public init(date: String, checked: Int, working: Int) {
        self.date = date
        self.checked = checked
        self.working = working
    }

    /// Working share, 0…1.
    public var share: Double { checked == 0 ? 0 : Double(working) / Double(checked) }
}
