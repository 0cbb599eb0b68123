/// What kind of occasion an event is. Press-kit policies (which asset kinds a kit must offer) key on it.
public enum EventType: String, CaseIterable, Hashable, Sendable, Codable {
    /// A visit by an official to a country, base or organisation.
    case visit
    /// A military or civil exercise.
    case exercise
    /// A summit of heads of state and government.
    case summit
    /// A ministerial, council or bilateral meeting.
    case meeting
    /// A statement by an official or spokesperson.
    case statement
    /// A conference, forum or panel the organisation speaks at.
    case conference
    /// A press or background briefing.
    case briefing
    /// Anything else: news items, features, videos.
    case other
}

/// What an asset is to a journalist. Stored as its raw text (`b-roll`, …) in files and the database.
public enum AssetKind: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Unedited video footage for broadcasters to cut.
    case bRoll = "b-roll"
    /// A short clip of someone speaking, tagged with the speaker.
    case soundbite
    /// Edited or full-length video: a press conference, a Q&A, an address, a feature.
    case video
    /// The text of what was said.
    case transcript
    /// A photo, or a gallery page of photos.
    case photo
    /// Sound only.
    case audio
    /// Any other document: a fact sheet, a declaration, a PDF.
    case document
    /// The published web story.
    case webstory

    /// Kinds carry the broadcast fields (`filmed`, `shotlist`, …) only when they are video or audio.
    public var isAudiovisual: Bool {
        switch self {
        case .bRoll, .soundbite, .video, .audio: true
        default: false
        }
    }

    public static func < (lhs: AssetKind, rhs: AssetKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
