import ArgumentParser
import PressKit

extension Presskit {
    struct Assets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assets",
            abstract: "List the assets of an event: event-wide ones first, then each story's.")

        @Argument(help: ArgumentHelp("The event's id, or an unambiguous prefix of it.", valueName: "event"))
        var event: String

        @Option(help: ArgumentHelp("Only the assets of this story.", valueName: "id"))
        var story: String?

        @Option(name: .customLong("kind"), help: ArgumentHelp(
            "Only assets of this kind (\(AssetKind.allCases.map(\.rawValue).joined(separator: ", "))); repeatable.", valueName: "kind"))
        var kinds: [AssetKind] = []

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format: table, json or csv.")
        var format: ListingFormat = .table

        func run() throws {
            try Self.list(event: event, story: story, kinds: kinds, policies: policies.folder,
                          database: database.resolvedPath, format: format)
        }

        /// The listing itself, also run by `AssetsCommandLine` for command lines it reads without ArgumentParser.
        static func list(event: String, story: String?, kinds: [AssetKind], policies: PolicySet, database: String,
                         format: ListingFormat) throws {
            Terminal.write(bytes: try Listings.assets(database: database, event: event, story: story, kinds: kinds,
                                               policies: policies, format: format, width: Terminal.outputWidth,
                                               notes: Terminal.notes))
        }
    }
}
