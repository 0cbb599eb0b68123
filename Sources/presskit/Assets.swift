import ArgumentParser
import Catalogue
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
            let store = try database.openExisting()
            let eventID = try resolveEvent(event, in: store)
            warnAboutStaleCatalogue(store, events: [eventID])
            if let story {
                let stories = try withDatabase(store) { try store.storyIDs(of: eventID) }
                guard stories.contains(story) else {
                    throw CommandFailure(message: "event '\(eventID)' has no story '\(story)'; its stories are \(stories.joined(separator: ", "))", status: .invalidInput)
                }
            }
            let listed = try withDatabase(store) { try store.assets(of: eventID, story: story, kinds: kinds) }
            let health = try withDatabase(store) { try store.health(of: listed.map(\.asset.url)) }
            // Probed files are held to the link-check policy's `expect` (off-spec); read only when some were.
            let expectations = health.values.contains { $0.media != nil } ? try policies.linkCheckPolicy().expectations : [:]
            Terminal.write(Listings.assets(listed, event: eventID, health: health, expectations: expectations,
                                           format: format, width: Terminal.outputWidth))
        }
    }
}
