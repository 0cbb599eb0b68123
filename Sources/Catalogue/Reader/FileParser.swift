import StrictYAML
import Foundation

/// The catalogue rules for one file: structure, required keys, value formats. Cross-file rules
/// (duplicate ids) run in `CatalogueReader` over the `ids` each file reports.
struct FileParser {
    let source: CatalogueSource
    private var path: String { source.path }

    struct Result {
        var event: Event?
        var ids: [CatalogueReader.IDSite] = []
        var diagnostics: [Diagnostic] = []
        /// `CatalogueReader.digest` of the file, taken where it was parsed when it holds an event.
        var digest = ""
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
        return event
    }

    private func readEvent(_ node: YAMLNode, into result: inout Result) -> Event? {
        guard let map = MappingReader(node, what: "event", path: path, diagnostics: &result.diagnostics) else { return nil }
        var d: [Diagnostic] = []
        defer { result.diagnostics += d }
        let id = slug(map, "id", kind: .event, into: &result)
        let title = map.text("title", required: true, into: &d)
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
        let summary = map.text("summary", into: &d)
        let contacts = map.list("contacts", into: &d).compactMap { Contact.read($0, path: path, into: &d) }
        let tags = map.texts("tags", into: &d)
        map.reportUnknownKeys(known: CatalogueReader.eventKeys, into: &d)
        guard let id, let title, let type, let start else { return nil }
        return Event(id: id, title: title, type: type, start: start, end: end, places: places,
                     summary: summary, contacts: contacts, tags: tags)
    }

    private func readStory(_ node: YAMLNode, into result: inout Result) -> Story? {
        guard let map = MappingReader(node, what: "story", path: path, diagnostics: &result.diagnostics) else { return nil }
        let id = slug(map, "id", kind: .story, into: &result)
        let what = id.map { "story '\($0)'" } ?? "story"
        var d: [Diagnostic] = []
        let named = MappingReader(node, what: what, path: path, diagnostics: &d)!
        let headline = named.text("headline", required: true, into: &d)
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
                          place: named.text("place", into: &d), summary: named.text("summary", into: &d),
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
        let title = map.text("title", required: true, into: &d)
        let link = url(map, "url", required: true, into: &d)
        let language = map.text("language", into: &d)
        if let language, let problem = FieldRules.languageProblem(language) {
            d.append(map.diagnostic(at: map.node("language"), problem))
        }
        let contentType = map.text("content_type", into: &d)
        if let contentType, let problem = FieldRules.contentTypeProblem(contentType) {
            d.append(map.diagnostic(at: map.node("content_type"), problem))
        }
        let shotlist = map.list("shotlist", into: &d).compactMap { readShot($0, into: &d) }
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
            asset.setText(map.text(field.rawValue, into: &d), for: field)
        }
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
        return asset
    }

    private func readShot(_ node: YAMLNode, into d: inout [Diagnostic]) -> Shot? {
        guard let map = MappingReader(node, what: "shotlist entry", path: path, diagnostics: &d) else { return nil }
        let at = map.text("at", required: true, into: &d)
        if let at, let problem = FieldRules.timecodeProblem(at) {
            d.append(map.diagnostic(at: map.node("at"), problem))
        }
        let shot = map.text("shot", required: true, into: &d)
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
