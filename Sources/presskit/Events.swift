import ArgumentParser
import PressKit

extension Presskit {
    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: "List events, by start date.",
            discussion: "An event is listed when its dates overlap --from … --to.")

        @Option(help: ArgumentHelp("Only events still running on or after this day (YYYY-MM-DD).", valueName: "date"))
        var from: CalendarDate?

        @Option(help: ArgumentHelp("Only events starting on or before this day (YYYY-MM-DD).", valueName: "date"))
        var to: CalendarDate?

        @Option(name: .customLong("type"), help: ArgumentHelp(
            "Only events of this type (\(EventType.allCases.map(\.rawValue).joined(separator: ", "))); repeatable.", valueName: "type"))
        var types: [EventType] = []

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format: table, json or csv.")
        var format: ListingFormat = .table

        func run() throws {
            Terminal.write(try Listings.events(database: database.resolvedPath, from: from, to: to, types: types,
                                               format: format, width: Terminal.outputWidth))
        }
    }
}
