import StrictYAML

/// Sizes for people: 412 MB, 3.2 GB, 640 KB — decimal units, as download pages and operating systems show them.
enum ByteSize {
    static func text(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1_000 && unit < units.count - 1 {
            value /= 1_000
            unit += 1
        }
        guard unit > 0 else { return "\(bytes) B" }
        return (rounded(value, decimals: value < 10 ? 1 : 0) ?? String(format: value < 10 ? "%.1f" : "%.0f", value)) + " " + units[unit]
    }

    /// `%.1f` / `%.0f` without `String(format:)`, which cost microseconds per size in a 5,000-asset kit.
    /// printf rounds the exact binary value; `value * 10` may be off by an ulp, so a value within
    /// 1e-6 of a rounding tie is left to printf (nil).
    private static func rounded(_ value: Double, decimals: Int) -> String? {
        let scaled = decimals == 1 ? value * 10 : value
        guard scaled >= 0, scaled < 1e15 else { return nil }
        let fraction = scaled - scaled.rounded(.down)
        guard abs(fraction - 0.5) > 1e-6 else { return nil }
        let whole = Int(scaled.rounded(.toNearestOrAwayFromZero))
        return decimals == 1 ? "\(whole / 10).\(whole % 10)" : String(whole)
    }
}

extension ByteSize {
    /// Sizes as policies write them: `500 MB`, `4GB`, `2 GiB`, `750k`, or a bare number of bytes.
    /// Decimal units are powers of 1,000, binary ones (`KiB`, `MiB`, …) of 1,024.
    static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmedWhitespace
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = String(trimmed.dropFirst(digits.count)).trimmedWhitespace.lowercased()
        let scales: [String: Double] = [
            "": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
            "kib": 1_024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        guard let value = Double(digits), let scale = scales[unit] else { return nil }
        let bytes = value * scale
        guard bytes.isFinite, bytes >= 0, bytes < 9e18 else { return nil }
        return Int64(bytes.rounded())
    }
}
