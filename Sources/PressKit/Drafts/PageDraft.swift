import Foundation
import MediaProbe

/// The extraction rules that turn a web story page into a draft story (issue 15 §1).
///
/// HTML is read by MediaProbe's tag scanner (`HTMLElement.scan`), which these rules walk; JSON-LD
/// by Foundation's `JSONSerialization` (`JSONLDMedia`). Nothing is invented: a field the page does
/// not give is left out.
public enum PageDraft {
    /// Drafts the story that `body` (the page at `pageURL`, after redirects) publishes.
    /// Relative addresses resolve against `<base>`, else `servedFrom` (the address after redirects).
    public static func story(from body: ArraySlice<UInt8>, pageURL: String, servedFrom: String? = nil, id: String) -> DraftStory {
        let elements = HTMLElement.scan(body)
        var story = DraftStory(id: id, source: pageURL)
        story.webstory = pageURL
        let base = elements.first { $0.name == "base" && $0["href"] != nil }.flatMap { resolve($0["href"]!, against: servedFrom ?? pageURL) } ?? servedFrom ?? pageURL
        func meta(_ key: String) -> String? {
            elements.first { $0.name == "meta" && ($0["property"] ?? $0["name"])?.lowercased() == key && !($0["content"] ?? "").isEmpty }?["content"]
        }
        let jsonLD = elements.filter { $0.name == "script" && $0["type"]?.lowercased().hasPrefix("application/ld+json") == true }
            .compactMap(\.text).map(JSONLDMedia.init)

        story.headline = meta("og:title") ?? elements.first { $0.name == "title" }?.text ?? elements.first { $0.name == "h1" }?.text
        story.date = (meta("article:published_time") ?? jsonLD.lazy.compactMap(\.datePublished).first
            ?? elements.first { $0.name == "time" && $0["datetime"] != nil }?["datetime"]).flatMap(DraftDates.catalogueDate)
        story.summary = meta("og:description") ?? meta("description")

        var assets = AssetList()
        var otherLinks: [DraftAsset] = []
        // JSON-LD first: it names its media best.
        for document in jsonLD {
            for object in document.media {
                guard let url = object.contentURL.flatMap({ resolve($0, against: base) }) else { continue }
                var asset = DraftAsset(url: url)
                asset.title = object.name
                asset.statedType = object.type
                asset.caption = object.description
                if let format = object.encodingFormat, format.contains("/") { asset.contentType = format }
                if let name = object.name { asset.context.append(.init(text: name, place: "the JSON-LD name")) }
                if let description = object.description { asset.context.append(.init(text: description, place: "the JSON-LD description")) }
                asset.credit = object.credit
                asset.rights = object.rights
                var facts: [String] = []
                if let upload = object.uploadDate { facts.append("uploaded \(upload)") }
                if let duration = object.duration { facts.append("duration \(duration)") }
                if let thumbnail = object.thumbnailURL.flatMap({ resolve($0, against: base) }) { facts.append("thumbnail \(thumbnail)") }
                if !facts.isEmpty { asset.notes.append("From the page's JSON-LD: " + facts.joined(separator: "; ") + ".") }
                assets.add(asset)
            }
        }
        // Open Graph media (ogp.me: og:video, og:image, og:audio, with :url, :secure_url, :type, :alt).
        for (index, element) in elements.enumerated() where element.name == "meta" {
            guard let property = element["property"]?.lowercased(), let content = element["content"], !content.isEmpty else { continue }
            let type: DraftFileType
            switch property {
            case "og:video", "og:video:url", "og:video:secure_url": type = .video
            case "og:image", "og:image:url", "og:image:secure_url": type = .image
            case "og:audio", "og:audio:url", "og:audio:secure_url": type = .audio
            default: continue
            }
            guard let url = resolve(content, against: base) else { continue }
            var asset = DraftAsset(url: url)
            asset.statedType = type
            // The structured properties that follow this one describe it, until the next of its kind.
            let prefix = "og:\(type == .image ? "image" : type == .video ? "video" : "audio")"
            for following in elements[(index + 1)...].prefix(8) where following.name == "meta" {
                guard let key = following["property"]?.lowercased(), key.hasPrefix(prefix + ":"),
                      let value = following["content"], !value.isEmpty else { break }
                if key == prefix + ":type", value.contains("/") { asset.contentType = value }
                if key == prefix + ":alt" {
                    asset.title = value
                    asset.context.append(.init(text: value, place: "the \(prefix):alt text"))
                }
            }
            assets.add(asset)
        }
        // Media elements and links to files, in page order.
        for element in elements {
            switch element.name {
            case "video", "audio":
                guard let src = element["src"], let url = resolve(src, against: base) else { continue }
                var asset = DraftAsset(url: url)
                asset.statedType = element.name == "video" ? .video : .audio
                if let title = element["title"] ?? element["aria-label"] {
                    asset.title = title
                    asset.context.append(.init(text: title, place: "the \(element.name) element's title"))
                }
                assets.add(asset)
            case "source":
                guard let enclosing = element.enclosing, let src = element["src"], let url = resolve(src, against: base) else { continue }
                var asset = DraftAsset(url: url)
                asset.statedType = enclosing == "video" ? .video : .audio
                if let type = element["type"], type.contains("/") { asset.contentType = type.split(separator: ";").first.map(String.init) }
                assets.add(asset)
            case "a":
                guard let href = element["href"], let url = resolve(href, against: base) else { continue }
                let isFile = DraftFileType(url: url) != nil || element["type"].flatMap(DraftFileType.init(contentType:)) != nil
                if !isFile {
                    if let text = element.text ?? element["title"], otherLinks.count < 1_000 {
                        var link = DraftAsset(url: url)
                        link.title = text
                        link.context.append(.init(text: text, place: element.text == nil ? "the link's title" : "the link text"))
                        otherLinks.append(link)
                    }
                    continue
                }
                var asset = DraftAsset(url: url)
                if let type = element["type"], DraftFileType(contentType: type) != nil { asset.contentType = type }
                if let text = element.text {
                    asset.title = text
                    asset.context.append(.init(text: text, place: "the link text"))
                }
                if let title = element["title"] {
                    asset.title = asset.title ?? title
                    asset.context.append(.init(text: title, place: "the link's title"))
                }
                assets.add(asset)
            default:
                continue
            }
        }
        story.assets = assets.assets.filter { $0.url != pageURL && $0.url != servedFrom }
        story.otherLinks = otherLinks.filter { link in link.url != pageURL && link.url != servedFrom && !story.assets.contains { $0.url == link.url } }
        return story
    }

    /// `reference` resolved against `base` (RFC 3986 §5), http and https only; nil for anything else
    /// (`mailto:`, `javascript:`, fragments of the page itself, addresses with spaces).
    static func resolve(_ reference: String, against base: String) -> String? {
        let trimmed = reference.trimmingWhitespace
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        // Most references (every one of a feed's) are absolute already: parsed alone, skipping the
        // base's parse and the resolution, which give the same URL unless dot segments need removing.
        let lowered = trimmed.prefix(8).lowercased()
        let isAbsolute = (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && !trimmed.contains("/.")
        if isAbsolute, isPlainAbsolute(trimmed.utf8) { return trimmed }
        guard let url = isAbsolute ? URL(string: trimmed) : URL(string: base).flatMap({ URL(string: trimmed, relativeTo: $0)?.absoluteURL }),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false else { return nil }
        return url.absoluteString
    }

    /// An absolute http(s) URL that `URL(string:)` would give back byte for byte: only characters
    /// RFC 3986 allows unencoded anywhere in a path or query (§2.2, §2.3; no `%`, whose escapes
    /// Foundation checks, no `[`/`]`, which only an IPv6 host may hold), at most one `#`, and a
    /// host name right after `//`. Anything else goes through Foundation's parser.
    private static func isPlainAbsolute(_ bytes: String.UTF8View) -> Bool {
        guard let slashes = bytes.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let afterSlashes = bytes.index(slashes, offsetBy: 2, limitedBy: bytes.endIndex) ?? bytes.endIndex
        guard afterSlashes < bytes.endIndex, bytes[afterSlashes] != UInt8(ascii: "/"), bytes[afterSlashes] != UInt8(ascii: "?"),
              bytes[afterSlashes] != UInt8(ascii: "#"), bytes[afterSlashes] != UInt8(ascii: "@"),
              bytes[afterSlashes] != UInt8(ascii: ":") else { return false }
        var fragments = 0
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                if byte == UInt8(ascii: "#") { fragments += 1; return fragments == 1 }
                return "-._~:/?@!$&'()*+,;=".utf8.contains(byte)
            }
        }
    }
}
