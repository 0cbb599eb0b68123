#if canImport(Glibc)
import Glibc
#endif

/// Parses the date formats the fetcher meets, to seconds since 1970, without Foundation's formatters.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"]

    /// An HTTP-date (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete
    /// RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`.
    public static func parse(_ text: String) -> Double? {
        let words = text.replacingDashes().split(separator: " ").map(String.init)
        if words.count == 6, words[5] == "GMT" {  // IMF-fixdate or RFC 850
            var year = Int(words[3]) ?? -1
            if year >= 0, year < 100 { year += year < 70 ? 2000 : 1900 }
            return build(year: year, month: words[2], day: words[1], time: words[4])
        }
        if words.count == 5 {  // asctime
            return build(year: Int(words[4]) ?? -1, month: words[1], day: words[2], time: words[3])
        }
        return nil
    }

    /// Formats seconds since 1970 as an IMF-fixdate (`Tue, 24 Nov 2026 12:00:00 GMT`), e.g. to
    /// build `If-Modified-Since` from a stored date.
    public static func format(_ seconds: Double) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)].capitalized) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// OpenSSL's certificate time as libcurl's CERTINFO shows it: `Nov 25 17:00:00 2026 GMT`.
    static func parseCertificateTime(_ text: String) -> Double? {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 5 else { return nil }
        return build(year: Int(words[3]) ?? -1, month: words[0], day: words[1], time: words[2])
    }

    private static func build(year: Int, month: String, day: String, time: String) -> Double? {
        guard let monthIndex = months.firstIndex(of: month.prefix(3).lowercased()),
              let day = Int(day), (1...31).contains(day), year >= 1970
        else { return nil }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(monthIndex)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(clock[0])
        parts.tm_min = Int32(clock[1])
        parts.tm_sec = Int32(clock[2])
        return Double(timegm(&parts))
    }
}

private extension String {
    var capitalized: String { prefix(1).uppercased() + dropFirst() }

    /// RFC 850 writes `06-Nov-94`; spaces make it split like the other forms.
    func replacingDashes() -> String {
        String(map { $0 == "-" ? " " : $0 })
    }
}
