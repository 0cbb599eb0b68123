/// Durations as policies write them: `250ms`, `10s`, `2m`, `1h`, `7d`, or a bare number of seconds.
public enum PolicyDuration {
    /// Nil for anything else, negative values, and values over `maximumSeconds` (a day by default:
    /// no link-check timeout is longer; staleness windows pass their own bound).
    public static func parse(_ text: String, maximumSeconds: Double = 86_400) -> Duration? {
        let trimmed = text.trimmedWhitespace.lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        var number = trimmed
        var scale = 1.0
        for (suffix, seconds) in units where trimmed.hasSuffix(suffix) {
            number = String(trimmed.dropLast(suffix.count)).trimmedWhitespace
            scale = seconds
            break
        }
        guard let value = Double(number), value >= 0, value.isFinite, value * scale <= maximumSeconds else { return nil }
        return .milliseconds(Int64((value * scale * 1_000).rounded()))
    }
}
