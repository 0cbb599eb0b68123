import Foundation
import GRDB

// Rows of the catalogue tables. Plain structs; lists are stored as JSON text (GRDB encodes nested
// Codable values as JSON), enums and dates as their catalogue text.

struct EventRecord: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "event"
    var id: String
    var title: String
    var type: String
    var start: String
    var end: String?
    var places: [String]
    var summary: String?
    var contacts: [Contact]
    var tags: [String]
    /// The event's `language` (v11); nil for `en` by default.
    var language: String?
    /// `Translations` as sorted JSON (v11); nil when the event has texts in one language only.
    var translations: String?
    /// Absolute path of the file that defined the event; decides which events an import may remove.
    var sourcePath: String
    /// `CatalogueReader.digest` of the source file's bytes: a re-import skips files whose digest is unchanged.
    var sourceDigest: String
    /// `StableHash` of the event with its stories and assets, so a re-import skips unchanged events.
    var fingerprint: String

    enum CodingKeys: String, CodingKey {
        case id, title, type, start, end, places, summary, contacts, tags, language, translations
        case sourcePath = "source_path", sourceDigest = "source_digest", fingerprint
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let type = Column(CodingKeys.type)
        static let start = Column(CodingKeys.start)
        static let end = Column(CodingKeys.end)
    }
}

struct StoryRecord: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "story"
    var id: String
    var eventID: String
    var position: Int
    var headline: String
    var date: String
    var place: String?
    var summary: String?
    var people: [String]
    var webstory: String?
    var tags: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, eventID = "event_id", position, headline, date, place, summary, people, webstory, tags
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let eventID = Column(CodingKeys.eventID)
        static let position = Column(CodingKeys.position)
    }
}

/// An asset row: where the asset sits, then its fields as `AssetField` declares them, each text in
/// its catalogue spelling (unparsed, so a row compares with another as stored).
struct AssetRecord: Equatable, TableRecord {
    static let databaseTableName = "asset"
    var eventID: String
    /// Nil for event-wide assets.
    var storyID: String?
    var position: Int
    /// `AssetRecord.textFields`' texts, in that order.
    var texts: [String?]
    var shotlist: [Shot]
    var speakers: [Speaker]

    /// The fields stored as one text column each, after the placement columns; `id` is the first.
    static let textFields = AssetField.texts
    /// The placement columns, after `id`.
    static let placementColumns = ["event_id", "story_id", "position"]

    var id: String { texts[0] ?? "" }
    var url: String { texts[Self.urlIndex] ?? "" }
    var thumbnail: String? { texts[Self.thumbnailIndex] }
    private static let urlIndex = textFields.firstIndex(of: .url)!
    private static let thumbnailIndex = textFields.firstIndex(of: .thumbnail)!
    static let kindIndex = textFields.firstIndex(of: .kind)!
}

// MARK: - Domain ⇄ records

extension EventRecord {
    init(_ event: Event, sourcePath: String, sourceDigest: String, fingerprint: String) {
        self.init(id: event.id, title: event.title, type: event.type.rawValue, start: event.start.description,
                  end: event.end?.description, places: event.places, summary: event.summary,
                  contacts: event.contacts, tags: event.tags, language: event.language,
                  translations: event.translations.isEmpty ? nil : Self.json(event.translations),
                  sourcePath: sourcePath, sourceDigest: sourceDigest, fingerprint: fingerprint)
    }

    private static func json(_ translations: Translations) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(translations)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The event without stories and assets. Nil only if the row was written by something else than presskit.
    var event: Event? {
        guard let type = EventType(rawValue: type), let start = CalendarDate(iso: start) else { return nil }
        let translations = translations.flatMap { try? JSONDecoder().decode(Translations.self, from: Data($0.utf8)) }
        return Event(id: id, title: title, type: type, start: start, end: end.flatMap(CalendarDate.init(iso:)),
                     places: places, summary: summary, contacts: contacts, tags: tags, language: language,
                     translations: translations ?? Translations())
    }
}

extension StoryRecord {
    init(_ story: Story, eventID: String, position: Int) {
        self.init(id: story.id, eventID: eventID, position: position, headline: story.headline,
                  date: story.date.description, place: story.place, summary: story.summary, people: story.people,
                  webstory: story.webstory, tags: story.tags)
    }

    var story: Story? {
        guard let date = StoryDate(stored: date) else { return nil }
        return Story(id: id, headline: headline, date: date, place: place, summary: summary, people: people,
                     webstory: webstory, tags: tags)
    }
}

extension AssetRecord {
    init(_ asset: Asset, eventID: String, storyID: String?, position: Int) {
        self.init(eventID: eventID, storyID: storyID, position: position, texts: Self.textFields.map(asset.text),
                  shotlist: asset.shotlist, speakers: asset.speakers)
    }

    /// The asset, or nil when the row's kind is not one this presskit knows. An optional date that
    /// does not parse is left out, as the reader never writes one.
    var asset: Asset? {
        guard let kindText = texts[Self.kindIndex], let kind = AssetKind(rawValue: kindText) else { return nil }
        var asset = Asset(id: id, kind: kind, title: "", url: "", shotlist: shotlist, speakers: speakers)
        for (field, text) in zip(Self.textFields, texts) where field != .kind { asset.setText(text, for: field) }
        return asset
    }
}

// MARK: - Fingerprints

extension StableHash {
    mutating func combine(_ texts: [String]) {
        combine(String(texts.count))
        texts.forEach { combine($0) }
    }

    mutating func combine(_ record: EventRecord) {
        [record.id, record.title, record.type, record.start].forEach { combine($0) }
        combine(record.end)
        combine(record.places)
        combine(record.summary)
        combine(String(record.contacts.count))
        for contact in record.contacts {
            combine(contact.name); combine(contact.role); combine(contact.email); combine(contact.phone)
        }
        combine(record.tags)
        // Added in v11: part of the fingerprint only when set, so stored fingerprints still match.
        if let language = record.language { combine("language"); combine(language) }
        if let translations = record.translations { combine("translations"); combine(translations) }
    }

    mutating func combine(_ record: StoryRecord) {
        [record.id, record.eventID, String(record.position), record.headline, record.date].forEach { combine($0) }
        combine(record.place); combine(record.summary); combine(record.people); combine(record.webstory)
        combine(record.tags)
    }

    /// The required fields with the placement first, then the story and the optional fields: an
    /// asset's fingerprint does not change with this code's shape, only with its fields.
    mutating func combine(_ record: AssetRecord) {
        let fields = zip(AssetRecord.textFields, record.texts)
        combine(record.id); combine(record.eventID); combine(String(record.position))
        for (field, text) in fields where field.isRequired && field != .id { combine(text ?? "") }
        combine(record.storyID)
        for (field, text) in fields where !field.isRequired && !(field.isFingerprintedOnlyWhenSet && text == nil) { combine(text) }
        combine(String(record.shotlist.count))
        record.shotlist.forEach { combine($0.at); combine($0.shot) }
        combine(String(record.speakers.count))
        record.speakers.forEach { combine($0.name); combine($0.language) }
    }
}
