import GRDB

/// Which links a check covers: the URLs of the chosen events' assets, their thumbnails, and stories' webstory links.
public struct LinkSelection: Sendable, Hashable {
    /// Event ids; nil for every event.
    public var events: [String]?
    /// Only assets of these kinds (a story's webstory link counts as `webstory`); empty for all.
    public var kinds: [AssetKind]
    /// Exactly these URLs, as the catalogue uses them (`check --due`); `events` and `kinds` are then
    /// ignored. Kept in SQLite's URL order.
    public private(set) var urls: [String]?

    public init(events: [String]?, kinds: [AssetKind] = []) {
        self.events = events
        self.kinds = kinds
    }

    /// The URLs given, whatever their events.
    public init(urls: [String]) {
        self.events = nil
        self.kinds = []
        self.urls = urls.sorted(by: precedes)
    }

    var includesStories: Bool { kinds.isEmpty || kinds.contains(.webstory) }
    /// Thumbnails are images: checked as photos, and with them.
    var includesThumbnails: Bool { kinds.isEmpty || kinds.contains(.photo) }
}

/// The link targets of a selection, read a page at a time in URL order, so a run over 100,000 links
/// never holds them all: pages are ranges of the `url` index (and of `story_on_webstory`), each
/// starting after the previous page's last URL, so the index is scanned once over a whole run.
///
/// URL order is SQLite's (bytes of UTF-8), which `String`'s `<` is not for non-ASCII text; the
/// pages and the merge with the check history compare with `precedes`.
extension CatalogueStore {
    /// How many distinct URLs the selection holds.
    public func linkTargetCount(_ selection: LinkSelection) throws -> Int {
        if let urls = selection.urls { return urls.count }
        return try pool.read { db in
            // Assets' URLs, plus stories' links that no asset uses: both counts walk an index, where a
            // UNION of the two lists sorted them all again (twice as slow at 100,000 URLs).
            let asset = Self.assetQuery(selection, columns: "url", range: "")
            var sql = "SELECT count(DISTINCT url) FROM asset WHERE 1\(asset.filter)"
            var arguments = asset.arguments
            if let story = Self.storyQuery(selection, columns: "count(DISTINCT webstory)", range: " AND webstory NOT IN (\(asset.sql))") {
                sql = "SELECT (\(sql)) + (\(story.sql))"
                arguments += asset.arguments + story.arguments
            }
            if let thumbnail = Self.thumbnailQuery(selection, columns: "count(DISTINCT thumbnail)", range: " AND thumbnail NOT IN (\(asset.sql))") {
                var only = thumbnail.sql
                var onlyArguments = asset.arguments + thumbnail.arguments
                if let story = Self.storyQuery(selection, columns: "webstory", range: "") {
                    only += " AND thumbnail NOT IN (\(story.sql))"
                    onlyArguments += story.arguments
                }
                sql = "SELECT (\(sql)) + (\(only))"
                arguments += onlyArguments
            }
            return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
    }

    /// At most `limit` targets whose URLs come after `after` (all when nil), in URL order.
    public func linkTargets(_ selection: LinkSelection, after: String?, limit: Int) throws -> [LinkTarget] {
        try pool.read { db in try Self.linkTargets(db, selection, after: after, limit: limit) }
    }

    static func linkTargets(_ db: Database, _ selection: LinkSelection, after: String?, limit: Int) throws -> [LinkTarget] {
        if let urls = selection.urls { return try linkTargets(db, urls: urls, after: after, limit: limit) }
        // First the page's URLs (the first `limit` after `after`, from either table), then every
        // row using one of them.
        let low = after ?? ""
        let page = " ORDER BY 1 LIMIT \(max(limit, 1))"
        let asset = assetQuery(selection, columns: "DISTINCT url", range: " AND url > ?")
        var urls = try String.fetchAll(db, sql: asset.sql + page, arguments: [low] + asset.arguments)
        if let story = storyQuery(selection, columns: "DISTINCT webstory", range: " AND webstory > ?") {
            let storyURLs = try String.fetchAll(db, sql: story.sql + page, arguments: [low] + story.arguments)
            urls = Array(mergeUnique(urls, storyURLs).prefix(limit))
        }
        if let thumbnail = thumbnailQuery(selection, columns: "DISTINCT thumbnail", range: " AND thumbnail > ?") {
            let thumbnailURLs = try String.fetchAll(db, sql: thumbnail.sql + page, arguments: [low] + thumbnail.arguments)
            urls = Array(mergeUnique(urls, thumbnailURLs).prefix(limit))
        }
        guard let high = urls.last else { return [] }

        var byURL: [String: LinkTarget] = [:]
        byURL.reserveCapacity(urls.count)
        let assetRows = assetQuery(selection, columns: "url, kind, content_type, id", range: " AND url > ? AND url <= ?")
        let rows = try Row.fetchCursor(db, sql: assetRows.sql + " ORDER BY url, asset.rowid",
                                       arguments: [low, high] + assetRows.arguments)
        while let row = try rows.next() {
            guard let kind = AssetKind(rawValue: row[1]) else { continue }
            add(row[0], kind, row[2], row[3], to: &byURL)
        }
        if let storyRows = storyQuery(selection, columns: "webstory, id", range: " AND webstory > ? AND webstory <= ?") {
            let rows = try Row.fetchCursor(db, sql: storyRows.sql + " ORDER BY webstory, story.rowid",
                                           arguments: [low, high] + storyRows.arguments)
            while let row = try rows.next() {
                add(row[0], .webstory, nil, "story:" + (row[1] as String), to: &byURL)
            }
        }
        if let thumbnailRows = thumbnailQuery(selection, columns: "thumbnail, id", range: " AND thumbnail > ? AND thumbnail <= ?") {
            let rows = try Row.fetchCursor(db, sql: thumbnailRows.sql + " ORDER BY thumbnail, asset.rowid",
                                           arguments: [low, high] + thumbnailRows.arguments)
            while let row = try rows.next() {
                add(row[0], .photo, nil, "thumbnail:" + (row[1] as String), to: &byURL)
            }
        }
        return urls.compactMap { byURL[$0] }
    }

    /// A page of an explicit URL list: the next `limit` URLs after `after`, with every row using them.
    /// A URL the catalogue stopped using since it was listed has no target and is left out (so a
    /// page may be short without being the last).
    private static func linkTargets(_ db: Database, urls: [String], after: String?, limit: Int) throws -> [LinkTarget] {
        let start = after.map { last in urls.firstIndex { precedes(last, $0) } ?? urls.count } ?? 0
        let page = Array(urls[start..<min(urls.count, start + max(limit, 1))])
        var byURL: [String: LinkTarget] = [:]
        for chunk in page.chunked(500) {
            let marks = databaseQuestionMarks(count: chunk.count)
            let assets = try Row.fetchCursor(db, sql: "SELECT url, kind, content_type, id FROM asset WHERE url IN (\(marks)) ORDER BY url, rowid",
                                             arguments: StatementArguments(Array(chunk)))
            while let row = try assets.next() {
                guard let kind = AssetKind(rawValue: row[1]) else { continue }
                add(row[0], kind, row[2], row[3], to: &byURL)
            }
            let stories = try Row.fetchCursor(db, sql: "SELECT webstory, id FROM story WHERE webstory IN (\(marks)) ORDER BY webstory, rowid",
                                              arguments: StatementArguments(Array(chunk)))
            while let row = try stories.next() { add(row[0], .webstory, nil, "story:" + (row[1] as String), to: &byURL) }
            let thumbnails = try Row.fetchCursor(db, sql: "SELECT thumbnail, id FROM asset WHERE thumbnail IN (\(marks)) ORDER BY thumbnail, rowid",
                                                 arguments: StatementArguments(Array(chunk)))
            while let row = try thumbnails.next() { add(row[0], .photo, nil, "thumbnail:" + (row[1] as String), to: &byURL) }
        }
        return page.compactMap { byURL[$0] }
    }

    private static func add(_ url: String, _ kind: AssetKind, _ declared: String?, _ user: String,
                            to byURL: inout [String: LinkTarget]) {
        // One hash lookup per row, not three.
        func update(_ target: inout LinkTarget) {
            target.kinds.insert(kind)
            if let declared { target.declaredContentTypes.insert(declared) }
            target.usedBy.append(user)
        }
        update(&byURL[url, default: LinkTarget(url: url, kinds: [], declaredContentTypes: [], usedBy: [])])
    }

    /// A query over the selection's assets; the caller's arguments for `range` come first.
    /// `+event_id` and `+kind` keep SQLite on the URL index, whose order the pages follow, rather
    /// than on the event index.
    private static func assetQuery(_ selection: LinkSelection, columns: String, range: String)
        -> (sql: String, filter: String, arguments: StatementArguments) {
        var filter = ""
        var arguments = StatementArguments()
        if let events = selection.events {
            filter += " AND +event_id IN (\(databaseQuestionMarks(count: events.count)))"
            arguments += StatementArguments(events)
        }
        if !selection.kinds.isEmpty {
            filter += " AND +kind IN (\(databaseQuestionMarks(count: selection.kinds.count)))"
            arguments += StatementArguments(selection.kinds.map(\.rawValue))
        }
        return ("SELECT \(columns) FROM asset WHERE 1\(range)\(filter)", filter, arguments)
    }

    /// A query over the selection's stories' webstory links, nil when the selection leaves them out.
    private static func storyQuery(_ selection: LinkSelection, columns: String, range: String)
        -> (sql: String, arguments: StatementArguments)? {
        guard selection.includesStories else { return nil }
        var sql = "SELECT \(columns) FROM story WHERE webstory IS NOT NULL\(range)"
        var arguments = StatementArguments()
        if let events = selection.events {
            sql += " AND +event_id IN (\(databaseQuestionMarks(count: events.count)))"
            arguments += StatementArguments(events)
        }
        return (sql, arguments)
    }

    /// A query over the selection's assets' thumbnails (checked as photos), nil when the selection
    /// leaves photos out. The partial index `asset_on_thumbnail` keeps pages in URL order.
    private static func thumbnailQuery(_ selection: LinkSelection, columns: String, range: String)
        -> (sql: String, arguments: StatementArguments)? {
        guard selection.includesThumbnails else { return nil }
        var sql = "SELECT \(columns) FROM asset WHERE thumbnail IS NOT NULL\(range)"
        var arguments = StatementArguments()
        if let events = selection.events {
            sql += " AND +event_id IN (\(databaseQuestionMarks(count: events.count)))"
            arguments += StatementArguments(events)
        }
        return (sql, arguments)
    }

    /// Two sorted lists as one, without repeats.
    static func mergeUnique(_ a: [String], _ b: [String]) -> [String] {
        var merged: [String] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && precedes(a[i], b[j])) {
                merged.append(a[i]); i += 1
            } else if i == a.count || precedes(b[j], a[i]) {
                merged.append(b[j]); j += 1
            } else {
                merged.append(a[i]); i += 1; j += 1
            }
        }
        return merged
    }
}

/// SQLite's BINARY collation: UTF-8 byte order.
func precedes(_ a: String, _ b: String) -> Bool {
    ByteOrder.precedes(a, b)
}
