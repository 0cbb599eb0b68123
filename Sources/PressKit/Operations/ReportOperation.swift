import Catalogue
import Foundation

/// `presskit report`: what changed in the links over a period, written to a file or standard
/// output; a full report (no `since`, no `event`) then marks its end, so the next one starts there.
public struct ReportOperation: Sendable {
    public var database: String
    public var policies: PolicySet
    /// Nil: since the previous full report (the first covers everything).
    public var since: ReportStart?
    /// An event id or unambiguous prefix; nil for every event.
    public var event: String?
    public var format: LinkReportFormat = .text
    /// A file written atomically; nil for the output stream.
    public var outputPath: String?
    /// Text written to the output stream may be coloured (a terminal, `NO_COLOR` unset).
    public var colourAllowed = false

    public init(database: String, policies: PolicySet) {
        self.database = database
        self.policies = policies
    }

    public func run(writingTo output: inout some FlushingOutput, notes: OperationNotes) throws {
        let builder = LinkReportBuilder(linkPolicy: try policies.linkCheckPolicy(), kitPolicy: try policies.pressKitPolicy())
        let store = try CatalogueDatabase.openExisting(database)
        let eventID = try event.map { try resolveEvent($0, in: store) }
        let now = Date()
        let start = since?.date(now: now)
        let mark = start == nil ? try withDatabase(store) { try store.reportMark() } : nil
        let period = LinkReportBuilder.Period(since: start, mark: mark, until: now)
        let report = try withDatabase(store) { try builder.report(from: store, event: eventID, period: period) }
        let colour = format == .text && outputPath == nil && colourAllowed
        let text = format.renderer(colour: colour).render(report)
        if let outputPath {
            do {
                try KitFiles.write(text, to: outputPath)
            } catch let error as KitFiles.WriteError {
                throw OperationFailure(error.description, reason: .invalidInput)
            }
        } else {
            output.write(text)
            output.flush()
        }
        // Only once the report is out: a report that failed to write must not swallow its changes.
        if start == nil && eventID == nil {
            if store.isReadOnly {
                notes.warning("the catalogue is read-only, so the next report starts where this one did")
            } else {
                try withDatabase(store) { try store.markReported(until: now) }
            }
        }
    }
}
