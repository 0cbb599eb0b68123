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
                """ + "\n\n" + ExitStatus.paragraph([.success, .invalidInput, .databaseUnavailable], details: [
                    .success: "written", .invalidInput: "including an -o path that cannot be written",
                ]))

        @Option(help: ArgumentHelp(
            "Start of the period: an RFC 3339 time with zone, a date (00:00 UTC), or a span back from now (90m, 24h, 7d).",
            valueName: "time"), transform: ReportStart.parse)
        var since: ReportStart?

        @Option(help: ArgumentHelp("Only this event's links (an id or an unambiguous prefix).", valueName: "event"))
        var event: String?

        @Option(help: "Output format: text, markdown, json (presskit.report/1) or html.")
        var format: LinkReportFormat = .text

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically); default standard output.", valueName: "path"))
        var output: String?

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            var report = ReportOperation(database: database.resolvedPath, policies: policies.folder)
            report.since = since
            report.event = event
            report.format = format
            report.outputPath = output
            report.colourAllowed = Terminal.stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR", default: ""].isEmpty
            var standardOutput = BufferedStandardOutput()
            try report.run(writingTo: &standardOutput, notes: Terminal.notes)
        }
    }
}
