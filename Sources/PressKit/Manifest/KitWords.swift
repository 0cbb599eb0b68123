import Catalogue

/// The public kit's own words (headings, labels, buttons, months, units) in each language presskit
/// ships: one table per language, every label in every table (a test checks it). The catalogue's
/// texts are never here: they come translated from the catalogue or not at all.
///
/// Adding a language: a table below and its line in `tables`; the tests name any label it lacks.
public struct KitWords: Sendable {
    /// The BCP 47 tag the table is in.
    public let language: String
    let labels: [KitLabel: String]
    /// January to December, as a date is written in the middle of a sentence.
    let months: [String]
    /// Units of `ByteSize` as this language writes them, and its decimal mark.
    let byteUnits: [String: String]
    let decimalMark: String

    /// The label's words; a missing one (which the tests forbid) reads as its English.
    subscript(_ label: KitLabel) -> String { labels[label] ?? KitWords.english.labels[label] ?? label.rawValue }

    /// The table for a kit's language: its own, else its primary subtag's (`fr-BE` → `fr`), else English.
    public static func forLanguage(_ tag: String?) -> KitWords {
        guard let tag = tag?.lowercased() else { return english }
        let primary = tag.split(separator: "-").first.map(String.init) ?? tag
        return tables.first { $0.language == tag } ?? tables.first { $0.language == primary } ?? english
    }

    /// Every shipped table, English first.
    public static let tables = [english, french]
    public static var shippedLanguages: [String] { tables.map(\.language) }

    /// "19 November 2023"; in French "1er décembre 2023" for the first of a month.
    func day(_ date: CalendarDate) -> String { "\(dayNumber(date.day)) \(months[date.month - 1]) \(date.year)" }

    func dayNumber(_ day: Int) -> String { day == 1 && language == "fr" ? "1er" : "\(day)" }

    /// An event's days: "19–22 November 2023", "19–22 novembre 2023", "30 November – 2 December 2023".
    func humanDates(start: String, end: String?) -> String {
        guard let first = CalendarDate(iso: start) else { return KitWording.dates(start: start, end: end) }
        guard let end, let last = CalendarDate(iso: end), last > first else { return day(first) }
        if first.year != last.year { return "\(day(first)) – \(day(last))" }
        if first.month != last.month { return "\(dayNumber(first.day)) \(months[first.month - 1]) – \(day(last))" }
        return "\(dayNumber(first.day))–\(last.day) \(months[last.month - 1]) \(last.year)"
    }

    /// A story's date or a lift time: "20 November 2023, 09:00 UTC+01:00" in this language.
    func humanMoment(_ text: String) -> String {
        if let date = CalendarDate(iso: text) { return day(date) }
        guard case .success(let time) = ZonedDateTime.parse(text) else { return text }
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        var zone = "UTC"
        if !(time.isUTC || time.offsetMinutes == 0) {
            let magnitude = abs(time.offsetMinutes)
            zone += (time.offsetMinutes < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60)
        }
        return "\(day(time.date)), \(two(time.hour)):\(two(time.minute)) \(zone)"
    }

    /// "412 MB" → "412 Mo", "1.2 GB" → "1,2 Go": the figure and unit `ByteSize` wrote, in this language.
    func size(_ english: String) -> String {
        guard language != "en" else { return english }
        var parts = english.split(separator: " ").map(String.init)
        guard parts.count == 2 else { return english }
        parts[0] = parts[0].replacingOccurrences(of: ".", with: decimalMark)
        parts[1] = byteUnits[parts[1]] ?? parts[1]
        return parts.joined(separator: "\u{A0}")
    }

    func heading(_ kind: AssetKind) -> String {
        switch kind {
        case .bRoll: self[.headingBRoll]
        case .soundbite: self[.headingSoundbites]
        case .video: self[.headingVideos]
        case .transcript: self[.headingTranscripts]
        case .photo: self[.headingPhotos]
        case .audio: self[.headingAudio]
        case .document: self[.headingDocuments]
        case .webstory: self[.headingWebStories]
        }
    }

    func eventType(_ type: EventType) -> String {
        switch type {
        case .visit: self[.typeVisit]
        case .exercise: self[.typeExercise]
        case .summit: self[.typeSummit]
        case .meeting: self[.typeMeeting]
        case .statement: self[.typeStatement]
        case .conference: self[.typeConference]
        case .briefing: self[.typeBriefing]
        case .other: self[.typeOther]
        }
    }

    /// A label as the name of a Markdown fact, without the colon or space the HTML label ends in ("Credit:" → "Credit").
    func name(_ label: KitLabel) -> String {
        var text = self[label]
        while let last = text.last, last == ":" || last == " " || last == "\u{A0}" { text.removeLast() }
        return text
    }

    /// "**Credit:**" in English, "**Crédit :**" in French.
    func fact(_ label: KitLabel) -> String { "**\(name(label))\(self[.colon])**" }

    /// A language's name in itself, for the language switcher and grouped translations ("français").
    public static func nativeName(_ tag: String) -> String {
        let primary = tag.lowercased().split(separator: "-").first.map(String.init) ?? tag
        return nativeNames[primary] ?? tag
    }

    static let nativeNames = [
        "en": "English", "fr": "français", "ar": "العربية", "ru": "русский", "uk": "українська",
        "de": "Deutsch", "es": "español", "it": "italiano", "pl": "polski", "sr": "srpski", "sq": "shqip",
        "mk": "македонски", "bs": "bosanski", "hr": "hrvatski", "me": "crnogorski", "ro": "română",
        "tr": "Türkçe", "nl": "Nederlands", "pt": "português", "ko": "한국어", "ja": "日本語", "zh": "中文",
    ]
}

/// Every word of its own the public kit and the site's index write.
public enum KitLabel: String, CaseIterable, Sendable {
    case pageTitlePrefix, pressKit, eventMaterial, kitAsOf, pageFooter
    case pressContacts, comingLater, moreMaterialFrom, item, items, creditAndRights, credit, rights
    case readStoryOnline, people, speakers, synopsis, shotList, time, shot, language, page, pages
    case filmed, notAWebLink, webPage, plainText, open, download, downloadAll, original
    case headingBRoll, headingSoundbites, headingVideos, headingTranscripts, headingPhotos, headingAudio
    case headingDocuments, headingWebStories
    case typeVisit, typeExercise, typeSummit, typeMeeting, typeStatement, typeConference, typeBriefing, typeOther
    case pressKits, pressOffice, event, events, subscribe, atomFeed, jsonFeed, asOf, indexFooter, live, upcoming
    case languages
    // Markdown kits' facts ("**Type:** Visit"), their names without the colon (`colon` adds it).
    case colon, type, dates, places, assets, moreAsset, moreAssetsPlural, eventWideAssets, date, place, webStory, about
    case caption, embargoLifted, location, timecode, markdownFooter, forEvent, asOfInline, generatedBy, filmedFact
}

extension KitWords {
    static let english = KitWords(language: "en", labels: [
        .pageTitlePrefix: "Press kit: ", .pressKit: "Press kit", .eventMaterial: "Event material", .kitAsOf: "Kit as of ",
        .pageFooter: "Generated by presskit. This page has no scripts and loads nothing but images.",
        .pressContacts: "Press contacts", .comingLater: "Coming later", .moreMaterialFrom: "More material from ",
        .item: "item", .items: "items", .creditAndRights: "Credit and rights", .credit: "Credit:", .rights: "Rights:",
        .readStoryOnline: "Read the story online", .people: "People:", .speakers: "Speakers:", .synopsis: "Synopsis",
        .shotList: "Shot list", .time: "Time", .shot: "Shot", .language: "Language: ", .page: "page", .pages: "pages",
        .filmed: "Filmed ", .notAWebLink: "Not a web link: ", .webPage: "Web page", .plainText: "Text",
        .open: "Open", .download: "Download", .downloadAll: "Download all", .original: "Original: ",
        .headingBRoll: "B-roll", .headingSoundbites: "Soundbites", .headingVideos: "Videos",
        .headingTranscripts: "Transcripts", .headingPhotos: "Photos", .headingAudio: "Audio",
        .headingDocuments: "Documents", .headingWebStories: "Web stories",
        .typeVisit: "Visit", .typeExercise: "Exercise", .typeSummit: "Summit", .typeMeeting: "Meeting",
        .typeStatement: "Statement", .typeConference: "Conference", .typeBriefing: "Briefing", .typeOther: "Other",
        .pressKits: "Press kits", .pressOffice: "Press office", .event: "event", .events: "events",
        .subscribe: "Subscribe: ", .atomFeed: "Atom feed", .jsonFeed: "JSON Feed", .asOf: "As of ",
        .indexFooter: "Generated by presskit. This page has no scripts.", .live: "Live", .upcoming: "Upcoming",
        .languages: "Languages",
        .colon: ":", .type: "Type", .dates: "Dates", .places: "Places", .assets: "Assets", .moreAsset: "more asset",
        .moreAssetsPlural: "more assets", .forEvent: "for", .asOfInline: "as of", .filmedFact: "Filmed",
        .eventWideAssets: "Event-wide assets", .date: "Date", .place: "Place", .webStory: "Web story", .about: "About",
        .caption: "Caption", .embargoLifted: "Embargo lifted", .location: "Location", .timecode: "Timecode",
        .markdownFooter: "Press kit", .generatedBy: "Generated by presskit.",
    ], months: ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"],
       byteUnits: [:], decimalMark: ".")

    static let french = KitWords(language: "fr", labels: [
        .pageTitlePrefix: "Dossier de presse : ", .pressKit: "Dossier de presse", .eventMaterial: "Matériel de l’événement",
        .kitAsOf: "Dossier à jour au ",
        .pageFooter: "Généré par presskit. Cette page n’a aucun script et ne charge que des images.",
        .pressContacts: "Contacts presse", .comingLater: "À venir", .moreMaterialFrom: "D’autres éléments à partir du ",
        .item: "élément", .items: "éléments", .creditAndRights: "Crédit et droits", .credit: "Crédit :", .rights: "Droits :",
        .readStoryOnline: "Lire l’article en ligne", .people: "Personnes :", .speakers: "Intervenants :",
        .synopsis: "Synopsis", .shotList: "Liste des plans", .time: "Temps", .shot: "Plan", .language: "Langue : ",
        .page: "page", .pages: "pages", .filmed: "Filmé le ", .notAWebLink: "Pas un lien web : ", .webPage: "Page web",
        .plainText: "Texte", .open: "Ouvrir", .download: "Télécharger", .downloadAll: "Tout télécharger",
        .original: "Original : ",
        .headingBRoll: "Images d’illustration", .headingSoundbites: "Extraits sonores", .headingVideos: "Vidéos",
        .headingTranscripts: "Transcriptions", .headingPhotos: "Photos", .headingAudio: "Audio",
        .headingDocuments: "Documents", .headingWebStories: "Articles web",
        .typeVisit: "Visite", .typeExercise: "Exercice", .typeSummit: "Sommet", .typeMeeting: "Réunion",
        .typeStatement: "Déclaration", .typeConference: "Conférence", .typeBriefing: "Point de presse", .typeOther: "Autre",
        .pressKits: "Dossiers de presse", .pressOffice: "Service de presse", .event: "événement", .events: "événements",
        .subscribe: "S’abonner : ", .atomFeed: "Flux Atom", .jsonFeed: "JSON Feed", .asOf: "À jour au ",
        .indexFooter: "Généré par presskit. Cette page n’a aucun script.", .live: "En cours", .upcoming: "À venir",
        .languages: "Langues",
        .colon: "\u{A0}:", .type: "Type", .dates: "Dates", .places: "Lieux", .assets: "Éléments", .moreAsset: "autre élément",
        .moreAssetsPlural: "autres éléments", .forEvent: "pour", .asOfInline: "à jour au", .filmedFact: "Tournage",
        .eventWideAssets: "Éléments de l’événement", .date: "Date", .place: "Lieu", .webStory: "Article web", .about: "Fichier",
        .caption: "Légende", .embargoLifted: "Embargo levé", .location: "Lieu de tournage", .timecode: "Code temporel",
        .markdownFooter: "Dossier de presse", .generatedBy: "Généré par presskit.",
    ], months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                "octobre", "novembre", "décembre"],
       byteUnits: ["B": "o", "KB": "ko", "MB": "Mo", "GB": "Go", "TB": "To", "bytes": "octets"], decimalMark: ",")
}

extension HTMLPage {
    /// `dir` and `lang` of an element holding a catalogue text: `dir="auto"` as always, and in a kit
    /// asked for in a language, `lang` on a text shown in another language than the page's (a
    /// fallback) and `dir="rtl"` on a text in a right-to-left language (`dir="ltr"` on a
    /// left-to-right text in a right-to-left page): `auto` would guess from the first strong letter,
    /// which a Latin name or markup at the start of an Arabic text gets wrong.
    func textDirection(_ subject: TextSubject, _ field: TextField) -> String {
        let fallback = fallbacks.isEmpty ? nil : fallbacks[subject.key + "." + field.key]
        // In a page whose body is in the words' language (no table for the kit's), a text in the kit's
        // language says so too.
        let shownLanguage = fallback ?? (isLocalized && wordsDiffer ? language : nil)
        let languageAttribute = shownLanguage.map { " lang=\"\(HTMLEscaping.text($0))\"" } ?? ""
        guard isLocalized else { return "dir=\"auto\"" + languageAttribute }
        let textLanguage = fallback ?? language
        if KitWords.isRightToLeft(textLanguage) { return "dir=\"rtl\"" + languageAttribute }
        return (KitWords.isRightToLeft(language) ? "dir=\"ltr\"" : "dir=\"auto\"") + languageAttribute
    }
}

extension KitWords {
    /// Scripts written right to left, by primary language subtag (and Arab script by its subtag).
    static func isRightToLeft(_ tag: String) -> Bool {
        let subtags = tag.lowercased().split(separator: "-")
        guard let primary = subtags.first else { return false }
        if subtags.contains("arab") || subtags.contains("hebr") { return true }
        if subtags.contains("latn") || subtags.contains("cyrl") { return false }
        return ["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "syr"].contains(String(primary))
    }
}

/// The links between the editions of a site in several languages: the switcher every page shows,
/// and the `hreflang` alternates of its head (each edition lives in `DIR/<tag>/`).
struct LanguageEditions: Sendable {
    var current: String
    var languages: [String]
    /// The policy's `site_url` of the whole site (not of the edition), ending in `/`.
    var siteURL: String?

    /// `../fr/file.html`, or absolute under `site_url`.
    func href(_ tag: String, file: String) -> String {
        (siteURL.map { $0 + tag + "/" } ?? "../\(tag)/") + file
    }

    /// `<nav>` with one link per other language, each named in its own language.
    func switcher(file: String, words: KitWords) -> String {
        // A line in the page's existing style (the eyebrow's), so the style sheet every golden page
        // shares stays as it is.
        let items = languages.map { tag in
            let name = HTMLEscaping.text(KitWords.nativeName(tag))
            let code = HTMLEscaping.text(tag)
            return tag == current
                ? "<span aria-current=\"page\" lang=\"\(code)\">\(name)</span>"
                : "<a href=\"\(HTMLEscaping.text(href(tag, file: file)))\" hreflang=\"\(code)\" lang=\"\(code)\">\(name)</a>"
        }
        return "<nav class=\"languages\" aria-label=\"\(words[.languages])\"><p class=\"eyebrow\">" + items.joined(separator: " · ") + "</p></nav>\n"
    }

    /// `<link rel="alternate" hreflang>` for every edition, this one included (as search engines ask).
    func alternates(file: String) -> String {
        languages.map { "<link rel=\"alternate\" hreflang=\"\(HTMLEscaping.text($0))\" href=\"\(HTMLEscaping.text(href($0, file: file)))\">\n" }.joined()
    }
}
