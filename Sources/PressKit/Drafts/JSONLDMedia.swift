import Foundation

/// The schema.org media objects of one JSON-LD script (https://schema.org/VideoObject, ImageObject,
/// AudioObject, MediaObject), read with Foundation's `JSONSerialization`.
///
/// A script may hold one object, an array of them, or a `@graph`; media may also sit inside other
/// objects (an article's `video`, `associatedMedia`, `image`). Invalid JSON gives nothing: a page's
/// broken script is no reason to refuse the page.
struct JSONLDMedia {
    struct Object {
        var type: DraftFileType
        var contentURL: String?
        var name: String?
        var description: String?
        var duration: String?
        var uploadDate: String?
        var thumbnailURL: String?
        var encodingFormat: String?
        var credit: String?
        var rights: String?
    }

    private(set) var media: [Object] = []
    /// The first `datePublished` of any object.
    private(set) var datePublished: String?

    static let mediaTypes: [String: DraftFileType?] = [
        "VideoObject": .video, "ImageObject": .image, "AudioObject": .audio, "MediaObject": DraftFileType?.none,
    ]
    /// Nesting followed at most: JSON-LD from a page is data from a stranger.
    private static let maxDepth = 12

    init(_ text: String) {
        guard let data = text.data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        visit(root, depth: 0)
    }

    private mutating func visit(_ value: Any, depth: Int) {
        guard depth < Self.maxDepth else { return }
        if let array = value as? [Any] {
            for item in array.prefix(1_000) { visit(item, depth: depth + 1) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        if datePublished == nil, let date = Self.text(object["datePublished"]) { datePublished = date }
        let types = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [Any])?.compactMap { $0 as? String } ?? []
        if let mediaType = types.lazy.compactMap({ Self.mediaTypes[$0] }).first {
            let url = Self.text(object["contentUrl"])
            var found = Object(type: mediaType ?? url.flatMap { DraftFileType(url: $0) } ?? .video, contentURL: url)
            if mediaType == nil, url.flatMap({ DraftFileType(url: $0) }) == nil, let format = Self.text(object["encodingFormat"]),
               let type = DraftFileType(contentType: format) { found.type = type }
            found.name = Self.text(object["name"]) ?? Self.text(object["caption"])
            found.description = Self.text(object["description"])
            found.duration = Self.text(object["duration"])
            found.uploadDate = Self.text(object["uploadDate"])
            found.thumbnailURL = Self.text(object["thumbnailUrl"]) ?? Self.text((object["thumbnail"] as? [String: Any])?["contentUrl"])
            found.encodingFormat = Self.text(object["encodingFormat"])
            found.credit = Self.text(object["creditText"]) ?? Self.name(object["copyrightHolder"])
            found.rights = Self.text(object["copyrightNotice"]) ?? Self.text(object["license"])
            if found.contentURL != nil { media.append(found) }
        }
        // Sorted keys: a dictionary's order changes from run to run, a draft's must not.
        for key in object.keys.sorted() where key != "@context" {
            let child = object[key]!
            if child is [Any] || child is [String: Any] { visit(child, depth: depth + 1) }
        }
    }

    /// A string, or the first string of an array (schema.org allows either for most properties).
    private static func text(_ value: Any?) -> String? {
        let raw = (value as? String) ?? (value as? [Any])?.first as? String
        let text = raw?.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text?.isEmpty == false ? text : nil
    }

    private static func name(_ value: Any?) -> String? {
        text(value) ?? text((value as? [String: Any])?["name"])
    }
}
