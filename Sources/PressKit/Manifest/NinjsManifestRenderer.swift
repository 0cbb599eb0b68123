import Catalogue

/// A kit as one IPTC ninjs document (https://iptc.org/standards/ninjs/) for newsroom systems: the event
/// is the top-level item, its stories and assets are associations, each asset's link a rendition.
///
/// Writes ninjs 3.1, or 2.2 for systems still on 2.x; the two differ in property spelling (see
/// `Version.spell`), in 3.x's `eventDetails` and association `rel`, and in 2.x lacking the `event` type.
/// What ninjs has no property for goes in `NinjsExtension`. The README's "ninjs" section tabulates the
/// mapping. Assets keep kit order (by kind, then catalogue order), as every other format does.
public struct NinjsManifestRenderer: ManifestRenderer {
    public enum Version: Sendable { case v3_1, v2_2 }

    public var version: Version
    /// A public document has no health, flags, violations, review summary, editor's notes about links
    /// or asset ids: an asset's `uri` is its file's URL.
    public var audience: KitAudience

    public init(version: Version, audience: KitAudience = .staff) {
        self.version = version
        self.audience = audience
    }

    private var isPublic: Bool { audience == .public }

    public func render(_ manifest: Manifest) -> String {
        NinjsJSON.document(item(for: manifest), version: version)
    }

    /// ninjs has no site index: a site's `index.json` is presskit's own `presskit.site/1`.
    public func renderIndex(_ site: SiteIndex) -> String { JSONManifestRenderer(audience: audience).renderIndex(site) }

    /// The `profile` of presskit's top-level items: says "a press kit with presskit's extension".
    static let profile = "presskit.kit/1"

    func item(for manifest: Manifest) -> NinjsItem {
        let event = manifest.event
        var item = NinjsItem(uri: NinjsURI.urn("event", event.id))
        item.standard = NinjsStandard(version: version)
        // 2.x's type list has no `event`; a kit of stories and media is its `composite`.
        item.type = version == .v3_1 ? "event" : "composite"
        item.profile = Self.profile
        item.slugline = event.id
        // A kit asked for in a language is one ninjs document in that language (`--language`).
        // An item whose headline fell back is in the event's own language.
        item.language = manifest.language.map { manifest.fallbackLanguage(.event, .title) ?? $0 }
        item.headlines = [NinjsText(event.title)]
        item.descriptions = event.summary.map { [NinjsText(role: "summary", $0)] } ?? []
        switch version {
        case .v3_1:
            item.eventDetails = NinjsEventDetails(start: event.start, end: event.end)
        case .v2_2:
            // ISO 8601 interval notation, for readers that do not parse the extension.
            item.descriptions.append(NinjsText(role: "dates", [event.start, event.end].compactMap { $0 }.joined(separator: "/")))
        }
        item.descriptions.append(NinjsExtension.description(NinjsExtension.Kit(
            asOf: manifest.asOf,
            event: .init(id: event.id, type: event.type, start: event.start, end: event.end),
            summary: isPublic ? nil : manifest.summary, violations: isPublic ? nil : manifest.violations,
            embargoed: isPublic && !manifest.summary.embargoed.isEmpty
                ? manifest.summary.embargoed.map { .init(kind: $0.kind, title: $0.title, until: $0.until) } : nil)))
        item.places = event.places.map { NinjsNamed(name: $0) }
        item.subjects = event.tags.map { NinjsNamed(name: $0) }
        item.infoSources = event.contacts.map(infoSource)
        item.associations = manifest.eventAssets.flatMap(\.assets).enumerated().map { association($1, position: $0) }
            + manifest.stories.map { story in
                association(story, language: manifest.language.map { manifest.fallbackLanguage(.story(story.id), .headline) ?? $0 })
            }
        return item
    }

    private func association(_ story: KitStory, language: String?) -> NinjsItem {
        var item = NinjsItem(uri: NinjsURI.urn("story", story.id))
        item.language = language
        item.name = story.id
        item.rel = relation("story")
        item.type = "text"
        item.slugline = story.id
        item.headlines = [NinjsText(story.headline)]
        // firstCreated is a date-time: a story dated by day only keeps its date in the extension.
        if case .moment(let moment)? = StoryDate(stored: story.date) { item.firstCreated = moment.description }
        item.located = story.place
        item.descriptions = story.summary.map { [NinjsText(role: "summary", $0)] } ?? []
        item.descriptions.append(NinjsExtension.description(
            NinjsExtension.Story(date: story.date, webstoryHealth: isPublic ? nil : story.webstory?.health)))
        item.people = story.people.map { NinjsNamed(name: $0) }
        item.subjects = story.tags.map { NinjsNamed(name: $0) }
        if let webstory = story.webstory {
            item.renditions = [NinjsRendition(name: "webstory", href: NinjsURI.href(webstory.url), title: "Web story")]
            if !isPublic { item.edNote = NinjsExtension.note(webstory.health, link: "Web story link") }
        }
        item.associations = story.assets.flatMap(\.assets).enumerated().map { association($1, position: $0) }
        return item
    }

    /// - Parameter position: the asset's place among its siblings, which names it in a public
    /// document (`asset-1`, …): ninjs requires association names, and a public kit has no ids.
    private func association(_ asset: KitAsset, position: Int) -> NinjsItem {
        var item = NinjsItem(uri: isPublic ? NinjsURI.href(asset.url) : NinjsURI.urn("asset", asset.id))
        item.name = isPublic ? "asset-\(position + 1)" : asset.id
        item.rel = relation(asset.kind.rawValue)
        item.type = Self.newsType(asset.kind)
        item.slugline = isPublic ? nil : asset.id
        item.title = asset.title
        item.genres = [NinjsNamed(name: asset.kind.rawValue)]
        item.language = asset.language
        item.by = asset.credit
        item.usageTerms = asset.rights
        item.embargoedUntil = asset.embargo
        item.located = asset.location
        item.descriptions = [("caption", asset.caption), ("synopsis", asset.synopsis), ("shotlist", shotlist(asset.shotlist))]
            .compactMap { role, text in text.map { NinjsText(role: role, $0) } }
        item.descriptions.append(NinjsExtension.description(NinjsExtension.Asset(
            kind: asset.kind, health: isPublic ? nil : asset.health, flags: isPublic ? nil : asset.flags, filmed: asset.filmed,
            speakers: asset.speakers.isEmpty ? nil : asset.speakers)))
        item.people = asset.speakers.map { NinjsNamed(name: $0.name, rel: "speaker") }
        item.renditions = [NinjsRendition(name: "original", href: NinjsURI.href(asset.url),
                                          contentType: asset.contentType, sizeInBytes: asset.size, media: asset.media)]
        if !isPublic { item.edNote = NinjsExtension.note(asset.health, flags: asset.flags) }
        return item
    }

    /// An association's `rel`, which only 3.x allows.
    private func relation(_ rel: String) -> String? { version == .v3_1 ? rel : nil }

    private func infoSource(_ contact: Contact) -> NinjsInfoSource {
        let ways = [("email", contact.email), ("phone", contact.phone)]
            .compactMap { type, value in value.map { NinjsContactInfo(type: type, value: $0) } }
        return NinjsInfoSource(name: contact.name, role: contact.role ?? "contact", contactInfo: ways)
    }

    /// A shot list as text, one shot a line: `00:00:05 Wide shot of the summit venue`.
    private func shotlist(_ shots: [Shot]) -> String? {
        shots.isEmpty ? nil : shots.map { "\($0.at) \($0.shot)" }.joined(separator: "\n")
    }

    /// ninjs' generic news type (IPTC NewsCodes "ninature") for an asset kind.
    static func newsType(_ kind: AssetKind) -> String {
        switch kind {
        case .bRoll, .soundbite, .video: "video"
        case .audio: "audio"
        case .photo: "picture"
        case .transcript, .document, .webstory: "text"
        }
    }
}

/// The URIs ninjs requires (`format: uri`, RFC 3986).
enum NinjsURI {
    /// `urn:presskit:<kind>:<id>`: stable for as long as the catalogue id is. Catalogue ids are slugs;
    /// anything else is percent-encoded so that the URN stays a URI.
    static func urn(_ kind: String, _ id: String) -> String {
        "urn:presskit:\(kind):" + encode(id) { unreserved.contains($0) }
    }

    /// A catalogue link as a URI: characters RFC 3986 does not allow (non-ASCII letters of an IRI, `"`,
    /// `<`, spaces…) are percent-encoded as UTF-8, as RFC 3987 §3.1 maps IRIs to URIs; the rest is kept.
    static func href(_ url: String) -> String {
        encode(url) { unreserved.contains($0) || reserved.contains($0) || $0 == UInt8(ascii: "%") }
    }

    private static func encode(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        guard !text.utf8.allSatisfy(keep) else { return text }
        var out = ""
        for byte in text.utf8 {
            if keep(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    // Membership by a 128-entry table rather than a Set<UInt8>: two URIs per asset, every byte
    // hashed, showed in a 5,000-asset ninjs kit.
    private static let unreservedTable = table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private static let reservedTable = table(":/?#[]@!$&'()*+,;=")

    private static func table(_ members: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 128)
        for byte in members.utf8 { table[Int(byte)] = true }
        return table
    }

    private enum ByteSet {
        case unreserved, reserved
        func contains(_ byte: UInt8) -> Bool {
            byte < 128 && (self == .unreserved ? NinjsURI.unreservedTable : NinjsURI.reservedTable)[Int(byte)]
        }
    }

    private static let unreserved = ByteSet.unreserved
    private static let reserved = ByteSet.reserved
}
