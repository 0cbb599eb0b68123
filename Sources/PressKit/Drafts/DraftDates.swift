import Catalogue
import Foundation

/// Dates as sources publish them, turned into what the catalogue accepts (README "Values"): an
/// RFC 3339 date-time WITH its zone, else the day alone. A date-time without a zone keeps only its
/// day (the zone is not known, and guessing one would move the time).
enum DraftDates {
    static func catalogueDate(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace
        // RFC 3339 and ISO days open with `YYYY-`; RSS's RFC 822 dates never do, so a feed's ten
        // thousand pubDates go straight to their own reader instead of failing the ISO ones first.
        let opensWithYear = trimmed.utf8.count >= 5 && trimmed.utf8.prefix(4).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            && trimmed.utf8.dropFirst(4).first == UInt8(ascii: "-")
        if !opensWithYear { return rfc822(trimmed) }
        if case .success(let moment) = ZonedDateTime.parse(trimmed) { return moment.description }
        if let day = CalendarDate(iso: String(trimmed.prefix(10))) { return day.description }
        return nil
    }

    /// RFC 822 / RFC 1123 dates as RSS uses them (`Tue, 21 Nov 2023 10:00:00 +0100`, `… GMT`, `… EST`,
    /// with or without the weekday and seconds). Without a zone, only the day is kept.
    static func rfc822(_ text: String) -> String? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        if let first = words.first, first.first?.isLetter == true { words.removeFirst() }
        guard words.count >= 3, let day = Int(words[0]), let month = months[words[1].prefix(3).lowercased()],
              var year = Int(words[2]) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        guard let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        guard words.count >= 5 else { return date.description }
        let time = words[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2, time.count <= 3, time[0] < 24, time[1] < 60, (time.count < 3 || time[2] < 61),
              let offset = zone(words[4]) else { return date.description }
        let sign = offset < 0 ? "-" : "+"
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let second = time.count == 3 ? min(time[2], 59) : 0
        let text = "\(date)T\(two(time[0])):\(two(time[1])):\(two(second))\(sign)\(two(abs(offset) / 60)):\(two(abs(offset) % 60))"
        if case .success(let moment) = ZonedDateTime.parse(text) { return moment.description }
        return date.description
    }

    private static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                                 "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]

    private static let namedZones = ["GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
                                     "MST": -420, "MDT": -360, "PST": -480, "PDT": -420]

    /// Offset in minutes of `+0100`, `-05:00`, `GMT`, `UT`, `Z`, or the US zones RFC 822 names.
    private static func zone(_ text: String) -> Int? {
        if let minutes = namedZones[text.uppercased()] { return minutes }
        let digits = text.dropFirst().replacingOccurrences(of: ":", with: "")
        guard let sign = text.first, sign == "+" || sign == "-", digits.count == 4, let value = Int(digits) else { return nil }
        let minutes = (value / 100) * 60 + value % 100
        guard value / 100 < 24, value % 100 < 60 else { return nil }
        return sign == "-" ? -minutes : minutes
    }
}
