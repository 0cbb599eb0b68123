import CXML
import Foundation
import MediaProbe

/// RSS 2.0 (with `enclosure` and Media RSS 1.5), and Atom 1.0 (with `link rel="enclosure"` and the
/// `media:group` video portals use), read with libxml2's SAX2 parser (Sources/CXML: libxml2 opened
/// only by the commands that read feeds, where Foundation's `XMLParser` made every command load it).
///
/// Hostile input: external entities are never resolved (no network, no external DTD, no entity
/// substitution), and a document that declares entities at all (`<!ENTITY`, the billion laughs and
/// its quadratic cousin) is refused before parsing, and again by the parser should the declaration
/// lie past the first 64 KB: no feed needs its own entities. libxml2 bounds the rest.
enum XMLFeedReader {
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    static let mediaRSS = "http://search.yahoo.com/mrss/"
    static let atom = "http://www.w3.org/2005/Atom"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"

    /// libxml2's codes for a document that stops inside an element: `XML_ERR_TAG_NOT_FINISHED`, and
    /// `XML_ERR_DOCUMENT_END` ("Extra content at the end of the document"), which libxml2 2.9 gives
    /// when the last pushed bytes leave elements open (with none open it means content after the root).
    private static let endedInsideAnElement: Set<Int32> = [77, 5]

    static func read(_ data: Data) throws -> ParsedFeed {
        if declaresEntities(data) {
            throw Refusal(description: "the feed declares XML entities (<!ENTITY>), which feeds never need and which can expand without bound; refused")
        }
        let delegate = Delegate()
        var outcome = PresskitXMLOutcome()
        var events = PresskitXMLEvents(
            startElement: { context, local, namespace, attributes, count in
                let delegate = Unmanaged<Delegate>.fromOpaque(context!).takeUnretainedValue()
                var named: [String: String] = [:]
                for index in 0..<Int(count) {
                    // Unprefixed attributes only: those are the ones feeds carry what presskit reads in.
                    let attribute = attributes![index]
                    guard attribute.namespaceURI == nil else { continue }
                    let value = UnsafeRawBufferPointer(start: attribute.value, count: attribute.valueLength)
                    named[String(cString: attribute.localName)] = String(decoding: value, as: UTF8.self)
                }
                delegate.didStartElement(String(cString: local!), namespaceURI: namespace.map { String(cString: $0) }, attributes: named)
                return 0
            },
            endElement: { context, local, namespace in
                let delegate = Unmanaged<Delegate>.fromOpaque(context!).takeUnretainedValue()
                delegate.didEndElement(String(cString: local!), namespaceURI: namespace.map { String(cString: $0) })
                return 0
            },
            characters: { context, bytes, length in
                let delegate = Unmanaged<Delegate>.fromOpaque(context!).takeUnretainedValue()
                delegate.foundCharacters(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
                return 0
            },
            entityDeclaration: { context, name in
                let delegate = Unmanaged<Delegate>.fromOpaque(context!).takeUnretainedValue()
                delegate.refusal = Refusal(description: "the feed declares XML entities (<!ENTITY \(String(cString: name!))>); refused")
                return 1
            })
        let status = withExtendedLifetime(delegate) {
            data.withUnsafeBytes { bytes in
                presskit_xml_parse(bytes.baseAddress, bytes.count, &events, Unmanaged.passUnretained(delegate).toOpaque(), &outcome)
            }
        }
        if status != 0 {
            if let refusal = delegate.refusal { throw refusal }
            if endedInsideAnElement.contains(outcome.code), let open = delegate.openElement {
                throw Refusal(description: "not a readable feed: the XML ends inside <\(open)> (cut short?)")
            }
            let message = withUnsafeBytes(of: outcome.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw Refusal(description: "not a readable feed: XML error at line \(outcome.line), column \(outcome.column) (\(message.isEmpty ? "unknown error" : message))")
        }
        if let open = delegate.openElement {
            throw Refusal(description: "not a readable feed: the XML ends inside <\(open)> (cut short?)")
        }
        guard delegate.sawFeed else { throw Refusal(description: "not an RSS 2.0 or Atom 1.0 feed (its root element is '\(delegate.root ?? "none")')") }
        return delegate.feed
    }

    /// True when the document type declaration (before the root element) declares an entity.
    static func declaresEntities(_ data: Data) -> Bool {
        let prolog = data.prefix(64 * 1024)
        guard let doctype = prolog.range(of: Data("<!DOCTYPE".utf8)) ?? prolog.range(of: Data("<!doctype".utf8)) else { return false }
        return prolog[doctype.lowerBound...].range(of: Data("<!ENTITY".utf8)) != nil
    }

    /// What the parser's events build: the feed, its items and their assets.
    final class Delegate {
        var feed = ParsedFeed()
        var root: String?
        var sawFeed = false
        var refusal: Refusal?
        private var path: [String] = []
        var openElement: String? { path.last }
        /// The current element's text as UTF-8, decoded at its end (libxml2 may hand it over in pieces).
        private var text: [UInt8] = []
        private var item: FeedItem?
        /// Media RSS's scopes: properties given on a group or item apply to its contents lacking them.
        private var content: DraftAsset?
        private var group: [DraftAsset] = []
        private var groupProperties = DraftAsset(url: "")
        private var itemProperties = DraftAsset(url: "")
        private var inGroup = false
        private var thumbnails: [String] = []

        private func name(_ local: String, _ namespace: String?) -> String {
            switch namespace {
            case XMLFeedReader.mediaRSS?: "media:" + local
            case XMLFeedReader.dublinCore?: "dc:" + local
            case nil, ""?, XMLFeedReader.atom?: local
            default: "other:" + local
            }
        }

        func didStartElement(_ local: String, namespaceURI: String?, attributes: [String: String]) {
            let element = name(local, namespaceURI)
            if root == nil {
                root = local
                sawFeed = (local == "rss" && (namespaceURI ?? "").isEmpty) || (local == "feed" && namespaceURI == XMLFeedReader.atom)
                    || local == "RDF"
            }
            path.append(element)
            text = []
            switch element {
            case "item" where !inGroup, "entry":
                item = FeedItem()
                itemProperties = DraftAsset(url: "")
                thumbnails = []
            case "enclosure":
                guard item != nil, let url = attributes["url"], !url.isEmpty else { break }
                var asset = DraftAsset(url: url)
                asset.contentType = attributes["type"].flatMap { $0.contains("/") ? $0 : nil }
                item?.assets.append(asset)
            case "link":
                guard item != nil || path.count <= 3 else { break }
                let rel = attributes["rel"] ?? "alternate"
                guard let href = attributes["href"] else { break }  // RSS's <link> has text, read at its end
                if rel == "enclosure", item != nil {
                    var asset = DraftAsset(url: href)
                    asset.contentType = attributes["type"].flatMap { $0.contains("/") ? $0 : nil }
                    if let title = attributes["title"], !title.isEmpty {
                        asset.title = title
                        asset.context.append(.init(text: title, place: "the enclosure's title"))
                    }
                    item?.assets.append(asset)
                } else if rel == "alternate" {
                    if item != nil { if item?.link == nil { item?.link = href } } else if feed.link == nil { feed.link = href }
                }
            case "media:group":
                inGroup = true
                group = []
                groupProperties = DraftAsset(url: "")
            case "media:content":
                guard let url = attributes["url"], !url.isEmpty else { break }
                var asset = DraftAsset(url: url)
                asset.contentType = attributes["type"].flatMap { $0.contains("/") ? $0 : nil }
                switch attributes["medium"] {
                case "video"?: asset.statedType = .video
                case "audio"?: asset.statedType = .audio
                case "image"?: asset.statedType = .image
                default: break
                }
                content = asset
            case "media:thumbnail":
                if let url = attributes["url"], !url.isEmpty { thumbnails.append(url) }
            default:
                break
            }
        }

        /// Text and CDATA alike; an element's text is kept up to 256 KiB.
        func foundCharacters(_ bytes: UnsafeRawBufferPointer) {
            if text.count < 256 * 1024 { text.append(contentsOf: bytes) }
        }

        func didEndElement(_ local: String, namespaceURI: String?) {
            let element = name(local, namespaceURI)
            // Twice: titles are often HTML escaped once more than they should be (`&lt;b&gt;` in CDATA).
            // Only for elements whose text is kept (most of a Media RSS feed is attributes).
            let value = text.isEmpty ? "" : HTMLElement.plainText(HTMLElement.plainText(String(decoding: text, as: UTF8.self)))
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            defer { path.removeLast(); text = [] }
            switch element {
            case "media:title", "media:description", "media:credit", "media:copyright":
                guard !value.isEmpty else { break }
                if content != nil { apply(element, value, to: &content!) }
                else if inGroup { apply(element, value, to: &groupProperties) }
                else if item != nil { apply(element, value, to: &itemProperties) }
            case "media:content":
                guard var finished = content else { break }
                content = nil
                if inGroup { group.append(finished) } else {
                    finished.fill(from: itemProperties)
                    item?.assets.append(finished)
                }
            case "media:group":
                inGroup = false
                for var asset in group {
                    asset.fill(from: groupProperties)
                    item?.assets.append(asset)
                }
                group = []
            case "item" where !inGroup, "entry":
                guard var finished = item else { break }
                for index in finished.assets.indices {
                    finished.assets[index].fill(from: itemProperties)
                    if !thumbnails.isEmpty { finished.assets[index].notes.append("Thumbnail: \(thumbnails.joined(separator: ", ")).") }
                }
                finished.credit = finished.credit ?? itemProperties.credit
                finished.rights = finished.rights ?? itemProperties.rights
                feed.items.append(finished)
                item = nil
            default:
                guard !value.isEmpty else { break }
                if item != nil, parent == "item" || parent == "entry" {
                    switch element {
                    case "title": item?.title = value
                    case "link": if item?.link == nil { item?.link = value }
                    case "guid", "id": item?.guid = value
                    case "description", "summary": if item?.summary == nil { item?.summary = value }
                    case "content": if item?.summary == nil { item?.summary = value }
                    case "pubDate", "published", "dc:date": item?.date = value
                    case "updated": if item?.date == nil { item?.date = value }
                    case "dc:creator", "author": if item?.credit == nil { item?.credit = value }
                    case "dc:rights", "rights": item?.rights = value
                    default: break
                    }
                } else if item == nil, parent == "channel" || parent == "feed" {
                    if element == "title" { feed.title = value }
                    if element == "link" { feed.link = feed.link ?? value }
                }
            }
        }

        private func apply(_ element: String, _ value: String, to asset: inout DraftAsset) {
            switch element {
            case "media:title":
                asset.title = asset.title ?? value
                asset.context.append(.init(text: value, place: "the media:title"))
            case "media:description":
                asset.caption = asset.caption ?? value
                asset.context.append(.init(text: value, place: "the media:description"))
            case "media:credit": asset.credit = asset.credit ?? value
            case "media:copyright": asset.rights = asset.rights ?? value
            default: break
            }
        }
    }
}

extension DraftAsset {
    /// Takes the scope's properties (a Media RSS group's or item's) this asset does not have itself.
    mutating func fill(from scope: DraftAsset) {
        title = title ?? scope.title
        caption = caption ?? scope.caption
        credit = credit ?? scope.credit
        rights = rights ?? scope.rights
        for words in scope.context where !context.contains(words) { context.append(words) }
    }
}
