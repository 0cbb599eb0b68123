import Catalogue

/// The public front page of a press site: one card per event, in the order given (`PressSite` puts
/// upcoming and live events first, then the most recent), each with its dates, places and a photo.
struct PublicSiteIndex {
    struct Card {
        var title: String
        /// The kit's file beside the index.
        var file: String
        var start: String
        var end: String?
        var places: [String]
        var summary: String?
        var image: String?
        /// "Upcoming" or "Live" for events not over at the site's moment.
        var status: String?
        /// The title's language when it fell back to the event's (a site in several languages).
        var titleLanguage: String?

        init(entry: SiteIndex.Entry) {
            title = entry.title
            file = entry.file
            start = entry.start
            end = entry.end
            places = []
        }

        init(manifest: Manifest, file: String, status: String?) {
            title = manifest.event.title
            self.file = file
            start = manifest.event.start
            end = manifest.event.end
            places = manifest.event.places
            summary = manifest.event.summary
            image = PublicKitFacts(manifest).image
            self.status = status
            titleLanguage = manifest.fallbackLanguage(.event, .title)
        }
    }

    var kits: [Card]
    var asOf: String?
    /// The edition's language in a site of several; nil: the site as it was before languages.
    var language: String?
    var editions: LanguageEditions?

    func render(siteURL: String?) -> String {
        let words = KitWords.forLanguage(language)
        let count = "\(kits.count) \(words[kits.count == 1 ? .event : .events])"
        var head = "<meta name=\"description\" content=\"\(words[.pressKits]): \(count)\">\n"
        let feedBase = siteURL ?? ""
        if let siteURL { head += "<link rel=\"canonical\" href=\"\(HTMLEscaping.text(siteURL))\">\n" }
        head += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Press kits (Atom)\" href=\"\(HTMLEscaping.text(feedBase + "feed.xml"))\">\n"
        head += "<link rel=\"alternate\" type=\"application/feed+json\" title=\"Press kits (JSON Feed)\" href=\"\(HTMLEscaping.text(feedBase + "feed.json"))\">\n"
        if let editions { head += editions.alternates(file: "index.html") }
        var page = HTMLPage()
        page.words = words
        page.language = language ?? "en"
        page.open(title: words[.pressKits], head: head, style: PublicHTMLRenderer.style)
        page.raw("<header>\n\(editions?.switcher(file: "index.html", words: words) ?? "")<p class=\"eyebrow\">\(words[.pressOffice])</p>\n<h1>\(words[.pressKits])</h1>\n<p>")
        page.raw("\(count). \(words[.subscribe])")
        page.raw("<a href=\"\(HTMLEscaping.text(feedBase + "feed.xml"))\">\(words[.atomFeed])</a> · ")
        page.raw("<a href=\"\(HTMLEscaping.text(feedBase + "feed.json"))\">\(words[.jsonFeed])</a></p>\n</header>\n<main>\n<ul class=\"events\">\n")
        for (number, card) in kits.enumerated() { page.card(card, number: number + 1) }
        page.raw("</ul>\n</main>\n<footer>\n<p>")
        if let asOf {
            page.raw(words[.asOf])
            page.time(asOf, text: words.humanMoment(asOf))
            page.raw(". ")
        }
        page.raw(words[.indexFooter] + "</p>\n</footer>\n</body>\n</html>\n")
        return page.text
    }
}

extension HTMLPage {
    /// ` lang="…"` on a card's text that fell back to its event's language, else nothing.
    fileprivate static func lang(_ tag: String?) -> String {
        tag.map { " lang=\"\(HTMLEscaping.text($0))\"" } ?? ""
    }

    fileprivate mutating func card(_ card: PublicSiteIndex.Card, number: Int) {
        raw("<li class=\"event\">\n")
        if let image = card.image {
            raw("<img class=\"poster\" src=\"\(HTMLEscaping.text(image))\" loading=\"lazy\" alt=\"\">\n")
        } else {
            placeholder(.photo)
        }
        raw("<div class=\"body\">\n<h2 id=\"event-\(number)\" dir=\"auto\"\(Self.lang(card.titleLanguage))>")
        if let href = WebLink.relativeFile(card.file) {
            raw("<a href=\"\(HTMLEscaping.text(href))\">")
            put(card.title)
            raw("</a>")
        } else {
            put(card.title)
        }
        raw("</h2>\n<p>")
        if let status = card.status {
            badge(status == PressSite.Status.live.rawValue ? words[.live] : status == PressSite.Status.upcoming.rawValue ? words[.upcoming] : status, tone: .good)
            raw(" ")
        }
        time(card.start, text: words.humanDates(start: card.start, end: card.end))
        raw("</p>\n")
        if !card.places.isEmpty {
            raw("<p>")
            list(card.places, separator: "; ")
            raw("</p>\n")
        }
        raw("</div>\n</li>\n")
    }
}
