/// An event's person-facing texts in languages other than its own, and which assets translate which.
///
/// The catalogue writes each such text (event `title`, `summary`; story `headline`, `summary`; asset
/// `title`, `caption`, `synopsis`; a shot list's `shot`) either as one string, in the event's
/// language, or as a mapping of BCP 47 tags to strings. The entities keep the text in the event's
/// language where they always did (`Event.title`, …), so everything that reads one language reads
/// what it read before; the other languages live here, keyed by what they belong to.
public struct Translations: Hashable, Sendable, Codable {
    /// Subject (`TextSubject.key`) → field (`title`, `shot.2`) → language tag → text.
    public var texts: [String: [String: [String: String]]]
    /// Asset id → the id of the asset it translates (`translation_of`), same event.
    public var translationOf: [String: String]

    enum CodingKeys: String, CodingKey { case texts, translationOf = "translation_of" }

    public init(texts: [String: [String: [String: String]]] = [:], translationOf: [String: String] = [:]) {
        self.texts = texts
        self.translationOf = translationOf
    }

    public var isEmpty: Bool { texts.isEmpty && translationOf.isEmpty }

    /// The field's text in `language`, when the catalogue gives one besides the event's own.
    public func text(_ subject: TextSubject, _ field: TextField, in language: String) -> String? {
        texts[subject.key]?[field.key]?[language]
    }

    /// Every translation of the field, by language tag (not the event's own language).
    public func all(_ subject: TextSubject, _ field: TextField) -> [String: String] {
        texts[subject.key]?[field.key] ?? [:]
    }

    public mutating func set(_ text: String, _ subject: TextSubject, _ field: TextField, in language: String) {
        texts[subject.key, default: [:]][field.key, default: [:]][language] = text
    }

    /// Every language some text is given in, besides the event's own; sorted.
    public var languages: [String] {
        Set(texts.values.flatMap { $0.values.flatMap(\.keys) }).sorted()
    }
}

/// What a translated text belongs to.
public enum TextSubject: Hashable, Sendable {
    case event
    case story(String)
    case asset(String)

    public var key: String {
        switch self {
        case .event: "event"
        case .story(let id): "story:" + id
        case .asset(let id): "asset:" + id
        }
    }
}

/// A person-facing text field, by its catalogue key; a shot list's line by its position.
public enum TextField: Hashable, Sendable {
    case title, summary, headline, caption, synopsis
    /// The `shot` of the shot list's entry at this index (from 0).
    case shot(Int)

    public var key: String {
        switch self {
        case .title: "title"
        case .summary: "summary"
        case .headline: "headline"
        case .caption: "caption"
        case .synopsis: "synopsis"
        case .shot(let index): "shot.\(index)"
        }
    }
}

extension Event {
    /// The language of the event's texts written as plain strings: its `language`, else the policy's
    /// `default_language` the catalogue was read with (`en` unless the policy says otherwise).
    public var textLanguage: String { language ?? "en" }

    /// Every person-facing text the event has, by subject, in catalogue order.
    public func personFacingTexts() -> [(TextSubject, [TextField])] {
        var result: [(TextSubject, [TextField])] = [(.event, [.title] + (summary == nil ? [] : [.summary]))]
        for story in stories { result.append((.story(story.id), [.headline] + (story.summary == nil ? [] : [.summary]))) }
        for asset in allAssets {
            var fields: [TextField] = [.title]
            if asset.caption != nil { fields.append(.caption) }
            if asset.synopsis != nil { fields.append(.synopsis) }
            fields += asset.shotlist.indices.map(TextField.shot)
            result.append((.asset(asset.id), fields))
        }
        return result
    }
}
