import Foundation

/// A story drafted from a web page or a feed item: only what the source gives, each guess explained.
public struct DraftStory: Sendable, Equatable {
    /// A slug from the page's address (else its headline), unique within the draft.
    public var id: String
    public var headline: String?
    /// `YYYY-MM-DD`, or an RFC 3339 date-time with its zone, as the catalogue accepts them.
    public var date: String?
    /// Why `date` is not the source's (the catalogue requires one; the source gave none).
    public var dateNote: String?
    public var summary: String?
    public var webstory: String?
    public var assets: [DraftAsset] = []
    /// Links with no file extension, kept in case a HEAD shows they are files (`DraftOperation`).
    public var otherLinks: [DraftAsset] = []
    /// Where the story came from, for the comment above it.
    public var source: String

    public init(id: String, source: String) {
        self.id = id
        self.source = source
    }
}

/// An asset as found: its URL, the words around it, what its source states about it.
public struct DraftAsset: Sendable, Equatable {
    public var url: String
    public var title: String?
    /// Where the title came from when it is not the source's own name for it ("the file name").
    public var titleNote: String?
    /// Text near the link, with where it was found ("the link text", "the JSON-LD name").
    public var context: [Words] = []
    /// The media type the page or feed states, or the server's answer to a HEAD.
    public var contentType: String?
    public var caption: String?
    public var credit: String?
    public var rights: String?
    public var notes: [String] = []
    /// Set by `KindGuess` once every mention is merged.
    public var kind: AssetKind?
    public var kindNote: String?
    /// What the source says the asset is (`video` from `<video>`, og:video, a VideoObject).
    public var statedType: DraftFileType?

    public struct Words: Sendable, Equatable {
        public var text: String
        public var place: String
    }

    public init(url: String) {
        self.url = url
    }

    public var fileType: DraftFileType? {
        contentType.flatMap { DraftFileType(contentType: $0) } ?? statedType ?? DraftFileType(url: url)
    }

    /// Takes what `other` (a later mention of the same URL) adds; the first mention wins per field.
    mutating func merge(_ other: DraftAsset) {
        title = title ?? other.title
        if title == other.title, titleNote != nil { titleNote = other.titleNote }
        contentType = contentType ?? other.contentType
        caption = caption ?? other.caption
        credit = credit ?? other.credit
        rights = rights ?? other.rights
        statedType = statedType ?? other.statedType
        for words in other.context where !context.contains(words) { context.append(words) }
        for note in other.notes where !notes.contains(note) { notes.append(note) }
    }
}

/// Mentions of assets in page order, merged by URL (the first mention keeps its place).
struct AssetList {
    private(set) var assets: [DraftAsset] = []
    private var positions: [String: Int] = [:]

    mutating func add(_ asset: DraftAsset) {
        if let index = positions[asset.url] {
            assets[index].merge(asset)
        } else {
            positions[asset.url] = assets.count
            assets.append(asset)
        }
    }
}

/// Slugs as the catalogue defines them: a-z, 0-9, single `-` between, at most 120 characters.
enum DraftSlug {
    static func make(_ text: String) -> String? {
        var slug = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingDash, !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
                if slug.count >= 100 { break }
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? nil : slug
    }

    /// From a page's address: its last path segment without extension, else its host and path.
    static func fromPage(_ url: String) -> String? {
        guard let components = URLComponents(string: url) else { return nil }
        let segments = components.path.split(separator: "/")
        if let last = segments.last {
            let name = last.lastIndex(of: ".").map { String(last[..<$0]) } ?? String(last)
            if let slug = make(name), slug.contains(where: \.isLetter) || segments.count == 1 { return slug }
            if segments.count > 1, let slug = make(segments.suffix(2).joined(separator: "-")) { return slug }
        }
        return make(components.host ?? "")
    }
}
