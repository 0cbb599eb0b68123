import Foundation
import MediaProbe

/// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): items and their `attachments`, read with
/// Foundation's `JSONSerialization`.
enum JSONFeedReader {
    static func read(_ data: Data) throws -> ParsedFeed {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw XMLFeedReader.Refusal(description: "not a readable JSON Feed: invalid JSON")
        }
        guard let version = root["version"] as? String, version.hasPrefix("https://jsonfeed.org/version/") else {
            throw XMLFeedReader.Refusal(description: "not a JSON Feed: no 'version' naming https://jsonfeed.org/version/1.1")
        }
        var feed = ParsedFeed()
        feed.title = text(root["title"])
        feed.link = text(root["home_page_url"])
        for case let object as [String: Any] in (root["items"] as? [Any]) ?? [] {
            var item = FeedItem()
            item.guid = text(object["id"]) ?? (object["id"] as? NSNumber).map { "\($0)" }
            item.link = text(object["url"])
            item.title = text(object["title"]).map(HTMLElement.plainText)
            item.summary = text(object["summary"]) ?? text(object["content_text"]) ?? text(object["content_html"]).map(HTMLElement.plainText)
            item.date = text(object["date_published"]) ?? text(object["date_modified"])
            let authors = ((object["authors"] as? [Any]) ?? []).compactMap { ($0 as? [String: Any]).flatMap { text($0["name"]) } }
            if !authors.isEmpty { item.credit = authors.joined(separator: ", ") }
            for case let attachment as [String: Any] in (object["attachments"] as? [Any]) ?? [] {
                guard let url = text(attachment["url"]) else { continue }
                var asset = DraftAsset(url: url)
                asset.contentType = text(attachment["mime_type"]).flatMap { $0.contains("/") ? $0 : nil }
                if let title = text(attachment["title"]) {
                    asset.title = title
                    asset.context.append(.init(text: title, place: "the attachment's title"))
                }
                item.assets.append(asset)
            }
            feed.items.append(item)
        }
        return feed
    }

    private static func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        let trimmed = string.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}
