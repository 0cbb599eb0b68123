import Catalogue
import Foundation
import LinkVocabulary
import MediaProbe

// The JSON shapes of `presskit events|assets|show --format json`, documented in README.md.
// Keys are snake_case like the catalogue's; absent optional values are left out; lists are always present.

/// A versioned JSON document: `{"schema": "presskit.assets/1", …}`.
struct EventsDocument: Encodable {
    let schema = "presskit.events/1"
    var events: [EventSummaryJSON]
}

struct AssetsDocument: Encodable {
    let schema = "presskit.assets/1"
    var event: String
    var assets: [AssetJSON]
}

struct EventDocument: Encodable {
    let schema = "presskit.event/1"
    var event: EventJSON
}

struct EventSummaryJSON: Encodable {
    var id: String
    var title: String
    var type: String
    var start: String
    var end: String?
    var places: [String]
    var tags: [String]
    var stories: Int
    var assets: Int

    init(_ summary: EventSummary) {
        let event = summary.event
        self.init(id: event.id, title: event.title, type: event.type.rawValue, start: event.start.description,
                  end: event.end?.description, places: event.places, tags: event.tags,
                  stories: summary.storyCount, assets: summary.assetCount)
    }

    init(id: String, title: String, type: String, start: String, end: String?, places: [String], tags: [String],
         stories: Int, assets: Int) {
        (self.id, self.title, self.type, self.start, self.end) = (id, title, type, start, end)
        (self.places, self.tags, self.stories, self.assets) = (places, tags, stories, assets)
    }
}

struct EventJSON: Encodable {
    var id: String
    var title: String
    var type: String
    var start: String
    var end: String?
    var places: [String]
    var summary: String?
    var contacts: [Contact]
    var tags: [String]
    var assets: [AssetJSON]
    var stories: [StoryJSON]

    init(_ event: Event) {
        id = event.id
        title = event.title
        type = event.type.rawValue
        start = event.start.description
        end = event.end?.description
        places = event.places
        summary = event.summary
        contacts = event.contacts
        tags = event.tags
        assets = event.assets.map { AssetJSON($0, event: event.id, story: nil) }
        stories = event.stories.map { StoryJSON($0, event: event.id) }
    }
}

struct StoryJSON: Encodable {
    var id: String
    var headline: String
    var date: String
    var place: String?
    var summary: String?
    var people: [String]
    var webstory: String?
    var tags: [String]
    var assets: [AssetJSON]

    init(_ story: Story, event: String) {
        id = story.id
        headline = story.headline
        date = story.date.description
        place = story.place
        summary = story.summary
        people = story.people
        webstory = story.webstory
        tags = story.tags
        assets = story.assets.map { AssetJSON($0, event: event, story: story.id) }
    }
}

/// An asset in listings: where it sits, every `AssetField` under its catalogue name, and what the
/// link's checks found. Encoded field by field from the declaration, so a new field is listed as
/// soon as it is declared.
struct AssetJSON: Encodable {
    var asset: Asset
    var event: String
    var story: String?
    /// The link's state at its last check; `presskit assets` only, absent when never checked.
    var health: HealthJSON?
    /// The file's last probe; `presskit assets` only, absent when never probed.
    var media: MediaJSON?

    init(_ asset: Asset, event: String, story: String?) {
        (self.asset, self.event, self.story) = (asset, event, story)
    }

    /// A key of the listing: the placement, a field, or what the checks found.
    enum Key: CodingKey, Hashable {
        case event, story
        case field(AssetField)
        case health, media

        var stringValue: String {
            switch self {
            case .event: "event"
            case .story: "story"
            case .field(let field): field.rawValue
            case .health: "health"
            case .media: "media"
            }
        }

        init?(stringValue: String) {
            guard let key = Self.all.first(where: { $0.stringValue == stringValue }) else { return nil }
            self = key
        }

        var intValue: Int? { nil }
        init?(intValue: Int) { nil }

        /// Every key, in the CSV's column order (JSON sorts its keys).
        static let all: [Key] = [.event, .story] + AssetField.allCases.map(Key.field) + [.health, .media]
    }

    /// The columns of the asset CSV listings: the placement and every field but the shot list (CSV
    /// has no nested lists; speakers are one cell).
    static let csvKeys: [Key] = [.event, .story] + AssetField.allCases.filter { $0 != .shotlist }.map(Key.field)

    /// The CSV cell of `key`, one of `csvKeys`: the text the JSON gives, or empty.
    func csvCell(_ key: Key) -> String {
        switch key {
        case .event: event
        case .story: story ?? ""
        case .field(.speakers): asset.speakers.map { speaker in speaker.language.map { "\(speaker.name) (\($0))" } ?? speaker.name }
            .joined(separator: "; ")
        case .field(let field): asset.text(field) ?? ""
        case .health, .media: ""
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(event, forKey: .event)
        try container.encodeIfPresent(story, forKey: .story)
        for field in AssetField.allCases {
            switch field {
            case .shotlist: try container.encode(asset.shotlist, forKey: .field(field))
            case .speakers: try container.encode(asset.speakers, forKey: .field(field))
            default: try container.encodeIfPresent(asset.text(field), forKey: .field(field))
            }
        }
        try container.encodeIfPresent(health, forKey: .health)
        try container.encodeIfPresent(media, forKey: .media)
    }
}

struct HealthJSON: Encodable {
    var verdict: LinkVerdict
    var since: String
    var lastChecked: String
    var lastOK: String?
    var consecutiveFailures: Int
    var httpStatus: Int?
    var contentType: String?
    var contentLength: Int64?
    var newURL: String?
    var certificateExpiry: String?

    enum CodingKeys: String, CodingKey {
        case verdict, since, lastChecked = "last_checked", lastOK = "last_ok", consecutiveFailures = "consecutive_failures"
        case httpStatus = "http_status", contentType = "content_type", contentLength = "content_length"
        case newURL = "new_url", certificateExpiry = "certificate_expiry"
    }

    init(_ h: LinkHealth) {
        verdict = h.verdict
        since = Timestamp.text(h.since)
        lastChecked = Timestamp.text(h.lastChecked)
        lastOK = h.lastOK.map(Timestamp.text)
        consecutiveFailures = h.consecutiveFailures
        httpStatus = h.httpStatus
        contentType = h.contentType
        contentLength = h.contentLength
        newURL = h.newURL
        certificateExpiry = h.certificateExpiry.map(Timestamp.text)
    }
}

/// JSON for machines: sorted keys, two-space indentation, slashes unescaped, a final newline.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        // The same bytes as `fragment(value, indent: 0) + "\n"` (KitJSON is held to JSONEncoder's
        // output by its tests), without JSONEncoder's type checks per value: they were a third of
        // `assets --format json`'s instructions.
        KitJSON.encode(value)
    }

    /// The text of one JSON string literal (quotes included), or nil when it is not one.
    static func decodeString(_ literal: String) -> String? {
        try? JSONDecoder().decode(String.self, from: Data(literal.utf8))
    }

    /// `value` as it appears nested `indent` spaces deep in a pretty-printed document (its first line
    /// unindented, for writing after a key): lets large documents be written piece by piece.
    static func fragment<T: Encodable>(_ value: T, indent: Int) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail; an empty object would hide a bug, so trap loudly.
        guard let data = try? encoder.encode(value) else { preconditionFailure("unencodable \(T.self)") }
        let text = String(decoding: data, as: UTF8.self)
        guard indent > 0 else { return text }
        let padding = String(repeating: " ", count: indent)
        return text.replacingOccurrences(of: "\n", with: "\n" + padding)
    }
}

/// A link's last probe, in listings, check reports and kits alike (see README "Media properties").
/// Properties the probe could not read are left out.
struct MediaJSON: Encodable, Equatable {
    var format: String?
    var width: Int?
    var height: Int?
    var duration: Double?
    var frameRate: Double?
    var videoCodec: String?
    var audioCodec: String?
    var sampleRate: Int?
    var channels: Int?
    var pages: Int?
    var title: String?
    var ogTitle: String?
    var ogDescription: String?
    var ogImage: String?
    var canonicalURL: String?
    /// Why the probe found nothing or only part.
    var note: String?
    var probeBytes: Int
    var probedAt: String
    /// Each way the file falls short of the link-check policy's `expect` for its kind.
    var offSpec: [String]

    enum CodingKeys: String, CodingKey {
        case format, width, height, duration, frameRate = "frame_rate", videoCodec = "video_codec"
        case audioCodec = "audio_codec", sampleRate = "sample_rate", channels, pages, title, ogTitle = "og_title"
        case ogDescription = "og_description", ogImage = "og_image", canonicalURL = "canonical_url", note
        case probeBytes = "probe_bytes", probedAt = "probed_at", offSpec = "off_spec"
    }

    init(_ record: MediaProbeRecord, offSpec: [String]) {
        let p = record.properties ?? MediaProperties()
        format = p.format
        width = p.width
        height = p.height
        duration = p.duration.map { ($0 * 1_000).rounded() / 1_000 }
        frameRate = p.frameRate
        videoCodec = p.videoCodec
        audioCodec = p.audioCodec
        sampleRate = p.sampleRate
        channels = p.channels
        pages = p.pageCount
        title = p.title
        ogTitle = p.openGraphTitle
        ogDescription = p.openGraphDescription
        ogImage = p.openGraphImage
        canonicalURL = p.canonicalURL
        note = record.note
        probeBytes = record.bytes
        probedAt = Timestamp.text(record.probedAt)
        self.offSpec = offSpec
    }
}
