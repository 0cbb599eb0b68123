import StrictYAML
import Foundation

/// The catalogue rules for one file: structure, required keys, value formats. Cross-file rules
/// (duplicate ids) run in `CatalogueReader` over the `ids` each file reports.
struct FileParser {
    let source: CatalogueSource
    /// The policy's `default_language`: the language of plain-string texts in events without `language`.
    var defaultLanguage = "en"
    private var path: String { source.path }

    struct Result {
        var event: Event?
        var ids: [CatalogueReader.IDSite] = []
        var diagnostics: [Diagnostic] = []
        /// `CatalogueReader.digest` of the file, taken where it was parsed when it holds an event.
        var digest = ""
        /// The language of the event's plain-string texts, known once the event is read.
        var language = "en"
        var translations = Translations()
        /// Each `translation_of` as written, checked once every asset of the file is known.
        var translationLinks: [(asset: String, target: String, at: Position)] = []
    }

    func parse() -> Result {
        var result = Result()
        guard let root = YAMLText.parse(path: path, data: source.data, into: &result.diagnostics) else {
            return result
        }
        result.event = readFile(root, into: &result)
        if result.diagnostics.hasErrors { result.event = nil }
        return result
    }

    private func readFile(_ root: YAMLNode, into result: inout Result) -> Event? {
        guard let top = MappingReader(root, what: "the file", path: path, diagnostics: &result.diagnostics) else {
            return nil
        }
        if !top.has("event") {
            let looksFlat = CatalogueReader.eventKeys.contains(where: top.has)
            result.diagnostics.append(top.diagnostic(at: nil, looksFlat
                ? "the event's fields must sit under an 'event:' key (see Catalog/README.md)"
                : "missing required key 'event'; a catalogue file describes one event (see Catalog/README.md)"))
        }
        for key in ["id", "title", "type", "start"] where top.has(key) {
            // Reported here rather than as "unknown key" because the fix is different.
            result.diagnostics.append(top.diagnostic(at: top.node(key), "'\(key)' belongs under 'event:', not at the top of the file"))
        }
        top.reportUnknownKeys(known: CatalogueReader.topKeys + ["id", "title", "type", "start"], into: &result.diagnostics)

        var event = top.node("event").flatMap { readEvent($0, into: &result) }
        let ownerID = event?.id ?? "event"
        let eventAssets = top.list("assets", into: &result.diagnostics).compactMap {
            readAsset($0, owner: ownerID, into: &result)
        }
        let stories = top.list("stories", into: &result.diagnostics).compactMap { readStory($0, into: &result) }
        event?.assets = eventAssets
        event?.stories = stories
        checkTranslationLinks(assets: eventAssets + stories.flatMap(\.assets), into: &result)
        event?.translations = result.translations
        return event
    }

    private func readEvent(_ node: YAMLNode, into result: inout Result) -> Event? {
        guard let map = MappingReader(node, what: "event", path: path, diagnostics: &result.diagnostics) else { return nil }
        var d: [Diagnostic] = []
        defer { result.diagnostics += d }
        let id = slug(map, "id", kind: .event, into: &result)
        var language = map.text("language", into: &d)
        if let tag = language, let problem = FieldRules.languageProblem(tag) {
            d.append(map.diagnostic(at: map.node("language"), problem))
            language = nil // reported once; the texts are checked against the default
        }
        result.language = language ?? defaultLanguage
        let title = localized(map, "title", .event, .title, required: true, into: &result, &d)
        var type: EventType?
        if let raw = map.text("type", required: true, into: &d) {
            type = EventType(rawValue: raw.lowercased())
            if type == nil {
                let names = EventType.allCases.map(\.rawValue)
                d.append(map.diagnostic(at: map.node("type"), "unknown event type '\(raw)'\(Suggestions.didYouMeanOrOneOf(raw, in: names))"))
            }
        }
        let start = map.calendarDate("start", required: true, into: &d)
        let end = map.calendarDate("end", into: &d)
        if let start, let end, end < start {
            d.append(map.diagnostic(at: map.node("end"), "event ends (\(end)) before it starts (\(start))"))
        }
        let places = map.texts("places", into: &d)
        let summary = localized(map, "summary", .event, .summary, into: &result, &d)
        let contacts = map.list("contacts", into: &d).compactMap { Contact.read($0, path: path, into: &d) }
        let tags = map.texts("tags", into: &d)
        map.reportUnknownKeys(known: CatalogueReader.eventKeys, into: &d)
        guard let id, let title, let type, let start else { return nil }
        // Stored only when it says something: events of a default-`en` catalogue stay as they were.
        let stored = language ?? (defaultLanguage == "en" ? nil : defaultLanguage)
        return Event(id: id, title: title, type: type, start: start, end: end, places: places,
                     summary: summary, contacts: contacts, tags: tags, language: stored)
    }

    private func readStory(_ node: YAMLNode, into result: inout Result) -> Story? {
        guard let map = MappingReader(node, what: "story", path: path, diagnostics: &result.diagnostics) else { return nil }
        let id = slug(map, "id", kind: .story, into: &result)
        let what = id.map { "story '\($0)'" } ?? "story"
        var d: [Diagnostic] = []
        let named = MappingReader(node, what: what, path: path, diagnostics: &d)!
        let subject = TextSubject.story(id ?? "")
        let headline = localized(named, "headline", subject, .headline, required: true, into: &result, &d)
        var date: StoryDate?
        if let text = named.text("date", required: true, into: &d) {
            if let day = CalendarDate(iso: text) {
                date = .day(day)
            } else if case .success(let moment) = ZonedDateTime.parse(text) {
                date = .moment(moment)
            } else if CalendarDate.looksLikeDate(text) {
                d.append(named.diagnostic(at: named.node("date"), "'\(text)' is not a real date (date of \(what))"))
            } else if case .failure(let failure) = ZonedDateTime.parse(text) {
                let message = failure == .malformed
                    ? "'date' of \(what) must be YYYY-MM-DD or a date-time with zone, found '\(text.prefix(40))'"
                    : MappingReader.message(for: failure, text: text, key: "date", what: what)
                d.append(named.diagnostic(at: named.node("date"), message))
            }
        }
        let webstory = url(named, "webstory", required: false, into: &d)
        let story = Story(id: id ?? "", headline: headline ?? "", date: date ?? .day(CalendarDate(year: 2000, month: 1, day: 1)!),
                          place: named.text("place", into: &d),
                          summary: localized(named, "summary", subject, .summary, into: &result, &d),
                          people: named.texts("people", into: &d), webstory: webstory,
                          tags: named.texts("tags", into: &d))
        named.reportUnknownKeys(known: CatalogueReader.storyKeys, into: &d)
        result.diagnostics += d
        let assets = named.list("assets", into: &result.diagnostics).compactMap {
            readAsset($0, owner: id ?? "story", into: &result)
        }
        guard id != nil, headline != nil, date != nil else { return nil }
        var complete = story
        complete.assets = assets
        return complete
    }

    private func readAsset(_ node: YAMLNode, owner: String, into result: inout Result) -> Asset? {
        guard let map = MappingReader(node, what: "asset", path: path, diagnostics: &result.diagnostics) else { return nil }
        var d: [Diagnostic] = []
        defer { result.diagnostics += d }
        var kind: AssetKind?
        if let raw = map.text("kind", required: true, into: &d) {
            kind = AssetKind(rawValue: raw.lowercased())
            if kind == nil {
                let names = AssetKind.allCases.map(\.rawValue)
                d.append(map.diagnostic(at: map.node("kind"), "unknown asset kind '\(raw)'\(Suggestions.didYouMeanOrOneOf(raw, in: names))"))
            }
        }
        // Texts in other languages are kept aside until the asset's id is known.
        var texts = Result()
        texts.language = result.language
        let title = localized(map, "title", .asset(""), .title, required: true, into: &texts, &d)
        let link = url(map, "url", required: true, into: &d)
        let language = map.text("language", into: &d)
        if let language, let problem = FieldRules.languageProblem(language) {
            d.append(map.diagnostic(at: map.node("language"), problem))
        }
        let contentType = map.text("content_type", into: &d)
        if let contentType, let problem = FieldRules.contentTypeProblem(contentType) {
            d.append(map.diagnostic(at: map.node("content_type"), problem))
        }
        let shotlist = map.list("shotlist", into: &d).enumerated().compactMap { readShot($0.element, index: $0.offset, texts: &texts, into: &d) }
        let speakers = map.list("speakers", into: &d).compactMap { readSpeaker($0, into: &d) }
        if let kind, !kind.isAudiovisual {
            for key in AssetField.allCases.filter(\.isBroadcast).map(\.rawValue) where map.has(key) {
                d.append(map.diagnostic(at: map.node(key), "'\(key)' is a broadcast field for b-roll, soundbite, video and audio assets; it is ignored on a \(kind.rawValue)", severity: .warning))
            }
        }
        var asset = Asset(
            id: "", kind: kind ?? .document, title: title ?? "", url: link ?? "", language: language,
            embargo: map.zonedDateTime("embargo", into: &d), contentType: contentType,
            filmed: map.calendarDate("filmed", into: &d), shotlist: shotlist, speakers: speakers)
        for field in AssetField.allCases where field.isPlainText {
            switch field {
            case .caption: asset.caption = localized(map, "caption", .asset(""), .caption, into: &texts, &d)
            case .synopsis: asset.synopsis = localized(map, "synopsis", .asset(""), .synopsis, into: &texts, &d)
            default: asset.setText(map.text(field.rawValue, into: &d), for: field)
            }
        }
        let translationOf = map.text("translation_of", into: &d)
        asset.thumbnail = url(map, "thumbnail", required: false, into: &d)
        map.reportUnknownKeys(known: CatalogueReader.assetKeys, into: &d)
        if let kind, !kind.isAudiovisual { // warned about above: a photo has no shot list
            AssetField.allCases.filter(\.isBroadcast).forEach { asset.remove($0) }
        }
        if map.has("id") {
            guard let id = slug(map, "id", kind: .asset, into: &result) else { return nil }
            asset.id = id
        } else if let kind, let link {
            asset.id = Identifier.derivedAssetID(owner: owner, kind: kind, url: link)
            result.ids.append(.init(kind: .asset, id: asset.id, path: path, mark: map.mark))
        }
        guard kind != nil, title != nil, link != nil else { return nil }
        if let own = texts.translations.texts[TextSubject.asset("").key] {
            result.translations.texts[TextSubject.asset(asset.id).key] = own
        }
        if let translationOf { result.translationLinks.append((asset.id, translationOf, map.position(of: "translation_of"))) }
        return asset
    }

    private func readShot(_ node: YAMLNode, index: Int, texts: inout Result, into d: inout [Diagnostic]) -> Shot? {
        guard let map = MappingReader(node, what: "shotlist entry", path: path, diagnostics: &d) else { return nil }
        let at = map.text("at", required: true, into: &d)
        if let at, let problem = FieldRules.timecodeProblem(at) {
            d.append(map.diagnostic(at: map.node("at"), problem))
        }
        let shot = localized(map, "shot", .asset(""), .shot(index), required: true, into: &texts, &d)
        map.reportUnknownKeys(known: ["at", "shot"], into: &d)
        guard let at, let shot else { return nil }
        return Shot(at: at, shot: shot)
    }

    private func readSpeaker(_ node: YAMLNode, into d: inout [Diagnostic]) -> Speaker? {
        guard let map = MappingReader(node, what: "speaker", path: path, diagnostics: &d) else { return nil }
        let name = map.text("name", required: true, into: &d)
        let language = map.text("language", into: &d)
        if let language, let problem = FieldRules.languageProblem(language) {
            d.append(map.diagnostic(at: map.node("language"), problem))
        }
        map.reportUnknownKeys(known: ["name", "language"], into: &d)
        return name.map { Speaker(name: $0, language: language) }
    }

    /// A person-facing text: one string in the event's language, or a mapping of BCP 47 tags to
    /// strings that must include the event's language (returned; the others go to `translations`).
    private func localized(_ map: MappingReader, _ key: String, _ subject: TextSubject, _ field: TextField,
                           required: Bool = false, into result: inout Result, _ d: inout [Diagnostic]) -> String? {
        guard case .mapping(let entries, _)? = map.node(key) else { return map.text(key, required: required, into: &d) }
        let node = map.node(key)!
        var own: String?
        var seen = Set<String>()
        for (tagNode, textNode) in entries {
            guard let tag = tagNode.text?.trimmedWhitespace, !tag.isEmpty else {
                d.append(map.diagnostic(at: tagNode, "'\(key)' of \(map.what): each key must be a language tag such as en or fr"))
                continue
            }
            if let problem = FieldRules.languageProblem(tag) {
                d.append(map.diagnostic(at: tagNode, "'\(key)' of \(map.what): \(problem)"))
                continue
            }
            guard seen.insert(tag).inserted else { continue }
            guard case .scalar(let raw, _, _) = textNode, !textNode.isNull else {
                d.append(map.diagnostic(at: textNode, "'\(key)' of \(map.what) in '\(tag)' must be text, found \(MappingReader.describe(textNode))"))
                continue
            }
            let text = raw.trimmedWhitespace
            if text.isEmpty {
                d.append(map.diagnostic(at: textNode, "'\(key)' of \(map.what) in '\(tag)' must not be empty"))
                continue
            }
            if tag == result.language { own = text } else { result.translations.set(text, subject, field, in: tag) }
        }
        if own == nil && !seen.isEmpty {
            d.append(map.diagnostic(at: node, "'\(key)' of \(map.what) has no text in '\(result.language)', the event's language; add '\(result.language): …' or set the event's 'language'"))
        }
        return own
    }

    /// Each `translation_of` names another asset of the same event, and no chain of them comes back
    /// to where it started.
    private func checkTranslationLinks(assets: [Asset], into result: inout Result) {
        let ids = Set(assets.map(\.id))
        var links: [String: String] = [:]
        let diagnostic = { (at: Position, message: String) in
            Diagnostic(path: path, line: at.line, column: at.column, message: message)
        }
        for link in result.translationLinks {
            if link.target == link.asset {
                result.diagnostics.append(diagnostic(link.at, "'translation_of' of asset '\(link.asset)' names the asset itself"))
            } else if !ids.contains(link.target) {
                let hint = Suggestions.didYouMean(link.target, in: ids.sorted())
                result.diagnostics.append(diagnostic(link.at, "'translation_of' names '\(link.target.prefix(60))', which is no asset of this event\(hint)"))
            } else {
                links[link.asset] = link.target
            }
        }
        for link in result.translationLinks where links[link.asset] != nil {
            var seen: Set<String> = [link.asset]
            var next = links[link.asset]
            while let current = next {
                if !seen.insert(current).inserted {
                    result.diagnostics.append(diagnostic(link.at, "'translation_of' of asset '\(link.asset)' goes round in a circle; one asset of the chain must be the original"))
                    links[link.asset] = nil
                    break
                }
                next = links[current]
            }
        }
        result.translations.translationOf = links
    }

    /// An id field: required for events and stories, optional for assets; a slug; its site recorded.
    private func slug(_ map: MappingReader, _ key: String, kind: CatalogueReader.IDSite.Kind, into result: inout Result) -> String? {
        guard let id = map.text(key, required: kind != .asset, into: &result.diagnostics) else { return nil }
        guard Identifier.isValidSlug(id) else {
            result.diagnostics.append(map.diagnostic(at: map.node(key), "\(kind.rawValue) id '\(id.prefix(60))' is not a slug: use lowercase letters, digits and single '-', '_' or '.' between them (at most \(Identifier.maximumLength) characters)"))
            return nil
        }
        result.ids.append(.init(kind: kind, id: id, path: path, mark: map.position(of: key)))
        return id
    }

    private func url(_ map: MappingReader, _ key: String, required: Bool, into d: inout [Diagnostic]) -> String? {
        guard let text = map.text(key, required: required, into: &d) else { return nil }
        if let problem = FieldRules.urlProblem(text) {
            d.append(map.diagnostic(at: map.node(key), "'\(key)' of \(map.what): \(problem)"))
            return nil
        }
        return text
    }
}
