import Catalogue

/// The press kit a journalist opens: the event, whom to call, one credit-and-rights block, and each
/// story's material as a gallery with posters, running times, sizes and one-click downloads.
///
/// Written from the same manifest as the staff page (`HTMLManifestRenderer`) but for the public:
/// no link health, no HTTP status, no asset ids, nothing left out, and held-back material only as
/// "more material from <time>". The head carries what search engines and link previews read
/// (description, canonical URL, Open Graph, Twitter card, schema.org JSON-LD: `PublicHTMLRenderer+Head`).
/// Same rules as the staff page: one file, inline CSS, no scripts, a strict CSP, every catalogue
/// text escaped by `HTMLEscaping` and isolated, catalogue URLs linked only when `WebLink.http` accepts them.
public struct PublicHTMLRenderer: ManifestRenderer {
    /// The press-kit policy's `site_url`: canonical and feed links are absolute under it.
    public var siteURL: String?
    /// The site's other editions, for a kit of a site in several languages.
    var editions: LanguageEditions?
    /// Asset URL → where a copy of its file sits, relative to the page (a bundle's `data/`, a site's
    /// `--with-files`): the download button points there and the original URL is shown beneath.
    public var localFiles: [String: String] = [:]
    /// The whole kit as one ZIP beside the page ("Download all · 1.2 GB"), on a site written `--with-files`.
    public var bundle: BundleLink?

    /// A link to the kit's bundle and its size.
    public struct BundleLink: Sendable, Hashable {
        public var href: String
        public var bytes: Int64
        public init(href: String, bytes: Int64) {
            self.href = href
            self.bytes = bytes
        }
    }

    public init(siteURL: String? = nil, localFiles: [String: String] = [:], bundle: BundleLink? = nil) {
        self.siteURL = siteURL
        self.localFiles = localFiles
        self.bundle = bundle
    }

    public func render(_ manifest: Manifest) -> String {
        var kit = PublicKitFacts(manifest)
        kit.localFiles = localFiles
        var page = HTMLPage()
        page.words = KitWords.forLanguage(manifest.language)
        page.language = manifest.language ?? "en"
        page.fallbacks = manifest.fallbacks
        page.isLocalized = manifest.language != nil
        page.versions = Self.versions(manifest)
        let file = "\(manifest.event.id).html"
        if let editions { page.switcher = editions.switcher(file: file, words: page.words) }
        // The page ends up about 1 KB an asset: reserving it once spares copying it as it grows.
        page.reserveCapacity(16_384 + 1_200 * manifest.summary.assetCount)
        page.open(title: page.words[.pageTitlePrefix], subject: manifest.event.title, head: head(manifest, kit) + (editions?.alternates(file: file) ?? ""), style: Self.style)
        page.publicHeader(manifest)
        page.raw("<main>\n")
        if let bundle {
            // Names are presskit's own (`EVENT.zip`), escaped all the same.
            page.raw("<p class=\"download bundle\"><a class=\"button\" href=\"\(HTMLEscaping.text(bundle.href))\" download>\(page.words[.downloadAll]) <span class=\"file\">· \(HTMLEscaping.text(page.words.size(ByteSize.text(bundle.bytes))))</span></a></p>\n")
        }
        page.publicContacts(manifest.event.contacts)
        page.comingLater(manifest.summary.embargoed)
        page.creditBlock(kit.shared)
        var index = 0
        if !manifest.eventAssets.isEmpty {
            page.raw("<section aria-labelledby=\"event-assets\">\n<h2 id=\"event-assets\">\(page.words[.eventMaterial])</h2>\n")
            page.gallery(manifest.eventAssets, kit: kit, poster: nil, index: &index)
            page.raw("</section>\n")
        }
        for (number, story) in manifest.stories.enumerated() {
            page.publicStory(story, number: number + 1, kit: kit, index: &index)
        }
        page.raw("</main>\n<footer>\n<p>")
        if let asOf = manifest.asOf {
            page.raw(page.words[.kitAsOf])
            page.time(asOf, text: page.words.humanMoment(asOf))
            page.raw(". ")
        }
        page.raw(page.words[.pageFooter] + "</p>\n</footer>\n</body>\n</html>\n")
        return page.text
    }
}

extension PublicHTMLRenderer {
    /// Each original with translations in the kit → the languages of it and them, in kit order.
    static func versions(_ manifest: Manifest) -> [String: [String]] {
        let assets = manifest.allAssets
        guard assets.contains(where: { $0.translationOf != nil }) else { return [:] }
        let byID = Dictionary(assets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [String: [String]] = [:]
        for asset in assets where asset.translationOf != nil {
            var current = asset
            var seen: Set<String> = [asset.id]
            while let next = current.translationOf.flatMap({ byID[$0] }), seen.insert(next.id).inserted { current = next }
            guard current.id != asset.id, let own = current.language, let other = asset.language else { continue }
            if result[current.id] == nil { result[current.id] = [own] }
            if !result[current.id]!.contains(other) { result[current.id]!.append(other) }
        }
        return result
    }
}

/// What the public page works out once from the manifest.
struct PublicKitFacts {
    /// The credit and rights most assets share: said once at the top; an asset says its own only
    /// where they differ.
    var shared: CreditAndRights?
    /// The page's preview image (Open Graph, Twitter, the event's JSON-LD): the first photo, else the first poster.
    var image: String?
    /// Asset URL → the local copy's href (`PublicHTMLRenderer.localFiles`).
    var localFiles: [String: String] = [:]

    struct CreditAndRights: Hashable {
        var credit: String?
        var rights: String?
        var isEmpty: Bool { credit == nil && rights == nil }
    }

    init(_ manifest: Manifest) {
        // Pairs in order of first appearance, with their counts; `positions` finds a pair's place.
        var order: [CreditAndRights] = []
        var counts: [Int] = []
        var positions: [CreditAndRights: Int] = [:]
        var photo: String?
        // Group by group, not through `allAssets`, which copies every asset of a 5,000-asset kit.
        for groups in [manifest.eventAssets] + manifest.stories.map(\.assets) {
            for group in groups {
                // Neighbours nearly always share their pair: compare with the last one before hashing.
                var last: Int?
                for asset in group.assets {
                    let pair = CreditAndRights(credit: asset.credit, rights: asset.rights)
                    let position: Int
                    if let last, order[last] == pair {
                        position = last
                    } else if let known = positions[pair] {
                        position = known
                    } else {
                        position = order.count
                        positions[pair] = position
                        order.append(pair)
                        counts.append(0)
                    }
                    counts[position] += 1
                    last = position
                    if photo == nil, group.kind == .photo { photo = Self.photoSource(asset) }
                }
            }
        }
        // The most common pair; on a tie the one that comes first in the kit.
        var best: Int?
        for position in counts.indices where best.map({ counts[position] > counts[$0] }) ?? true { best = position }
        shared = best.map { order[$0] }
        if shared?.isEmpty == true { shared = nil }
        image = photo ?? Self.firstPoster(manifest)
    }

    /// The first poster of the stories' material, else of the event's.
    private static func firstPoster(_ manifest: Manifest) -> String? {
        for story in manifest.stories {
            for group in story.assets {
                for asset in group.assets { if let poster = poster(asset, story: story) { return poster } }
            }
        }
        for group in manifest.eventAssets {
            for asset in group.assets { if let poster = poster(asset, story: nil) { return poster } }
        }
        return nil
    }

    /// The asset's own credit and rights, each only where it differs from the shared one.
    func own(_ asset: KitAsset) -> CreditAndRights? {
        let own = CreditAndRights(credit: asset.credit == shared?.credit ? nil : asset.credit,
                                  rights: asset.rights == shared?.rights ? nil : asset.rights)
        return own.isEmpty ? nil : own
    }

    /// A photo as an image: its `thumbnail`, else its own URL when that serves an image.
    static func photoSource(_ asset: KitAsset) -> String? {
        asset.thumbnail.flatMap(WebLink.http) ?? HTMLPage().photoSource(asset)
    }

    /// A video's, b-roll's, soundbite's or audio's poster: its `thumbnail`, else the story's web
    /// page's `og:image`; nil when the page draws a placeholder.
    static func poster(_ asset: KitAsset, story: KitStory?) -> String? {
        guard asset.kind != .photo else { return nil }
        return asset.thumbnail.flatMap(WebLink.http) ?? story?.webstory?.image.flatMap(WebLink.http)
    }
}
