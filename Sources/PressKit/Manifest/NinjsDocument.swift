import Foundation

// The subset of IPTC ninjs that presskit writes, one set of types for both versions it supports.
// Schemas: https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json and …/ninjs-schema_2.2.json (copies in
// ../shared/standards). Both close every object (`additionalProperties`/`unevaluatedProperties: false`),
// so these types hold only properties the schemas define; presskit's own data goes in the extension
// (see `NinjsExtension`).

extension NinjsManifestRenderer.Version {
    /// `standard.version`.
    var number: String {
        switch self {
        case .v3_1: "3.1"
        case .v2_2: "2.2"
        }
    }

    /// `standard.schema`: the schema's own `$id`.
    var schemaURI: String { "http://www.iptc.org/std/ninjs/ninjs-schema_\(number).json#" }

    /// A property's name in this version, given its 3.x name. ninjs 2.x spells every property in lower
    /// case (`contenttype`, `sizeinbytes`, `contactinfo`) where 3.x uses camelCase; the one rename
    /// besides is 3.x's `embargoedUntil`, which 2.x calls `embargoed`.
    func spell(_ name: String) -> String {
        switch self {
        case .v3_1: name
        case .v2_2: name == "embargoedUntil" ? "embargoed" : name.lowercased()
        }
    }
}

/// One ninjs news object: the kit's event at the top, and every story and asset as an association.
///
/// Optional properties that are nil and lists that are empty are left out, never written as null or [].
struct NinjsItem: NinjsObject {
    /// Only on associations: their name within the parent (required there by both schemas).
    var name: String?
    /// Only on associations, and only in 3.x: how the association relates to its parent.
    var rel: String?
    var standard: NinjsStandard?
    var uri: String
    var type: String?
    var profile: String?
    var slugline: String?
    var title: String?
    var headlines: [NinjsText] = []
    var descriptions: [NinjsText] = []
    var language: String?
    var by: String?
    var usageTerms: String?
    var embargoedUntil: String?
    var firstCreated: String?
    var located: String?
    var edNote: String?
    /// 3.x only: the event's dates.
    var eventDetails: NinjsEventDetails?
    var places: [NinjsNamed] = []
    var people: [NinjsNamed] = []
    var subjects: [NinjsNamed] = []
    var genres: [NinjsNamed] = []
    var infoSources: [NinjsInfoSource] = []
    var renditions: [NinjsRendition] = []
    var associations: [NinjsItem] = []

    init(uri: String) { self.uri = uri }

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("name", name)
        try object.write("rel", rel)
        try object.write("standard", standard)
        try object.write("uri", uri)
        try object.write("type", type)
        try object.write("profile", profile)
        try object.write("slugline", slugline)
        try object.write("title", title)
        try object.writeList("headlines", headlines)
        try object.writeList("descriptions", descriptions)
        try object.write("language", language)
        try object.write("by", by)
        try object.write("usageTerms", usageTerms)
        try object.write("embargoedUntil", embargoedUntil)
        try object.write("firstCreated", firstCreated)
        try object.write("located", located)
        try object.write("edNote", edNote)
        try object.write("eventDetails", eventDetails)
        try object.writeList("places", places)
        try object.writeList("people", people)
        try object.writeList("subjects", subjects)
        try object.writeList("genres", genres)
        try object.writeList("infoSources", infoSources)
        try object.writeList("renditions", renditions)
        try object.writeList("associations", associations)
    }
}

/// Which standard, version and schema a document follows.
struct NinjsStandard: NinjsObject {
    var version: NinjsManifestRenderer.Version

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("name", "ninjs")
        try object.write("version", version.number)
        try object.write("schema", version.schemaURI)
    }
}

/// An item of `headlines` or `descriptions`: a value with an optional role and media type.
struct NinjsText: NinjsObject {
    var role: String?
    var contentType: String?
    var value: String

    init(role: String? = nil, contentType: String? = nil, _ value: String) {
        self.role = role
        self.contentType = contentType
        self.value = value
    }

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("role", role)
        try object.write("contentType", contentType)
        try object.write("value", value)
    }
}

/// An item of `places`, `people`, `subjects` or `genres`: a name, and how it relates to the content.
struct NinjsNamed: NinjsObject {
    var name: String
    var rel: String?

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("name", name)
        try object.write("rel", rel)
    }
}

/// A press contact as an `infoSources` item, with its e-mail address and phone number as `contactInfo`.
struct NinjsInfoSource: NinjsObject {
    var name: String
    var role: String?
    var contactInfo: [NinjsContactInfo]

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("name", name)
        try object.write("role", role)
        try object.writeList("contactInfo", contactInfo)
    }
}

/// One way to reach a contact (`type` `email` or `phone`).
struct NinjsContactInfo: NinjsObject {
    var type: String
    var value: String

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("type", type)
        try object.write("value", value)
    }
}

/// One downloadable form of an asset, with what the last probe of its link found: width, height and
/// duration in both versions; video codec and frame rate in 3.x only (2.x renditions allow no more).
struct NinjsRendition: NinjsObject {
    var name: String
    var href: String
    var title: String?
    var contentType: String?
    var sizeInBytes: Int64?
    var media: KitMedia?

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("name", name)
        try object.write("href", href)
        try object.write("title", title)
        try object.write("contentType", contentType)
        try object.write("sizeInBytes", sizeInBytes)
        try object.write("width", media?.width)
        try object.write("height", media?.height)
        try object.write("duration", media?.duration)
        if object.version == .v3_1 {
            try object.write("videoCodec", media?.videoCodec)
            try object.write("frameRate", media?.frameRate)
        }
    }
}

/// 3.x `eventDetails.dates`. Events are whole days (`YYYY-MM-DD`), which `startDate`/`endDate` (date-times)
/// cannot hold; `expectedStartDate`/`expectedEndDate` take truncated dates, as IPTC's own event example does.
struct NinjsEventDetails: NinjsObject {
    var start: String
    var end: String?

    func write(to object: inout NinjsObjectWriter) throws {
        try object.write("dates", Dates(start: start, end: end))
    }

    private struct Dates: NinjsObject {
        var start: String
        var end: String?

        func write(to object: inout NinjsObjectWriter) throws {
            try object.write("expectedStartDate", start)
            try object.write("expectedEndDate", end)
        }
    }
}

/// A ninjs object that spells its property names for the version being written.
protocol NinjsObject: Encodable {
    func write(to object: inout NinjsObjectWriter) throws
}

extension NinjsObject {
    func encode(to encoder: any Encoder) throws {
        var object = NinjsObjectWriter(encoder)
        try write(to: &object)
    }
}

/// Writes one JSON object's properties under the names of the version in the encoder's `userInfo`.
struct NinjsObjectWriter {
    private var container: KeyedEncodingContainer<Key>
    let version: NinjsManifestRenderer.Version

    init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: Key.self)
        version = encoder.userInfo[Self.versionKey] as? NinjsManifestRenderer.Version ?? .v3_1
    }

    /// Writes `value` under its 3.x `name` spelled for the version; nil is left out.
    mutating func write<T: Encodable>(_ name: String, _ value: T?) throws {
        guard let value else { return }
        try container.encode(value, forKey: Key(version.spell(name)))
    }

    /// Text goes to the container's `String` overload, skipping the generic path.
    mutating func write(_ name: String, _ value: String?) throws {
        guard let value else { return }
        try container.encode(value, forKey: Key(version.spell(name)))
    }

    /// Writes a list; an empty one is left out.
    mutating func writeList<T: Encodable>(_ name: String, _ values: [T]) throws {
        guard !values.isEmpty else { return }
        try container.encode(values, forKey: Key(version.spell(name)))
    }

    static let versionKey = CodingUserInfoKey(rawValue: "presskit.ninjs.version")!

    struct Key: CodingKey {
        var stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

enum NinjsJSON {
    /// `item` as a ninjs document of `version`: pretty JSON, sorted keys, slashes unescaped, ending in a newline.
    static func document(_ item: NinjsItem, version: NinjsManifestRenderer.Version) -> String {
        KitJSON.encode(item, userInfo: [NinjsObjectWriter.versionKey: version])
    }

    /// `value` as one line of JSON with sorted keys: the text of an extension description.
    static func compact<T: Encodable>(_ value: T) -> String {
        KitJSON.encode(value, pretty: false)
    }
}
