import Catalogue

/// A press site's kits as feeds: Atom (RFC 4287) and JSON Feed 1.1 (https://jsonfeed.org/version/1.1),
/// and its pages as a sitemap (https://www.sitemaps.org/protocol.html).
///
/// Deterministic: an entry's `updated` is its event's last day at 00:00 UTC (no clock), ids are the
/// kit's absolute URL with `site_url`, else `urn:presskit:event:<id>`. Links are absolute with
/// `site_url`, else relative to the feed (Atom resolves them against the feed's own address).
struct SiteFeed {
    static let atomFile = "feed.xml"
    static let jsonFile = "feed.json"
    static let sitemapFile = "sitemap.xml"

    var kits: [Manifest]
    var siteURL: String?
    /// The edition's language in a site of several: the feed says it (Atom `xml:lang`, JSON Feed
    /// `language`) and takes its title from that language's words. Nil: the feed as it always was.
    var language: String? = nil

    struct Entry {
        var id: String
        var link: String
        var title: String
        var updated: String
        var summary: String
        var image: String?
    }

    var entries: [Entry] {
        kits.map { kit in
            let file = WebLink.relativeFile("\(kit.event.id).html") ?? "index.html"
            let link = (siteURL ?? "") + file
            let day = kit.event.end ?? kit.event.start
            return Entry(id: siteURL.map { $0 + file } ?? NinjsURI.urn("event", kit.event.id), link: link,
                         title: kit.event.title, updated: (CalendarDate(iso: day).map { "\($0)" } ?? "1970-01-01") + "T00:00:00Z",
                         summary: PublicHTMLRenderer.description(kit), image: PublicKitFacts(kit).image)
        }
    }

    /// The newest entry's moment; the epoch for an empty site (Atom requires `updated`).
    private func latest(_ entries: [Entry]) -> String { entries.map(\.updated).max() ?? "1970-01-01T00:00:00Z" }

    func atom() -> String {
        let entries = entries
        let x = XMLEscaping.text
        let words = KitWords.forLanguage(language)
        let lang = language.map { " xml:lang=\"\(x($0))\"" } ?? ""
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"\(lang)>\n"
        text += "<id>\(x(siteURL ?? "urn:presskit:site"))</id>\n<title>\(x(words[.pressKits]))</title>\n<updated>\(latest(entries))</updated>\n"
        text += "<author><name>\(x(words[.pressOffice]))</name></author>\n"
        text += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(x((siteURL ?? "") + Self.atomFile))\"/>\n"
        text += "<link rel=\"alternate\" type=\"text/html\" href=\"\(x(siteURL ?? "index.html"))\"/>\n"
        text += "<generator>presskit</generator>\n"
        for entry in entries {
            text += "<entry>\n<id>\(x(entry.id))</id>\n<title>\(x(entry.title))</title>\n<updated>\(entry.updated)</updated>\n"
            text += "<link rel=\"alternate\" type=\"text/html\" href=\"\(x(entry.link))\"/>\n"
            text += "<summary>\(x(entry.summary))</summary>\n</entry>\n"
        }
        return text + "</feed>\n"
    }

    func json() -> String {
        struct Feed: Encodable {
            var version = "https://jsonfeed.org/version/1.1"
            var title = "Press kits"
            var homePageURL: String?
            var feedURL: String?
            var language: String?
            var items: [Item]
            enum CodingKeys: String, CodingKey {
                case version, title, homePageURL = "home_page_url", feedURL = "feed_url", language, items
            }
        }
        struct Item: Encodable {
            var id: String
            var url: String
            var title: String
            var contentText: String
            var datePublished: String
            var image: String?
            enum CodingKeys: String, CodingKey {
                case id, url, title, contentText = "content_text", datePublished = "date_published", image
            }
        }
        let items = entries.map { Item(id: $0.id, url: $0.link, title: $0.title, contentText: $0.summary,
                                       datePublished: $0.updated, image: $0.image) }
        return KitJSON.encode(Feed(title: KitWords.forLanguage(language)[.pressKits], homePageURL: siteURL,
                                   feedURL: siteURL.map { $0 + Self.jsonFile }, language: language, items: items))
    }

    /// nil without `site_url`: a sitemap lists absolute URLs only.
    func sitemap() -> String? {
        guard let siteURL else { return nil }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        text += "<url><loc>\(XMLEscaping.text(siteURL))</loc></url>\n"
        for entry in entries {
            text += "<url><loc>\(XMLEscaping.text(entry.link))</loc><lastmod>\(entry.updated.prefix(10))</lastmod></url>\n"
        }
        return text + "</urlset>\n"
    }
}
