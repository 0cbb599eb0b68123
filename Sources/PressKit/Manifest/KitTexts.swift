import Catalogue
import StrictYAML

/// Picks each person-facing text of a kit in the kit's language, else in the event's own, and
/// remembers which texts fell back (the HTML page marks them with their own `lang`).
struct KitTexts {
    /// The language of the event's plain texts.
    let own: String
    /// The kit's language.
    let kit: String
    let translations: Translations
    /// Text key (`asset:ID.caption`) → the language the shown text is in, when it is not the kit's.
    private(set) var fallbacks: [String: String] = [:]

    /// The kit language's primary subtag (`fr` for `fr-BE`), tried when the catalogue has no text in the full tag.
    let primary: String?

    init(event: Event, language: String?) {
        own = event.textLanguage
        kit = language ?? own
        translations = event.translations
        let first = kit.split(separator: "-").first.map(String.init)
        primary = first == kit ? nil : first
    }

    /// Whether any text can differ from the catalogue's own: a kit in the event's language is the
    /// catalogue's text as it always was.
    var isTranslating: Bool { kit != own && primary != own }

    var translationOf: [String: String] { translations.translationOf }

    mutating func pick(_ text: String, _ subject: TextSubject, _ field: TextField) -> String {
        guard isTranslating else { return text }
        if let translated = translations.text(subject, field, in: kit) { return translated }
        if let primary, let translated = translations.text(subject, field, in: primary) { return translated }
        fallbacks[subject.key + "." + field.key] = own
        return text
    }

    mutating func pick(optional text: String?, _ subject: TextSubject, _ field: TextField) -> String? {
        guard let text else { return nil }
        return pick(text, subject, field)
    }

    /// `--all-languages`: each object of the kit gets the translations of its texts (every language
    /// given, the event's own included); objects without any get none.
    func addTranslations(_ event: Event, to manifest: inout Manifest) {
        func of(_ subject: TextSubject, _ texts: [(TextField, String?)]) -> [String: [String: String]]? {
            var result: [String: [String: String]] = [:]
            for case let (field, text?) in texts {
                guard let others = translations.texts[subject.key]?[field.key] else { continue }
                result[field.key] = others.merging([own: text]) { $1 }
            }
            return result.isEmpty ? nil : result
        }
        manifest.event.translations = of(.event, [(.title, event.title), (.summary, event.summary)])
        let stories = Dictionary(event.stories.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let assets = Dictionary(event.allAssets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func fill(_ groups: inout [KitAssetGroup]) {
            for g in groups.indices {
                for a in groups[g].assets.indices {
                    guard let asset = assets[groups[g].assets[a].id] else { continue }
                    let texts: [(TextField, String?)] = [(.title, asset.title), (.caption, asset.caption), (.synopsis, asset.synopsis)]
                        + asset.shotlist.enumerated().map { (TextField.shot($0.offset), $0.element.shot) }
                    groups[g].assets[a].translations = of(.asset(asset.id), texts)
                }
            }
        }
        fill(&manifest.eventAssets)
        for s in manifest.stories.indices {
            if let story = stories[manifest.stories[s].id] {
                manifest.stories[s].translations = of(.story(story.id), [(.headline, story.headline), (.summary, story.summary)])
            }
            fill(&manifest.stories[s].assets)
        }
    }
}

/// Language tags as the command line takes them.
public enum KitLanguage {
    /// Why `tag` is not a BCP 47 language tag, or nil when it is one.
    public static func problem(_ tag: String) -> String? { FieldRules.languageProblem(tag) }
}
