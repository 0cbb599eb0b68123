import Foundation

/// A duration as a person wrote it (`90s`, `12m`, `2h`): the value, and the words to quote back in
/// a message ("it was still running after --wait 1s").
public struct StatedDuration: Sendable, Hashable {
    public var duration: Duration
    public var text: String

    /// Nil unless `text` is a duration in `PolicyDuration`'s forms of at most `maximumSeconds`.
    public init?(_ text: String, maximumSeconds: Double) {
        guard let duration = PolicyDuration.parse(text, maximumSeconds: maximumSeconds) else { return nil }
        self.duration = duration
        self.text = text
    }
}

/// Where a link report's period starts (`report --since`): a moment, or a span back from when the
/// report is made.
public enum ReportStart: Sendable, Hashable {
    case moment(Date)
    case span(Duration)

    /// The longest span `--since 400d` may reach back.
    public static let longestSpan: Double = 10 * 366 * 86_400

    /// A date or an RFC 3339 time with zone (`KitMoment`), or a span (`24h`, `7d`) up to `longestSpan`.
    public init?(_ text: String) {
        if let moment = KitMoment.parse(text) {
            self = .moment(moment)
        } else if let span = PolicyDuration.parse(text, maximumSeconds: Self.longestSpan) {
            self = .span(span)
        } else {
            return nil
        }
    }

    public func date(now: Date) -> Date {
        switch self {
        case .moment(let moment): moment
        case .span(let span): now.addingTimeInterval(-Double(span.components.seconds))
        }
    }
}
