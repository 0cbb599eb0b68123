import Foundation

/// A calendar day without a time or zone (`2023-11-21`), as press offices write event and filming dates.
///
/// Kept apart from `Date` on purpose: an event "on 21 November" is that day wherever the reader is,
/// and converting it to an instant would shift it across midnight for half the world.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil for impossible days (`2023-02-30`, month 13) as well as for malformed text.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date, extended format).
    public init?(iso text: String) {
        // Read as bytes: every character accepted is ASCII (the import parses one per row).
        var digits = (year: 0, month: 0, day: 0), offset = 0
        for byte in text.utf8 {
            defer { offset += 1 }
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard offset < 10, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch offset {
            case ..<4: digits.year = digits.year * 10 + digit
            case ..<7: digits.month = digits.month * 10 + digit
            default: digits.day = digits.day * 10 + digit
            }
        }
        guard offset == 10 else { return nil }
        self.init(year: digits.year, month: digits.month, day: digits.day)
    }

    public var description: String {
        Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    /// `value` in at least `width` digits, as `%0Nd` writes it (String(format:) cost an import a
    /// tenth of its row building).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic without Foundation calendars.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// A moment written with its UTC offset (`2023-11-21T10:00:00+01:00`, `…Z`): embargoes and story times.
///
/// The offset is kept as written so that a kit shows the time the press office announced, while
/// `instant` is what comparisons (is the embargo over?) use.
public struct ZonedDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CalendarDate
    public let hour: Int, minute: Int, second: Int
    /// Offset from UTC in minutes; `isUTC` distinguishes `Z` from `+00:00` only for display.
    public let offsetMinutes: Int
    public let isUTC: Bool

    public enum ParseFailure: Error, Equatable, Sendable {
        case malformed
        case missingZone
        case impossible
    }

    /// Parses RFC 3339 date-times: `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM)`; a space may stand
    /// for `T` as YAML timestamps allow. Fractions of a second are accepted and dropped.
    public static func parse(_ text: String) -> Result<ZonedDateTime, ParseFailure> {
        let scalars = Array(text.utf8)
        guard scalars.count >= 16 else { return .failure(.malformed) }
        guard let date = CalendarDate(iso: String(decoding: scalars[0..<10], as: UTF8.self)) else {
            return CalendarDate.looksLikeDate(scalars[0..<10]) ? .failure(.impossible) : .failure(.malformed)
        }
        guard scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: "t") || scalars[10] == UInt8(ascii: " ") else {
            return .failure(.malformed)
        }
        var i = 11
        func twoDigits() -> Int? {
            guard i + 2 <= scalars.count, scalars[i].isDigit, scalars[i + 1].isDigit else { return nil }
            defer { i += 2 }
            return Int(scalars[i] - 48) * 10 + Int(scalars[i + 1] - 48)
        }
        guard let hour = twoDigits(), i < scalars.count, scalars[i] == UInt8(ascii: ":"),
              ({ i += 1; return true }()), let minute = twoDigits() else { return .failure(.malformed) }
        var second = 0
        if i < scalars.count, scalars[i] == UInt8(ascii: ":") {
            i += 1
            guard let s = twoDigits() else { return .failure(.malformed) }
            second = s
            if i < scalars.count, scalars[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < scalars.count, scalars[i].isDigit { i += 1 }
                guard i > start else { return .failure(.malformed) }
            }
        }
        // YAML allows one space before the zone; RFC 3339 does not, but files from other tools use it.
        if i < scalars.count, scalars[i] == UInt8(ascii: " ") { i += 1 }
        guard i < scalars.count else { return .failure(.missingZone) }
        var offset = 0
        var isUTC = false
        switch scalars[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            isUTC = true
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = scalars[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = twoDigits() else { return .failure(.malformed) }
            if i < scalars.count, scalars[i] == UInt8(ascii: ":") { i += 1 }
            guard let om = twoDigits(), oh <= 14, om < 60 else { return .failure(.malformed) }
            offset = sign * (oh * 60 + om)
        default:
            return .failure(.malformed)
        }
        guard i == scalars.count else { return .failure(.malformed) }
        guard hour < 24, minute < 60, second < 61 else { return .failure(.impossible) }
        return .success(ZonedDateTime(date: date, hour: hour, minute: minute, second: min(second, 59),
                                      offsetMinutes: offset, isUTC: isUTC))
    }

    init(date: CalendarDate, hour: Int, minute: Int, second: Int, offsetMinutes: Int, isUTC: Bool) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.offsetMinutes = offsetMinutes
        self.isUTC = isUTC
    }

    /// Seconds since the Unix epoch of this moment.
    public var unixTime: Int {
        date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
    }

    /// Normalised RFC 3339 text: `2023-11-21T10:00:00+01:00`, or `…Z` when written in UTC with `Z`.
    public var description: String {
        let pad = CalendarDate.padded
        let time = date.description + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if isUTC { return time + "Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        return time + sign + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
    }

    public static func < (lhs: ZonedDateTime, rhs: ZonedDateTime) -> Bool { lhs.unixTime < rhs.unixTime }

    public static func == (lhs: ZonedDateTime, rhs: ZonedDateTime) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

/// A story's date: a day, or a moment with its zone (`date` in the catalogue accepts both).
public enum StoryDate: Hashable, Sendable, CustomStringConvertible {
    case day(CalendarDate)
    case moment(ZonedDateTime)

    /// The calendar day as written (the local day of a moment).
    public var day: CalendarDate {
        switch self {
        case .day(let d): d
        case .moment(let m): m.date
        }
    }

    public var description: String {
        switch self {
        case .day(let d): d.description
        case .moment(let m): m.description
        }
    }

    /// Parses the stored text form (`description`) back.
    public init?(stored text: String) {
        if let day = CalendarDate(iso: text) {
            self = .day(day)
        } else if case .success(let moment) = ZonedDateTime.parse(text) {
            self = .moment(moment)
        } else {
            return nil
        }
    }
}

extension CalendarDate {
    /// True when the text has the shape `NNNN-NN-NN` whatever the numbers: tells "impossible" from "malformed".
    static func looksLikeDate<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        let b = Array(bytes)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        return b.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || $0.element.isDigit }
    }

    static func looksLikeDate(_ text: String) -> Bool { looksLikeDate(Array(text.utf8)) }
}

extension UInt8 {
    var isDigit: Bool { self >= 48 && self <= 57 }
}
