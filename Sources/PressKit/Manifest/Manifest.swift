import Catalogue
import LinkVocabulary
import MediaProbe

/// A press kit for one event, as every format renders it: what a journalist may use now, with each
/// link's health, and what the office's policy found wrong.
///
/// Built by `ManifestBuilder` (policy, embargo, health) and rendered by the `ManifestRenderer`s, which
/// are pure functions of it. The JSON form is the documented schema `presskit.manifest/1`
/// (`Sources/PressKit/Manifest/presskit.manifest-1.schema.json`); YAML mirrors it key for key.
/// Field order here is the order of the human-readable formats; JSON and YAML sort keys.
public struct Manifest: Codable, Hashable, Sendable {
    public static let schemaVersion = "presskit.manifest/1"

    public var schema: String = Manifest.schemaVersion
    /// The moment the kit was built for (embargoes, staleness), RFC 3339 UTC. Present only when asked
    /// for (`--as-of`, `--timestamp`), so that kits built from the same data diff clean.
    public var asOf: String?
    public var event: KitEvent
    /// Event-wide assets, grouped by kind.
    public var eventAssets: [KitAssetGroup]
    public var stories: [KitStory]
    public var summary: KitSummary
    /// Every way the kit breaks the policy, in kit order; `--strict` refuses a kit with any.
    public var violations: [KitViolation]
    /// The kit's language (BCP 47), present when one was asked for (`--language`, a site's languages):
    /// kits built without it are as they were before kits had languages.
    public var language: String?
    /// Texts shown in another language than the kit's because the catalogue gives none in it: text
    /// key (`event.title`, `asset:ID.caption`, `asset:ID.shot.2`) → the language they are in. Not
    /// part of the documents: the HTML page marks each such text with its own `lang`.
    public var fallbacks: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case schema, asOf = "as_of", event, eventAssets = "event_assets", stories, summary, violations
        case language
    }

    public init(asOf: String?, event: KitEvent, eventAssets: [KitAssetGroup], stories: [KitStory],
                summary: KitSummary, violations: [KitViolation], language: String? = nil,
                fallbacks: [String: String] = [:]) {
        self.language = language
        self.fallbacks = fallbacks
        self.asOf = asOf
        self.event = event
        self.eventAssets = eventAssets
        self.stories = stories
        self.summary = summary
        self.violations = violations
    }

    /// The language a text is shown in when it is not the kit's (a fallback), else nil.
    public func fallbackLanguage(_ subject: TextSubject, _ field: TextField) -> String? {
        fallbacks.isEmpty ? nil : fallbacks[subject.key + "." + field.key]
    }

    /// Every asset in the kit, event-wide ones first, then each story's, in kit order.
    public var allAssets: [KitAsset] {
        eventAssets.flatMap(\.assets) + stories.flatMap { $0.assets.flatMap(\.assets) }
    }
}

/// The event as the kit presents it.
public struct KitEvent: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var type: EventType
    /// `YYYY-MM-DD`.
    public var start: String
    public var end: String?
    public var places: [String]
    public var summary: String?
    /// The catalogue's contacts, or the policy's press-office contact when it gives none.
    public var contacts: [Contact]
    public var tags: [String]
    /// With `--all-languages`: each translated text in every language the catalogue gives it in,
    /// the event's own included: field (`title`, `summary`, …, `shot.2` for the third shot) → language tag → text.
    public var translations: [String: [String: String]]?

    public init(id: String, title: String, type: EventType, start: String, end: String?, places: [String],
                summary: String?, contacts: [Contact], tags: [String]) {
        self.id = id
        self.title = title
        self.type = type
        self.start = start
        self.end = end
        self.places = places
        self.summary = summary
        self.contacts = contacts
        self.tags = tags
    }
}

/// One story with its assets grouped by kind.
public struct KitStory: Codable, Hashable, Sendable {
    public var id: String
    public var headline: String
    /// As the catalogue wrote it: `YYYY-MM-DD` or an RFC 3339 date-time with its zone.
    public var date: String
    public var place: String?
    public var summary: String?
    public var people: [String]
    public var webstory: KitLink?
    public var tags: [String]
    public var assets: [KitAssetGroup]
    /// With `--all-languages`: each translated text in every language the catalogue gives it in,
    /// the event's own included: field (`title`, `summary`, …, `shot.2` for the third shot) → language tag → text.
    public var translations: [String: [String: String]]?

    public init(id: String, headline: String, date: String, place: String?, summary: String?, people: [String],
                webstory: KitLink?, tags: [String], assets: [KitAssetGroup]) {
        self.id = id
        self.headline = headline
        self.date = date
        self.place = place
        self.summary = summary
        self.people = people
        self.webstory = webstory
        self.tags = tags
        self.assets = assets
    }
}

/// A story's published web page and its health.
public struct KitLink: Codable, Hashable, Sendable {
    public var url: String
    public var health: KitHealth
    /// The page's `og:image` from its last probe: the public page's poster for the story's videos
    /// when they have no `thumbnail`. Not part of `presskit.manifest/1` (its documents stay as they were).
    public var image: String?

    enum CodingKeys: String, CodingKey { case url, health }

    public init(url: String, health: KitHealth, image: String? = nil) {
        self.url = url
        self.health = health
        self.image = image
    }
}

/// The assets of one kind, in catalogue order. Groups come in `AssetKind` order; empty ones are left out.
public struct KitAssetGroup: Codable, Hashable, Sendable {
    public var kind: AssetKind
    public var assets: [KitAsset]

    public init(kind: AssetKind, assets: [KitAsset]) {
        self.kind = kind
        self.assets = assets
    }
}

/// One downloadable asset as a journalist sees it. Staff `notes` are not part of a kit.
public struct KitAsset: Codable, Hashable, Sendable {
    public var id: String
    public var kind: AssetKind
    public var title: String
    public var url: String
    public var language: String?
    /// The catalogue's credit line, or the policy's default.
    public var credit: String?
    /// The catalogue's conditions of use, or the policy's default.
    public var rights: String?
    public var caption: String?
    /// What the link served at its last check, else what the catalogue declares.
    public var contentType: String?
    /// Bytes, from the last check (Content-Length or the total of Content-Range).
    public var size: Int64?
    /// A lifted embargo (RFC 3339 as written); assets still under embargo are not in the kit.
    public var embargo: String?
    public var filmed: String?
    public var location: String?
    public var synopsis: String?
    public var shotlist: [Shot]
    public var speakers: [Speaker]
    public var health: KitHealth
    /// Problems the policy flags on this asset (`broken`, `stale`, `wrong-type`, …); empty when fine.
    public var flags: [LinkProblem]
    /// What the file is, from the last probe of its link; nil when never probed or nothing was found.
    public var media: KitMedia?
    /// The catalogue's `thumbnail` image URL, unless its last check found it not working.
    public var thumbnail: String?
    /// The id of the asset this one translates (the catalogue's `translation_of`).
    public var translationOf: String?
    /// With `--all-languages`: each translated text in every language the catalogue gives it in,
    /// the event's own included: field (`title`, `summary`, …, `shot.2` for the third shot) → language tag → text.
    public var translations: [String: [String: String]]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, title, url, language, credit, rights, caption, contentType = "content_type", size, embargo
        case filmed, location, synopsis, shotlist, speakers, health, flags, media, thumbnail
        case translationOf = "translation_of", translations
    }
}

/// A file's media properties as a kit gives them: what a journalist weighs before downloading.
/// Absent properties were not found by the probe (a photo has no duration, a PDF no codec).
public struct KitMedia: Codable, Hashable, Sendable {
    /// Container or file format: MP4, MOV, M4A, JPEG, PNG, WebP, GIF, WAV, MP3, PDF, HTML.
    public var format: String?
    /// Displayed pixels, after rotation or EXIF orientation.
    public var width: Int?
    public var height: Int?
    /// Seconds, to the millisecond.
    public var duration: Double?
    public var frameRate: Double?
    public var videoCodec: String?
    public var audioCodec: String?
    public var sampleRate: Int?
    public var channels: Int?
    public var pages: Int?

    enum CodingKeys: String, CodingKey {
        case format, width, height, duration, frameRate = "frame_rate", videoCodec = "video_codec"
        case audioCodec = "audio_codec", sampleRate = "sample_rate", channels, pages
    }

    public init(format: String? = nil, width: Int? = nil, height: Int? = nil, duration: Double? = nil,
                frameRate: Double? = nil, videoCodec: String? = nil, audioCodec: String? = nil, sampleRate: Int? = nil,
                channels: Int? = nil, pages: Int? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.duration = duration
        self.frameRate = frameRate
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.sampleRate = sampleRate
        self.channels = channels
        self.pages = pages
    }

    /// The kit's view of probed properties; nil when they tell nothing a journalist would use.
    init?(_ properties: MediaProperties?) {
        guard let p = properties else { return nil }
        self.init(format: p.format, width: p.width, height: p.height,
                  duration: p.duration.map { ($0 * 1_000).rounded() / 1_000 }, frameRate: p.frameRate,
                  videoCodec: p.videoCodec, audioCodec: p.audioCodec, sampleRate: p.sampleRate,
                  channels: p.channels, pages: p.pageCount)
        if self == KitMedia(format: format) { return nil }
    }

    /// The properties again, for the one-line summary.
    var properties: MediaProperties {
        MediaProperties(format: format, width: width, height: height, duration: duration, frameRate: frameRate,
                        videoCodec: videoCodec, audioCodec: audioCodec, sampleRate: sampleRate, channels: channels,
                        pageCount: pages)
    }
}

/// A link's health as the kit reports it.
public struct KitHealth: Codable, Hashable, Sendable {
    /// The last check's verdict; nil when the link was never checked (`unchecked` in the kit).
    public var verdict: LinkVerdict?
    /// When the last check ran, RFC 3339 UTC.
    public var checkedAt: String?
    public var httpStatus: Int?
    /// For `redirected`: where the link now lives.
    public var newURL: String?
    /// The last check is older than the policy's `stale_after`.
    public var stale: Bool

    enum CodingKeys: String, CodingKey {
        case verdict, checkedAt = "checked_at", httpStatus = "http_status", newURL = "new_url", stale
    }

    public init(verdict: LinkVerdict?, checkedAt: String?, httpStatus: Int?, newURL: String?, stale: Bool) {
        self.verdict = verdict
        self.checkedAt = checkedAt
        self.httpStatus = httpStatus
        self.newURL = newURL
        self.stale = stale
    }

    public var isUnchecked: Bool { verdict == nil }

    /// What the kit shows for the link: its verdict, or `unchecked`.
    public var state: LinkProblem { verdict.map(LinkProblem.verdict) ?? .flag(.unchecked) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let state = try container.decode(LinkProblem.self, forKey: .verdict)
        switch state {
        case .verdict(let verdict): self.verdict = verdict
        case .flag(.unchecked): verdict = nil
        case .flag:
            throw DecodingError.dataCorruptedError(forKey: .verdict, in: container, debugDescription: "'\(state)' is not a verdict")
        }
        checkedAt = try container.decodeIfPresent(String.self, forKey: .checkedAt)
        httpStatus = try container.decodeIfPresent(Int.self, forKey: .httpStatus)
        newURL = try container.decodeIfPresent(String.self, forKey: .newURL)
        stale = try container.decode(Bool.self, forKey: .stale)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .verdict)
        try container.encodeIfPresent(checkedAt, forKey: .checkedAt)
        try container.encodeIfPresent(httpStatus, forKey: .httpStatus)
        try container.encodeIfPresent(newURL, forKey: .newURL)
        try container.encode(stale, forKey: .stale)
    }
}

/// The kit at a glance.
public struct KitSummary: Codable, Hashable, Sendable {
    /// Assets in the kit.
    public var assetCount: Int
    /// Assets in the kit per kind (kinds with none are left out); an object keyed by kind name in JSON.
    public var kinds: [AssetKind: Int]
    /// Kinds the policy requires for this event type.
    public var requiredKinds: [AssetKind]
    /// Required kinds the kit does not offer.
    public var missingKinds: [AssetKind]
    /// Assets held back until their embargo lifts. No URL: the link must not leak early.
    public var embargoed: [HeldBackAsset]
    /// Assets the policy left out of the kit, with why.
    public var leftOut: [LeftOutAsset]
    /// Ids of assets (in the kit or left out) whose link is broken: any verdict but ok, redirected, unverifiable.
    public var broken: [String]
    /// Ids of assets whose last check is older than `stale_after`.
    public var stale: [String]
    /// Ids of assets whose link was never checked.
    public var unchecked: [String]

    enum CodingKeys: String, CodingKey {
        case assetCount = "asset_count", kinds, requiredKinds = "required_kinds", missingKinds = "missing_kinds"
        case embargoed, leftOut = "left_out", broken, stale, unchecked
    }

    public init(assetCount: Int, kinds: [AssetKind: Int], requiredKinds: [AssetKind], missingKinds: [AssetKind],
                embargoed: [HeldBackAsset], leftOut: [LeftOutAsset], broken: [String], stale: [String],
                unchecked: [String]) {
        self.assetCount = assetCount
        self.kinds = kinds
        self.requiredKinds = requiredKinds
        self.missingKinds = missingKinds
        self.embargoed = embargoed
        self.leftOut = leftOut
        self.broken = broken
        self.stale = stale
        self.unchecked = unchecked
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        assetCount = try container.decode(Int.self, forKey: .assetCount)
        let named = try container.decode([String: Int].self, forKey: .kinds)
        kinds = [:]
        for (name, count) in named {
            guard let kind = AssetKind(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .kinds, in: container, debugDescription: "unknown asset kind '\(name)'")
            }
            kinds[kind] = count
        }
        requiredKinds = try container.decode([AssetKind].self, forKey: .requiredKinds)
        missingKinds = try container.decode([AssetKind].self, forKey: .missingKinds)
        embargoed = try container.decode([HeldBackAsset].self, forKey: .embargoed)
        leftOut = try container.decode([LeftOutAsset].self, forKey: .leftOut)
        broken = try container.decode([String].self, forKey: .broken)
        stale = try container.decode([String].self, forKey: .stale)
        unchecked = try container.decode([String].self, forKey: .unchecked)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assetCount, forKey: .assetCount)
        // Keyed by name: a dictionary keyed by an enum would encode as a list of pairs.
        try container.encode(Dictionary(uniqueKeysWithValues: kinds.map { ($0.key.rawValue, $0.value) }), forKey: .kinds)
        try container.encode(requiredKinds, forKey: .requiredKinds)
        try container.encode(missingKinds, forKey: .missingKinds)
        try container.encode(embargoed, forKey: .embargoed)
        try container.encode(leftOut, forKey: .leftOut)
        try container.encode(broken, forKey: .broken)
        try container.encode(stale, forKey: .stale)
        try container.encode(unchecked, forKey: .unchecked)
    }
}

/// An asset under embargo at the kit's moment.
public struct HeldBackAsset: Codable, Hashable, Sendable {
    public var id: String
    public var kind: AssetKind
    /// Shown only when the policy's `embargo` is `announce`.
    public var title: String?
    /// When the embargo lifts, RFC 3339 as the catalogue wrote it.
    public var until: String

    public init(id: String, kind: AssetKind, title: String?, until: String) {
        self.id = id
        self.kind = kind
        self.title = title
        self.until = until
    }
}

/// An asset the policy kept out of the kit.
public struct LeftOutAsset: Codable, Hashable, Sendable {
    public var id: String
    public var kind: AssetKind
    /// The problems that made the policy leave it out (`broken`, `wrong-type`, …).
    public var reasons: [LinkProblem]

    public init(id: String, kind: AssetKind, reasons: [LinkProblem]) {
        self.id = id
        self.kind = kind
        self.reasons = reasons
    }
}

/// One way the kit breaks the policy.
public struct KitViolation: Codable, Hashable, Sendable {
    /// `missing-kind`, or the problem found on an asset: a verdict, `stale`, `unchecked` or `off-spec`.
    public var rule: KitRule
    /// What the policy does about it: `flag`, `leave-out` or `fail`.
    public var action: PolicyAction
    /// The asset concerned (nil for `missing-kind`).
    public var asset: String?
    public var message: String

    public init(rule: KitRule, action: PolicyAction, asset: String?, message: String) {
        self.rule = rule
        self.action = action
        self.asset = asset
        self.message = message
    }
}

/// What a kit's violation is about: a kind its event type requires and it lacks, or a problem of a link.
public enum KitRule: Hashable, Sendable, RawRepresentable, Codable, CustomStringConvertible {
    case missingKind
    /// An asset kind the policy's `required_languages` wants in a language the kit does not offer it in.
    case missingLanguage
    case link(LinkProblem)

    public init?(rawValue: String) {
        if rawValue == Self.missingKindName { self = .missingKind }
        else if rawValue == Self.missingLanguageName { self = .missingLanguage }
        else if let problem = LinkProblem(rawValue: rawValue) { self = .link(problem) }
        else { return nil }
    }

    public var rawValue: String {
        switch self {
        case .missingKind: Self.missingKindName
        case .missingLanguage: Self.missingLanguageName
        case .link(let problem): problem.rawValue
        }
    }

    public var description: String { rawValue }

    static let missingKindName = "missing-kind"
    static let missingLanguageName = "missing-language"
}
