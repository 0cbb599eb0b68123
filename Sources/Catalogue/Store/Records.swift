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
    /// Absolute path of the file that defined the event; decides which events an import may remove.
    var sourcePath: String
    /// `CatalogueReader.digest` of the source file's bytes: a re-import skips files whose digest is unchanged.
    var sourceDigest: String
    /// `StableHash` of the event with its stories and assets, so a re-import skips unchanged events.
    var fingerprint: String

    enum CodingKeys: String, CodingKey {
        case id, title, type, start, end, places, summary, contacts, tags
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

    enum CodingKeys: String, CodingKey {
        case id, eventID = "event_id", position, headline, date, place, summary, people, webstory, tags
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let eventID = Column(CodingKeys.eventID)
        static let position = Column(CodingKeys.position)
    }
}

struct AssetRecord: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "asset"
    var id: String
    var eventID: String
    /// Nil for event-wide assets.
    var storyID: String?
    var position: Int
    var kind: String
    var title: String
    var url: String
    var language: String?
    var credit: String?
    var rights: String?
    var caption: String?
    var embargo: String?
    var contentType: String?
    var notes: String?
    var filmed: String?
    var location: String?
    var synopsis: String?
    var shotlist: [Shot]
    var speakers: [Speaker]

    enum CodingKeys: String, CodingKey {
        case id, eventID = "event_id", storyID = "story_id", position, kind, title, url, language, credit, rights
        case caption, embargo, contentType = "content_type", notes, filmed, location, synopsis, shotlist, speakers
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let eventID = Column(CodingKeys.eventID)
        static let storyID = Column(CodingKeys.storyID)
        static let position = Column(CodingKeys.position)
        static let kind = Column(CodingKeys.kind)
    }
}

// MARK: - Domain ⇄ records

extension EventRecord {
    init(_ event: Event, sourcePath: String, sourceDigest: String, fingerprint: String) {
        self.init(id: event.id, title: event.title, type: event.type.rawValue, start: event.start.description,
                  end: event.end?.description, places: event.places, summary: event.summary,
                  contacts: event.contacts, tags: event.tags, sourcePath: sourcePath, sourceDigest: sourceDigest,
                  fingerprint: fingerprint)
    }

    /// The event without stories and assets. Nil only if the row was written by something else than presskit.
    var event: Event? {
        guard let type = EventType(rawValue: type), let start = CalendarDate(iso: start) else { return nil }
        return Event(id: id, title: title, type: type, start: start, end: end.flatMap(CalendarDate.init(iso:)),
                     places: places, summary: summary, contacts: contacts, tags: tags)
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
        self.init(id: asset.id, eventID: eventID, storyID: storyID, position: position, kind: asset.kind.rawValue,
                  title: asset.title, url: asset.url, language: asset.language, credit: asset.credit,
                  rights: asset.rights, caption: asset.caption, embargo: asset.embargo?.description,
                  contentType: asset.contentType, notes: asset.notes, filmed: asset.filmed?.description,
                  location: asset.location, synopsis: asset.synopsis, shotlist: asset.shotlist,
                  speakers: asset.speakers)
    }

    var asset: Asset? {
        guard let kind = AssetKind(rawValue: kind) else { return nil }
        var embargoMoment: ZonedDateTime?
        if let embargo, case .success(let moment) = ZonedDateTime.parse(embargo) { embargoMoment = moment }
        return Asset(id: id, kind: kind, title: title, url: url, language: language, credit: credit, rights: rights,
                     caption: caption, embargo: embargoMoment, contentType: contentType, notes: notes,
                     filmed: filmed.flatMap(CalendarDate.init(iso:)), location: location, synopsis: synopsis,
                     shotlist: shotlist, speakers: speakers)
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
    }

    mutating func combine(_ record: StoryRecord) {
        [record.id, record.eventID, String(record.position), record.headline, record.date].forEach { combine($0) }
        combine(record.place); combine(record.summary); combine(record.people); combine(record.webstory)
        combine(record.tags)
    }

    mutating func combine(_ record: AssetRecord) {
        [record.id, record.eventID, String(record.position), record.kind, record.title, record.url].forEach { combine($0) }
        [record.storyID, record.language, record.credit, record.rights, record.caption, record.embargo,
         record.contentType, record.notes, record.filmed, record.location, record.synopsis].forEach { combine($0) }
        combine(String(record.shotlist.count))
        record.shotlist.forEach { combine($0.at); combine($0.shot) }
        combine(String(record.speakers.count))
        record.speakers.forEach { combine($0.name); combine($0.language) }
    }
}

// MARK: - Fast writes

/// Rows written by an import, bound by column index into statements prepared once per import
/// (`RowStatements`): GRDB's Codable encoding per row, its `StatementArguments` (an existential per
/// value, checked on every execution) and a JSONEncoder per list column dominated large imports.
protocol FastRow: Identified {
    static var table: String { get }
    /// Column names, `id` first; parameter N of `insertSQL` and `updateSQL` is column N.
    static var columns: [String] { get }
    /// Binds every column, as parameters 1 through `columns.count`.
    func bind(to statement: RawStatement)
}

extension FastRow {
    static var insertSQL: String {
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let parameters = columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(names)) VALUES (\(parameters))"
    }

    /// Every column but the id, by id: the same bindings as `insertSQL`.
    static var updateSQL: String {
        let assignments = columns.indices.dropFirst().map { "\"\(columns[$0])\" = ?\($0 + 1)" }.joined(separator: ", ")
        return "UPDATE \(table) SET \(assignments) WHERE id = ?1"
    }

    static var existsSQL: String { "SELECT 1 FROM \(table) WHERE id = ?1" }
}

/// The statements an import writes one table's rows with, prepared once on the transaction's
/// connection. `finalize` before the transaction's closure returns.
struct RowStatements<Row: FastRow> {
    private let insertRow: RawStatement
    private let updateRow: RawStatement
    private let rowExists: RawStatement

    init(_ db: Database) throws {
        insertRow = try RawStatement(db, sql: Row.insertSQL)
        updateRow = try RawStatement(db, sql: Row.updateSQL)
        rowExists = try RawStatement(db, sql: Row.existsSQL)
    }

    func insert(_ row: Row) throws {
        row.bind(to: insertRow)
        try insertRow.execute()
    }

    func update(_ row: Row) throws {
        row.bind(to: updateRow)
        try updateRow.execute()
    }

    func exists(_ row: Row) throws -> Bool {
        rowExists.bind(1, row.id)
        return try rowExists.returnsRow()
    }

    func finalize() {
        [insertRow, updateRow, rowExists].forEach { $0.finalize() }
    }
}

extension StoryRecord: FastRow {
    static let table = "story"
    static let columns = ["id", "event_id", "position", "headline", "date", "place", "summary", "people", "webstory", "tags"]

    func bind(to statement: RawStatement) {
        statement.bind(1, id); statement.bind(2, eventID); statement.bind(3, position); statement.bind(4, headline)
        statement.bind(5, date); statement.bind(6, place); statement.bind(7, summary)
        statement.bind(8, JSONColumn.strings(people)); statement.bind(9, webstory); statement.bind(10, JSONColumn.strings(tags))
    }
}

extension AssetRecord: FastRow {
    static let table = "asset"
    static let columns = ["id", "event_id", "story_id", "position", "kind", "title", "url", "language", "credit", "rights",
                          "caption", "embargo", "content_type", "notes", "filmed", "location", "synopsis", "shotlist", "speakers"]

    func bind(to statement: RawStatement) {
        statement.bind(1, id); statement.bind(2, eventID); statement.bind(3, storyID); statement.bind(4, position)
        statement.bind(5, kind); statement.bind(6, title); statement.bind(7, url); statement.bind(8, language)
        statement.bind(9, credit); statement.bind(10, rights); statement.bind(11, caption); statement.bind(12, embargo)
        statement.bind(13, contentType); statement.bind(14, notes); statement.bind(15, filmed); statement.bind(16, location)
        statement.bind(17, synopsis); statement.bind(18, JSONColumn.shots(shotlist)); statement.bind(19, JSONColumn.speakers(speakers))
    }
}

/// JSON text for list columns, read back by GRDB's JSONDecoder. Written by hand into bytes: the
/// output is `JSONEncoder`'s with `.sortedKeys` and `.withoutEscapingSlashes` (tests compare them), at
/// a fraction of its cost, which grew with one encoder per asset.
enum JSONColumn {
    static func strings(_ list: [String]) -> String {
        guard !list.isEmpty else { return "[]" }
        var out = JSONBytes()
        out.append("[")
        for (index, text) in list.enumerated() {
            if index > 0 { out.append(",") }
            out.append(quoted: text)
        }
        out.append("]")
        return out.text
    }

    /// `[{"at":…,"shot":…}]`: the keys in sorted order.
    static func shots(_ list: [Shot]) -> String {
        guard !list.isEmpty else { return "[]" }
        var out = JSONBytes()
        for (index, shot) in list.enumerated() {
            out.append(index == 0 ? "[{\"at\":" : ",{\"at\":")
            out.append(quoted: shot.at)
            out.append(",\"shot\":")
            out.append(quoted: shot.shot)
            out.append("}")
        }
        out.append("]")
        return out.text
    }

    /// `[{"language":…,"name":…}]`, without `language` when there is none (as `encodeIfPresent`).
    static func speakers(_ list: [Speaker]) -> String {
        guard !list.isEmpty else { return "[]" }
        var out = JSONBytes()
        for (index, speaker) in list.enumerated() {
            out.append(index == 0 ? "[{" : ",{")
            if let language = speaker.language {
                out.append("\"language\":")
                out.append(quoted: language)
                out.append(",")
            }
            out.append("\"name\":")
            out.append(quoted: speaker.name)
            out.append("}")
        }
        out.append("]")
        return out.text
    }

    static func encode<T: Encodable>(_ list: [T]) -> String {
        guard !list.isEmpty else { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = JSONBytes()
        out.append(quoted: text)
        return out.text
    }
}

/// UTF-8 bytes of JSON being written.
struct JSONBytes {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(128) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `text` as a string literal, escaped as `JSONEncoder` escapes: `\"`, `\\`, `\b`, `\f`, `\n`,
    /// `\r`, `\t`, other control characters as `\u00xx`.
    mutating func append(quoted text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case ..<0x20:
                append("\\u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
