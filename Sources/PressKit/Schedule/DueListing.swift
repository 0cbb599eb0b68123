import Catalogue
import Foundation

/// What `check --due --dry-run` shows: each due link with why it is due, the phase that sets how
/// often it is checked, and the events using it, so staff can see what a scheduled run would do
/// (and why) without it changing anything.
public struct DueListing: Sendable {
    public struct Row: Hashable, Sendable {
        public var url: String
        /// `new`, `event changed`, `phase live: every 1h` or `failing: backoff 30m`.
        public var reason: String
        /// The most urgent phase of the events using the link (`archived` when none does).
        public var phase: EventPhase
        public var events: [String]
    }

    public var rows: [Row]

    public init(_ links: [DueLink], rules: RecheckRules, now: Date) {
        let day = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        rows = links.map { link in
            let phases = link.events.map { rules.phase(start: $0.span.start, end: $0.span.end, on: day) }
            let phase = phases.min { rules.interval($0) < rules.interval($1) } ?? .archived
            let reason: String
            if !link.checked {
                reason = "new"
            } else if link.eventChanged {
                reason = "event changed"
            } else if link.consecutiveFailures > 0 {
                let backoff = rules.failing.seconds * pow(2, Double(min(link.consecutiveFailures - 1, 30)))
                reason = "failing: backoff \(Self.span(min(backoff, rules.interval(phase).seconds)))"
            } else {
                reason = "phase \(phase.rawValue): every \(Self.span(rules.interval(phase).seconds))"
            }
            return Row(url: link.url, reason: reason, phase: phase, events: link.events.map(\.id))
        }
    }

    /// A table with a header (URL, WHY, PHASE, EVENTS), fitted to `maxWidth` when given.
    public func render(maxWidth: Int?) -> String {
        var table = TextTable([.init(header: "URL", flexible: true), .init(header: "WHY"), .init(header: "PHASE"),
                               .init(header: "EVENTS", flexible: true)])
        for row in rows { table.append([row.url, row.reason, row.phase.rawValue, row.events.joined(separator: ", ")]) }
        return table.render(maxWidth: maxWidth)
    }

    /// `30m`, `1h`, `6h`, `1d`, `7d`, `1h30m`: the policy's own way of writing durations.
    static func span(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let units = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")]
        var rest = total, parts = ""
        for (size, name) in units where rest >= size {
            parts += "\(rest / size)\(name)"
            rest %= size
        }
        return parts.isEmpty ? "0s" : parts
    }
}
