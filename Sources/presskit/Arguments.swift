import ArgumentParser
import Foundation
import PressKit

// Option values parsed once, into the types `run()` uses; `validate()` only relates options to
// each other. Each type conforms to `ExpressibleByArgument`, and the options use its throwing
// `parse` as their transform: `init?(argument:)` can only say no, while `parse` says what form
// was expected, which ArgumentParser prints after "The value 'x' is invalid for '--option <v>': ".

/// Why a value was refused: the form that was expected, shown after ArgumentParser's own words.
struct ArgumentValueError: Error, CustomStringConvertible {
    var description: String
}

/// A duration on the command line (`--max-duration`, `--wait`): `90s`, `12m`, `2h`, at most a week.
struct ArgumentDuration: ExpressibleByArgument {
    var stated: StatedDuration
    var duration: Duration { stated.duration }

    static let longest: Double = 7 * 86_400

    static func parse(_ text: String) throws -> ArgumentDuration {
        guard let stated = StatedDuration(text, maximumSeconds: longest) else {
            throw ArgumentValueError(description: "not a duration like 90s, 12m or 2h (at most 7d)")
        }
        return ArgumentDuration(stated: stated)
    }

    init(stated: StatedDuration) { self.stated = stated }
    init?(argument: String) { guard let parsed = try? Self.parse(argument) else { return nil }; self = parsed }
}

/// A point in time (`manifest --as-of`): a date meaning 00:00 UTC, or an RFC 3339 time with zone.
struct PointInTime: ExpressibleByArgument {
    var date: Date

    static func parse(_ text: String) throws -> PointInTime {
        guard let date = KitMoment.parse(text) else {
            throw ArgumentValueError(description: "not a date (2023-11-20) or an RFC 3339 time with zone (2023-11-20T09:00:00+01:00)")
        }
        return PointInTime(date: date)
    }

    init(date: Date) { self.date = date }
    init?(argument: String) { guard let parsed = try? Self.parse(argument) else { return nil }; self = parsed }
}

/// The start of a report's period (`report --since`): a time, a date, or a span back from now.
extension ReportStart: ExpressibleByArgument {
    static func parse(_ text: String) throws -> ReportStart {
        guard let start = ReportStart(text) else {
            throw ArgumentValueError(description: "not a time (2023-11-20T09:00:00+01:00), a date (2023-11-20) or a span back from now (24h, 7d)")
        }
        return start
    }

    public init?(argument: String) { self.init(argument) }
}

/// One `--fail-on` value: verdict names and `off-spec`, a comma list in any case (`Broken,DNS`).
struct FailOnList: ExpressibleByArgument {
    var problems: [LinkProblem]

    /// What `--fail-on` accepts: every verdict, and off-spec (media short of the policy's `expect`).
    static var accepted: [LinkProblem] { FailurePolicy.conditions }

    static func parse(_ text: String) throws -> FailOnList {
        var problems: [LinkProblem] = []
        var unknown: [String] = []
        for name in text.split(separator: ",").map({ $0.lowercased() }) {
            if let problem = accepted.first(where: { $0.rawValue == name }) { problems.append(problem) } else { unknown.append(name) }
        }
        // An empty value (`--fail-on ''`) fails on nothing, as it always has.
        guard unknown.isEmpty else {
            throw ArgumentValueError(description: "unknown verdict \(unknown.map { "'\($0)'" }.joined(separator: ", ")); use \(accepted.map(\.rawValue).joined(separator: ", "))")
        }
        return FailOnList(problems: problems)
    }

    init(problems: [LinkProblem]) { self.problems = problems }
    init?(argument: String) { guard let parsed = try? Self.parse(argument) else { return nil }; self = parsed }
}
