import ArgumentParser
import PressKit

extension Presskit {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show an event: its dates, places, contacts, stories and their assets.")

        @Argument(help: ArgumentHelp("The event's id, or an unambiguous prefix of it.", valueName: "event"))
        var event: String

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format: table (a readable page), json (the whole event) or csv (its assets).")
        var format: ListingFormat = .table

        func run() throws {
            Terminal.write(try Listings.show(database: database.resolvedPath, event: event, format: format,
                                             width: Terminal.outputWidth, notes: Terminal.notes))
        }
    }
}
