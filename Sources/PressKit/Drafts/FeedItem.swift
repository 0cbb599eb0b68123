import Foundation

/// A feed as read: its title and items, each with what the feed says of it and its media.
public struct ParsedFeed: Sendable {
    public var title: String?
    public var link: String?
    public var items: [FeedItem] = []
    /// For an HTML page given as a feed: the feeds its `<link rel="alternate">` names.
    public var alternates: [String] = []
}

public struct FeedItem: Sendable {
    public var guid: String?
    public var link: String?
    public var title: String?
    public var summary: String?
    /// As the feed wrote it (RFC 822 in RSS, RFC 3339 in Atom and JSON Feed).
    public var date: String?
    public var credit: String?
    public var rights: String?
    public var assets: [DraftAsset] = []

    /// What remembers the item between runs: its GUID, else its link, else its title and date.
    public var key: String? {
        guid ?? link ?? title.map { "\($0)|\(date ?? "")" }
    }
}
