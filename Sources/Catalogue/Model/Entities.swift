/// An occasion the press office announces assets for: a visit, an exercise, a summit, a statement.
public struct Event: Hashable, Sendable {
    /// A stable slug (`western-balkans-visit-2023`): the name scripts and cron entries use.
    public var id: String
    public var title: String
    public var type: EventType
    public var start: CalendarDate
    public var end: CalendarDate?
    public var places: [String]
    public var summary: String?
    public var contacts: [Contact]
    public var tags: [String]
    /// Stories in catalogue order: the order the press office wrote them in is the order kits show.
    public var stories: [Story]
    /// Assets that belong to the event as a whole rather than to one story.
    public var assets: [Asset]
    /// The BCP 47 tag of the language its plain-string texts are in (the catalogue's `language`, else
    /// the policy's `default_language` when the catalogue was read); nil: `en`.
    public var language: String?
    /// Its texts in other languages, and which assets translate which.
    public var translations: Translations

    public init(id: String, title: String, type: EventType, start: CalendarDate, end: CalendarDate? = nil,
                places: [String] = [], summary: String? = nil, contacts: [Contact] = [], tags: [String] = [],
                stories: [Story] = [], assets: [Asset] = [], language: String? = nil,
                translations: Translations = Translations()) {
        self.id = id
        self.language = language
        self.translations = translations
        self.title = title
        self.type = type
        self.start = start
        self.end = end
        self.places = places
        self.summary = summary
        self.contacts = contacts
        self.tags = tags
        self.stories = stories
        self.assets = assets
    }

    /// Every asset of the event, event-wide ones first, then each story's in order.
    public var allAssets: [Asset] { assets + stories.flatMap(\.assets) }
}

/// Someone journalists can call about an event.
public struct Contact: Hashable, Sendable, Codable {
    public var name: String
    public var role: String?
    public var email: String?
    public var phone: String?

    public init(name: String, role: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
    }
}

/// One published story of an event, with the assets it announces.
public struct Story: Hashable, Sendable {
    public var id: String
    public var headline: String
    public var date: StoryDate
    public var place: String?
    public var summary: String?
    public var people: [String]
    /// The published web story's URL.
    public var webstory: String?
    public var tags: [String]
    public var assets: [Asset]

    public init(id: String, headline: String, date: StoryDate, place: String? = nil, summary: String? = nil,
                people: [String] = [], webstory: String? = nil, tags: [String] = [], assets: [Asset] = []) {
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

/// A downloadable thing a story announces: b-roll, a soundbite, a transcript, a photo…
public struct Asset: Hashable, Sendable {
    public var id: String
    public var kind: AssetKind
    public var title: String
    public var url: String
    /// BCP 47 language tag (`en`, `fr`, `sr-Latn`).
    public var language: String?
    public var credit: String?
    public var rights: String?
    public var caption: String?
    /// Not to be published before this moment.
    public var embargo: ZonedDateTime?
    /// The content type the link is expected to serve (`video/mp4`).
    public var contentType: String?
    public var notes: String?
    // Broadcast fields, for video and audio, as the press office's multimedia portal describes them.
    public var filmed: CalendarDate?
    public var location: String?
    public var synopsis: String?
    public var shotlist: [Shot]
    public var speakers: [Speaker]
    /// An image URL standing for the asset on the public page (a video's poster, a photo's small
    /// version); validated like `url` and link-checked like any asset.
    public var thumbnail: String?

    public init(id: String, kind: AssetKind, title: String, url: String, language: String? = nil,
                credit: String? = nil, rights: String? = nil, caption: String? = nil,
                embargo: ZonedDateTime? = nil, contentType: String? = nil, notes: String? = nil,
                filmed: CalendarDate? = nil, location: String? = nil, synopsis: String? = nil,
                shotlist: [Shot] = [], speakers: [Speaker] = [], thumbnail: String? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.url = url
        self.language = language
        self.credit = credit
        self.rights = rights
        self.caption = caption
        self.embargo = embargo
        self.contentType = contentType
        self.notes = notes
        self.filmed = filmed
        self.location = location
        self.synopsis = synopsis
        self.shotlist = shotlist
        self.speakers = speakers
        self.thumbnail = thumbnail
    }
}

/// One line of a video's shot list: a timecode and what is seen from there.
public struct Shot: Hashable, Sendable, Codable {
    /// Timecode `HH:MM:SS`, `MM:SS`, optionally with `.mmm` or `:FF` frames.
    public var at: String
    public var shot: String

    public init(at: String, shot: String) {
        self.at = at
        self.shot = shot
    }
}

/// Who speaks in a soundbite, and in which language.
public struct Speaker: Hashable, Sendable, Codable {
    public var name: String
    public var language: String?

    public init(name: String, language: String? = nil) {
        self.name = name
        self.language = language
    }
}
