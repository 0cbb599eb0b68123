import Catalogue
import Foundation

/// What the public page tells search engines and link previews: description, canonical URL, Open
/// Graph (ogp.me), Twitter card, and schema.org JSON-LD — an `Event` (name, startDate, endDate,
/// location, organizer) whose media (`recordedIn`) are `VideoObject`, `ImageObject` and
/// `AudioObject`, and whose web stories (`subjectOf`) are `NewsArticle`s. The properties follow
/// Google's structured-data documentation for video (name, thumbnailUrl, uploadDate required;
/// contentUrl, description, duration recommended) and events (name, startDate, location with address).
extension PublicHTMLRenderer {
    func head(_ manifest: Manifest, _ kit: PublicKitFacts) -> String {
        let event = manifest.event
        let description = Self.description(manifest)
        let canonical = canonicalURL(manifest)
        var head = "<meta name=\"description\" content=\"\(HTMLEscaping.text(description))\">\n"
        if let canonical { head += "<link rel=\"canonical\" href=\"\(HTMLEscaping.text(canonical))\">\n" }
        if let siteURL {
            head += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Press kits (Atom)\" href=\"\(HTMLEscaping.text(siteURL + "feed.xml"))\">\n"
            head += "<link rel=\"alternate\" type=\"application/feed+json\" title=\"Press kits (JSON Feed)\" href=\"\(HTMLEscaping.text(siteURL + "feed.json"))\">\n"
        }
        var meta: [(String, String, String)] = [
            ("property", "og:type", "website"), ("property", "og:title", event.title),
            ("property", "og:description", description),
        ]
        if let canonical { meta.append(("property", "og:url", canonical)) }
        if let image = kit.image { meta.append(("property", "og:image", image)) }
        meta.append(("name", "twitter:card", kit.image == nil ? "summary" : "summary_large_image"))
        meta.append(("name", "twitter:title", event.title))
        meta.append(("name", "twitter:description", description))
        if let image = kit.image { meta.append(("name", "twitter:image", image)) }
        for (attribute, name, content) in meta {
            head += "<meta \(attribute)=\"\(name)\" content=\"\(HTMLEscaping.text(content))\">\n"
        }
        head += "<script type=\"application/ld+json\">\n"
        // Compact: a 5,000-asset kit's graph is a megabyte of indentation otherwise.
        head += HTMLEscaping.scriptData(KitJSON.utf8(tree: StructuredData.graph(manifest, kit: kit, canonical: canonical), pretty: false))
        head += "\n</script>\n"
        return head
    }

    /// `<site_url><event id>.html`, where `manifest --all` writes the kit; nil without `site_url`.
    func canonicalURL(_ manifest: Manifest) -> String? {
        guard let siteURL, let file = WebLink.relativeFile("\(manifest.event.id).html") else { return nil }
        return siteURL + file
    }

    /// The event's summary, else "Press kit for …, 19–22 November 2023, Brussels": at most 300 characters.
    static func description(_ manifest: Manifest) -> String {
        let event = manifest.event
        let text = event.summary ?? ([event.title, KitWording.humanDates(start: event.start, end: event.end)] + event.places)
            .joined(separator: ", ")
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 300 ? String(flat.prefix(299)) + "…" : flat
    }
}

/// The JSON-LD graph, as `KitJSON` trees so strings are quoted by the one JSON writer.
enum StructuredData {
    typealias Node = KitJSON.Node

    static func graph(_ manifest: Manifest, kit: PublicKitFacts, canonical: String?) -> Node {
        let event = manifest.event
        var members: [(String, Node?)] = [
            ("@context", .string("https://schema.org")), ("@type", .string("Event")),
            ("name", .string(event.title)), ("startDate", .string(event.start)),
            ("endDate", .string(event.end ?? event.start)),
            ("eventStatus", .string("https://schema.org/EventScheduled")),
            ("eventAttendanceMode", .string("https://schema.org/OfflineEventAttendanceMode")),
            ("description", .string(PublicHTMLRenderer.description(manifest))),
            ("url", canonical.map(Node.string)), ("image", kit.image.map(Node.string)),
        ]
        // Google requires a location with an address; the catalogue's places are names, used as both.
        let places = event.places.isEmpty ? [event.title] : event.places
        members.append(("location", .array(list(places.map { place in
            object([("@type", .string("Place")), ("name", .string(place)), ("address", .string(place))])
        }))))
        if let organizer = event.contacts.first {
            members.append(("organizer", object([("@type", .string("Organization")), ("name", .string(organizer.name)),
                                                  ("email", organizer.email.map(Node.string)), ("telephone", organizer.phone.map(Node.string))])))
        }
        // Group by group: `flatMap(\.assets)` would copy every asset first.
        var media: [Node] = []
        for group in manifest.eventAssets {
            for asset in group.assets {
                if let node = mediaObject(asset, story: nil, event: event) { media.append(node) }
            }
        }
        var articles: [Node] = []
        for story in manifest.stories {
            for group in story.assets {
                for asset in group.assets {
                    if let node = mediaObject(asset, story: story, event: event) { media.append(node) }
                }
            }
            if let webstory = story.webstory, let href = WebLink.http(webstory.url) {
                articles.append(object([
                    ("@type", .string("NewsArticle")), ("headline", .string(String(story.headline.prefix(110)))),
                    ("url", .string(href)), ("datePublished", .string(story.date)),
                    ("description", story.summary.map(Node.string)),
                    ("image", webstory.image.flatMap(WebLink.http).map(Node.string)),
                ]))
            }
        }
        if !media.isEmpty { members.append(("recordedIn", .array(list(media)))) }
        if !articles.isEmpty { members.append(("subjectOf", .array(list(articles)))) }
        return object(members)
    }

    /// A `VideoObject` (video, b-roll, soundbite), `ImageObject` (a photo that serves an image) or
    /// `AudioObject` (audio); nil for documents, transcripts, pages and gallery pages, and for files
    /// that are not web links.
    static func mediaObject(_ asset: KitAsset, story: KitStory?, event: KitEvent) -> Node? {
        guard let url = WebLink.http(asset.url) else { return nil }
        let type: String
        switch asset.kind {
        case .video, .bRoll, .soundbite: type = "VideoObject"
        // A photo link that is a gallery page or a document is not an image.
        case .photo:
            guard PublicKitFacts.photoSource(asset) != nil else { return nil }
            type = "ImageObject"
        case .audio: type = "AudioObject"
        case .transcript, .document, .webstory: return nil
        }
        let uploaded = asset.embargo ?? asset.filmed ?? story?.date ?? event.start
        var thumbnail: String?
        switch asset.kind {
        case .video, .bRoll, .soundbite:
            // Google requires a thumbnail: the poster, else a neutral image as a data URL.
            thumbnail = PublicKitFacts.poster(asset, story: story) ?? placeholderURL
        case .photo: thumbnail = PublicKitFacts.photoSource(asset)
        default: break
        }
        // Members in key order, which the writer then need not sort (thousands of objects).
        let members: [(String, Node?)] = [
            ("@type", .string(type)), ("caption", asset.kind == .photo ? asset.caption.map(Node.string) : nil),
            ("contentSize", asset.size.map { .string(ByteSize.text($0)) }), ("contentUrl", .string(url)),
            // Google reads credit and conditions of use from images (its image license metadata).
            ("copyrightNotice", asset.kind == .photo ? asset.rights.map(Node.string) : nil),
            ("creditText", asset.kind == .photo ? asset.credit.map(Node.string) : nil),
            ("description", .string(asset.synopsis ?? asset.caption ?? asset.title)),
            ("duration", asset.media?.duration.map { .string(KitWording.isoDuration($0)) }),
            ("encodingFormat", (asset.contentType ?? KitWording.fileFormat(asset)).map(Node.string)),
            ("height", asset.media?.height.map { .integer(Int64($0)) }), ("inLanguage", asset.language.map(Node.string)),
            ("name", .string(asset.title)), ("thumbnailUrl", thumbnail.map(Node.string)),
            ("uploadDate", .string(uploaded)), ("width", asset.media?.width.map { .integer(Int64($0)) }),
        ]
        return object(members)
    }

    /// A neutral 16:9 image as a `data:` URL, for a video without a poster: short, because a
    /// 5,000-asset kit repeats it thousands of times (the page itself draws the glyph by kind).
    static let placeholderURL = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20viewBox%3D%220%200%2016%209%22%3E%3Crect%20width%3D%2216%22%20height%3D%229%22%20fill%3D%22%23e4e8ec%22%2F%3E%3C%2Fsvg%3E"

    static func object(_ members: [(String, Node?)]) -> Node {
        let object = KitJSON.Object()
        object.members = members.compactMap { key, value in value.map { (key: key, value: $0) } }
        return .object(object)
    }

    static func list(_ items: [Node]) -> KitJSON.List {
        let list = KitJSON.List()
        list.items = items
        return list
    }
}
