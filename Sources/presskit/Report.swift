import ArgumentParser
import Foundation
import PressKit

extension LinkReportFormat: CaseInsensitiveArgument {}

extension Presskit {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Report what changed in the links since a time (default: since the previous report).",
            discussion: """
                Sections: links that broke, moved (with the catalogue line to change), changed (another file \
                served), certificates expiring, recovered; links still broken from before and since when; kits \
                the changes leave incomplete; and, in HTML, a chart of each event's link health over 30 days.

                Without --since the report starts where the previous full report ended (the first report \
                covers everything); a full report (neither --since nor --event) marks its own end once its \
                output is written, so an event's report never hides other events' changes from the next one.

                Exit status: 0 written; 2 usage or input error, or -o cannot be written; 3 database unavailable.
                """)

        @Option(help: ArgumentHelp(
            "Start of the period: an RFC 3339 time with zone, a date (00:00 UTC), or a span back from now (90m, 24h, 7d).",
            valueName: "time"))
        var since: String?

        @Option(help: ArgumentHelp("Only this event's links (an id or an unambiguous prefix).", valueName: "event"))
        var event: String?

        @Option(help: "Output format: text, markdown, json (presskit.report/1) or html.")
        var format: LinkReportFormat = .text

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically); default standard output.", valueName: "path"))
        var output: String?

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        /// The longest span `--since 400d` may reach back.
        static let longestSpan: Double = 10 * 366 * 86_400

        func validate() throws {
            if let since, Self.start(since, now: Date()) == nil {
                throw ValidationError("--since '\(since)' is not a time (2023-11-20T09:00:00+01:00), a date (2023-11-20) or a span back from now (24h, 7d)")
            }
        }

        func run() throws {
            let builder = LinkReportBuilder(linkPolicy: try policies.linkCheckPolicy(), kitPolicy: try policies.pressKitPolicy())
            let store = try database.openExisting()
            let eventID = try event.map { try resolveEvent($0, in: store) }
            let now = Date()
            let start = since.flatMap { Self.start($0, now: now) }
            let mark = start == nil ? try withDatabase(store) { try store.reportMark() } : nil
            let period = LinkReportBuilder.Period(since: start, mark: mark, until: now)
            let report = try withDatabase(store) { try builder.report(from: store, event: eventID, period: period) }
            let colour = format == .text && output == nil && Terminal.stdoutIsTerminal
                && ProcessInfo.processInfo.environment["NO_COLOR", default: ""].isEmpty
            let text = format.renderer(colour: colour).render(report)
            if let output {
                do {
                    try KitFiles.write(text, to: output)
                } catch let error as KitFiles.WriteError {
                    throw CommandFailure(message: error.description, status: .invalidInput)
                }
            } else {
                Terminal.write(text)
            }
            // Only once the report is out: a report that failed to write must not swallow its changes.
            if start == nil && eventID == nil {
                if store.isReadOnly {
                    Terminal.printToStandardError("presskit: warning: the catalogue is read-only, so the next report starts where this one did\n")
                } else {
                    try withDatabase(store) { try store.markReported(until: now) }
                }
            }
        }

        /// `--since` as a moment: a time or date (`KitMoment`), or a span back from `now`.
        static func start(_ text: String, now: Date) -> Date? {
            if let moment = KitMoment.parse(text) { return moment }
            guard let span = PolicyDuration.parse(text, maximumSeconds: longestSpan) else { return nil }
            return now.addingTimeInterval(-Double(span.components.seconds))
        }
    }
}
