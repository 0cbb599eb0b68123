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
    public func files(_ kits: [Manifest]) -> [(name: String, text: String)] {
        let renderer = format.renderer(for: audience, siteURL: siteURL)
        let withFiles = format == .html && audience == .public && !(localFiles.isEmpty && bundles.isEmpty)
        var files = kits.map { kit in
            let text = withFiles
                ? PublicHTMLRenderer(siteURL: siteURL, localFiles: localFiles[kit.event.id] ?? [:], bundle: bundles[kit.event.id]).render(kit)
                : renderer.render(kit)
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
        files.append((name: "index.html", text: PublicSiteIndex(kits: cards, asOf: kits.first?.asOf).render(siteURL: siteURL)))
        let feed = SiteFeed(kits: ordered.map(\.kit), siteURL: siteURL)
        files.append((name: SiteFeed.atomFile, text: feed.atom()))
        files.append((name: SiteFeed.jsonFile, text: feed.json()))
        if let sitemap = feed.sitemap() { files.append((name: SiteFeed.sitemapFile, text: sitemap)) }
        return files
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
