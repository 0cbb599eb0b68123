import Catalogue

/// `presskit events`, `assets` and `show`: the listings read from the database at `database`, as
/// text to print (a table fits `width`, when given).
extension Listings {
    /// Events whose dates overlap `from` … `to`, of `types` (all when empty), by start date.
    public static func events(database: String, from: CalendarDate?, to: CalendarDate?, types: [EventType],
                              format: ListingFormat, width: Int?) throws -> String {
        let store = try CatalogueDatabase.openExisting(database)
        let summaries = try withDatabase(store) {
            try store.events(EventFilter(from: from, to: to, types: types))
        }
        return Listings.events(summaries, format: format, width: width)
    }

    /// The assets of `event` (an id or unambiguous prefix): event-wide ones first, then each
    /// story's; only `story`'s and `kinds` when given. Probed files are held to the link-check
    /// policy's `expect` (off-spec).
    public static func assets(database: String, event: String, story: String?, kinds: [AssetKind], policies: PolicySet,
                              format: ListingFormat, width: Int?, notes: OperationNotes) throws -> [UInt8] {
        let store = try CatalogueDatabase.openExisting(database)
        let eventID = try resolveEvent(event, in: store)
        notes.staleCatalogue(store, events: [eventID])
        if let story {
            let stories = try withDatabase(store) { try store.storyIDs(of: eventID) }
            guard stories.contains(story) else {
                throw OperationFailure("event '\(eventID)' has no story '\(story)'; its stories are \(stories.joined(separator: ", "))", reason: .invalidInput)
            }
        }
        let listed = try withDatabase(store) { try store.assets(of: eventID, story: story, kinds: kinds) }
        let health = try withDatabase(store) { try store.health(of: listed.map(\.asset.url)) }
        // Probed files are held to the link-check policy's `expect` (off-spec); read only when some were.
        let expectations = health.values.contains { $0.media != nil } ? try policies.linkCheckPolicy().expectations : [:]
        return Listings.assetsUTF8(listed, event: eventID, health: health, expectations: expectations, format: format, width: width)
    }

    /// One event (an id or unambiguous prefix): its dates, places, contacts, stories and their assets.
    public static func show(database: String, event: String, format: ListingFormat, width: Int?, notes: OperationNotes) throws -> String {
        let store = try CatalogueDatabase.openExisting(database)
        let eventID = try resolveEvent(event, in: store)
        notes.staleCatalogue(store, events: [eventID])
        guard let loaded = try withDatabase(store, { try store.event(eventID) }) else {
            throw OperationFailure("event '\(eventID)' was removed while reading; run the command again", reason: .invalidInput)
        }
        return Listings.show(loaded, format: format, width: width)
    }
}
