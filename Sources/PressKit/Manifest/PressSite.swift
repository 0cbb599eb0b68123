import Catalogue
import Foundation

/// A press site (`manifest --all -o DIR`): every event's kit, an index, and for a public HTML site
/// the feeds newsrooms subscribe to (`feed.xml`, Atom, RFC 4287; `feed.json`, JSON Feed 1.1) and,
/// with the policy's `site_url`, a `sitemap.xml` (sitemaps.org 0.9, which wants absolute URLs).
///
/// Pure: the kits, the format, the audience, `site_url` and the moment in, named files out; the
/// command writes them with `KitFiles.writeSite`. Machine formats and staff sites keep the index they
/// always had (`SiteIndex`, ordered by start date then id); the public HTML index orders events as a
/// visitor wants them: live, then upcoming (soonest first), then past (most recent first).
public struct PressSite: Sendable {
    public var format: ManifestFormat
    public var audience: KitAudience
    /// The policy's `site_url`, ending in `/`.
    public var siteURL: String?
    /// The moment that decides which events are upcoming, live or past.
    public var moment: Date
    /// `--with-files`: per event id, asset URL → the site's copy of its file (`EVENT/files/…`), where
    /// the public page's download buttons point.
    public var localFiles: [String: [String: String]] = [:]
    /// `--with-files`: per event id, the kit's bundle (`EVENT/EVENT.zip`) and its size.
    public var bundles: [String: PublicHTMLRenderer.BundleLink] = [:]

    public init(format: ManifestFormat, audience: KitAudience, siteURL: String?, moment: Date) {
        self.format = format
        self.audience = audience
        self.siteURL = siteURL
        self.moment = moment
    }

    /// Every file of the site, kits first, in a stable order.
    public func files(_ kits: [Manifest]) -> [(name: String, text: String)] { files(kits, editions: nil) }

    func files(_ kits: [Manifest], editions: LanguageEditions?) -> [(name: String, text: String)] {
        let renderer = format.renderer(for: audience, siteURL: siteURL)
        let isPublicPage = format == .html && audience == .public
        var files = kits.map { kit in
            var text: String
            if isPublicPage {
                var page = PublicHTMLRenderer(siteURL: siteURL, localFiles: localFiles[kit.event.id] ?? [:], bundle: bundles[kit.event.id])
                page.editions = editions
                text = page.render(kit)
            } else {
                text = renderer.render(kit)
            }
            return (name: "\(kit.event.id).\(format.fileExtension)", text: text)
        }
        guard format == .html && audience == .public else {
            let index = SiteIndex(asOf: kits.first?.asOf, kits: zip(kits, files).map { SiteIndex.Entry(manifest: $0, file: $1.name) })
            files.append((name: format.indexFileName, text: renderer.renderIndex(index)))
            return files
        }
        let ordered = order(kits)
        let cards = ordered.map { kit, status in
            PublicSiteIndex.Card(manifest: kit, file: "\(kit.event.id).html", status: status?.rawValue)
        }
        files.append((name: "index.html", text: PublicSiteIndex(kits: cards, asOf: kits.first?.asOf, language: editions?.current,
                                                                editions: editions).render(siteURL: siteURL)))
        let feed = SiteFeed(kits: ordered.map(\.kit), siteURL: siteURL, language: editions?.current)
        files.append((name: SiteFeed.atomFile, text: feed.atom()))
        files.append((name: SiteFeed.jsonFile, text: feed.json()))
        if let sitemap = feed.sitemap() { files.append((name: SiteFeed.sitemapFile, text: sitemap)) }
        return files
    }

    /// A site in several languages: each edition's files under `<tag>/`, its kits in that language
    /// (built by the caller with `ManifestBuilder.language`), every page with a language switcher
    /// and `hreflang` alternates, and an index and feeds per language. A root `index.html` lists
    /// the editions. Formats other than public HTML get each edition's kits and index under `<tag>/`.
    public func files(editions: [(language: String, kits: [Manifest])]) -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        let languages = editions.map(\.language)
        for edition in editions {
            var site = self
            site.siteURL = siteURL.map { $0 + edition.language + "/" }
            // `--with-files` places files and bundles once, at the site's root: one folder up from
            // an edition's pages.
            site.localFiles = localFiles.mapValues { $0.mapValues { "../" + $0 } }
            site.bundles = bundles.mapValues { PublicHTMLRenderer.BundleLink(href: "../" + $0.href, bytes: $0.bytes) }
            let links = LanguageEditions(current: edition.language, languages: languages, siteURL: siteURL)
            files += site.files(edition.kits, editions: links).map { (name: edition.language + "/" + $0.name, text: $0.text) }
        }
        files.append((name: format == .html ? "index.html" : "languages.txt", text: format == .html
            ? Self.languageIndex(languages) : languages.joined(separator: "\n") + "\n"))
        return files
    }

    /// The root page of a site in several languages: a link to each edition, named in its language.
    static func languageIndex(_ languages: [String]) -> String {
        var page = HTMLPage()
        page.open(title: languages.map { KitWords.forLanguage($0)[.pressKits] }.joined(separator: " · "), style: PublicHTMLRenderer.style)
        page.raw("<main>\n<h1>\(HTMLEscaping.text(languages.map { KitWords.forLanguage($0)[.pressKits] }.joined(separator: " · ")))</h1>\n<ul>\n")
        for tag in languages {
            let code = HTMLEscaping.text(tag)
            page.raw("<li><a href=\"\(code)/index.html\" hreflang=\"\(code)\" lang=\"\(code)\">\(HTMLEscaping.text(KitWords.nativeName(tag)))</a></li>\n")
        }
        page.raw("</ul>\n</main>\n</body>\n</html>\n")
        return page.text
    }

    /// Where an event stands at the site's moment.
    public enum Status: String, Sendable { case live = "Live", upcoming = "Upcoming" }

    /// Live events, then upcoming ones (soonest first), then past ones (most recent first); ties by id.
    func order(_ kits: [Manifest]) -> [(kit: Manifest, status: Status?)] {
        let today = Timestamp.text(moment).prefix(10)
        let placed = kits.map { kit -> (kit: Manifest, status: Status?) in
            let end = kit.event.end ?? kit.event.start
            if kit.event.start > today { return (kit, .upcoming) }
            if end >= today { return (kit, .live) }
            return (kit, nil)
        }
        let rank = { (status: Status?) in status == .live ? 0 : status == .upcoming ? 1 : 2 }
        return placed.sorted { a, b in
            if rank(a.status) != rank(b.status) { return rank(a.status) < rank(b.status) }
            if a.status == nil {
                let (x, y) = (a.kit.event.end ?? a.kit.event.start, b.kit.event.end ?? b.kit.event.start)
                if x != y { return x > y }
            } else if a.kit.event.start != b.kit.event.start {
                return a.kit.event.start < b.kit.event.start
            }
            return a.kit.event.id < b.kit.event.id
        }
    }
}
