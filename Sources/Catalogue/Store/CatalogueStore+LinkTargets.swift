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
            return try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0
        }
    }

    /// At most `limit` targets whose URLs come after `after` (all when nil), in URL order; with
    /// `validators`, each carries what the last full sight of its file left for a conditional
    /// recheck (`LinkTarget.validator`), read in the same rows.
    public func linkTargets(_ selection: LinkSelection, after: String?, limit: Int, validators: Bool = false) throws -> [LinkTarget] {
        try pool.read { db in try Self.linkTargets(db, selection, after: after, limit: limit, validators: validators) }
    }

    /// Through cached statements stepped with SQLite's C API (`RawStatement`): GRDB's row cursors
    /// were a tenth of the work a 10,000-link recheck does outside its network loop.
    static func linkTargets(_ db: Database, _ selection: LinkSelection, after: String?, limit: Int, validators: Bool) throws -> [LinkTarget] {
        let limit = max(limit, 1)
        let validator = validators ? ValidatorColumns.self : nil
        if let urls = selection.urls { return try linkTargets(db, urls: urls, after: after, limit: limit, validator: validator) }
        let low = after ?? ""
        var byURL: [String: LinkTarget] = [:]
        byURL.reserveCapacity(limit)
        // The assets' rows from `low` on, in URL order, until `limit` URLs have come: one walk of
        // the URL index, where a page of distinct URLs and then their rows walked it twice. Each
        // row brings its event's days (for when the link is due again) and, when asked, the
        // link's validator: joins here, where lookups per URL afterwards walked the same indexes again.
        var assetURLs: [String] = []
        let assetRows = assetQuery(selection, columns: TargetRows.asset.columns(validator), join: TargetRows.asset.joins(validator),
                                   range: " AND asset.url > ?")
        try RawStatement.stepRows(db, assetRows.sql + " ORDER BY asset.url, asset.rowid", [low] + assetRows.arguments) { row in
            guard let url = row.text(0) else { return true }
            if url != assetURLs.last {
                guard assetURLs.count < limit else { return false }
                assetURLs.append(url)
            }
            TargetRows.asset.add(row, url: url, validator, to: &byURL)
            return true
        }
        // Web stories and thumbnails may come before some of those URLs: the page is the first
        // `limit` of all three, and asset URLs past its end wait for the next page.
        var urls = assetURLs
        let page = " ORDER BY 1 LIMIT \(limit)"
        func texts(_ sql: String, _ arguments: [String]) throws -> [String] {
            var values: [String] = []
            try RawStatement.forEachRow(db, sql, arguments) { row in
                if let value = row.text(0) { values.append(value) }
            }
            return values
        }
        if let story = storyQuery(selection, columns: "DISTINCT webstory", range: " AND webstory > ?") {
            urls = Array(mergeUnique(urls, try texts(story.sql + page, [low] + story.arguments)).prefix(limit))
        }
        if let thumbnail = thumbnailQuery(selection, columns: "DISTINCT thumbnail", range: " AND thumbnail > ?") {
            urls = Array(mergeUnique(urls, try texts(thumbnail.sql + page, [low] + thumbnail.arguments)).prefix(limit))
        }
        guard let high = urls.last else { return [] }
        for url in assetURLs.reversed() {
            guard precedes(high, url) else { break }
            byURL[url] = nil
        }
        if let storyRows = storyQuery(selection, columns: TargetRows.story.columns(validator), join: TargetRows.story.joins(validator),
                                      range: " AND webstory > ? AND webstory <= ?") {
            try RawStatement.forEachRow(db, storyRows.sql + " ORDER BY webstory, story.rowid", [low, high] + storyRows.arguments) { row in
                TargetRows.story.add(row, validator, to: &byURL)
            }
        }
        if let thumbnailRows = thumbnailQuery(selection, columns: TargetRows.thumbnail.columns(validator),
                                              join: TargetRows.thumbnail.joins(validator), range: " AND thumbnail > ? AND thumbnail <= ?") {
            try RawStatement.forEachRow(db, thumbnailRows.sql + " ORDER BY thumbnail, asset.rowid", [low, high] + thumbnailRows.arguments) { row in
                TargetRows.thumbnail.add(row, validator, to: &byURL)
            }
        }
        return urls.compactMap { byURL[$0].map(sortingSpans) }
    }

    /// A page of an explicit URL list: the next `limit` URLs after `after`, with every row using them.
    /// A URL the catalogue stopped using since it was listed has no target and is left out (so a
    /// page may be short without being the last).
    private static func linkTargets(_ db: Database, urls: [String], after: String?, limit: Int,
                                    validator: ValidatorColumns.Type?) throws -> [LinkTarget] {
        let start = after.map { last in urls.firstIndex { precedes(last, $0) } ?? urls.count } ?? 0
        let page = urls[start..<min(urls.count, start + limit)]
        // The page's URLs as one JSON array, walked by `json_each` as the outer loop of one run per
        // table; tables with no web stories or thumbnails at all are not asked. Rows come in the
        // page's order, each URL's in the table's row order.
        let list = jsonArray(Array(page))
        let hasStories = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM story WHERE webstory IS NOT NULL)") ?? true
        let hasThumbnails = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM asset WHERE thumbnail IS NOT NULL)") ?? true
        var byURL: [String: LinkTarget] = [:]
        byURL.reserveCapacity(page.count)
        for rows in [TargetRows.asset] + (hasStories ? [.story] : []) + (hasThumbnails ? [.thumbnail] : []) {
            let sql = "SELECT \(rows.columns(validator)) FROM json_each(?1) AS wanted CROSS JOIN \(rows.table)"
                + " ON \(rows.urlColumn) = wanted.value\(rows.joins(validator))"
            try RawStatement.forEachRow(db, sql, [list]) { row in rows.add(row, validator, to: &byURL) }
        }
        return page.compactMap { byURL[$0].map(sortingSpans) }
    }

    /// The three places a link comes from, each read in the same columns by both kinds of page:
    /// an asset's URL, a story's web story, an asset's thumbnail (checked as a photo).
    private enum TargetRows {
        case asset, story, thumbnail

        var table: String { self == .story ? "story" : "asset" }

        var urlColumn: String {
            switch self {
            case .asset: "asset.url"
            case .story: "story.webstory"
            case .thumbnail: "asset.thumbnail"
            }
        }

        /// The URL, what it is, the event's days, and the validator when asked for.
        func columns(_ validator: ValidatorColumns.Type?) -> String {
            let own = self == .asset ? "asset.url, asset.kind, asset.content_type, asset.id" : "\(urlColumn), \(table).id"
            return own + ", " + eventDays + (validator?.list ?? "")
        }

        /// Each row's event, and the validator's tables when asked for.
        func joins(_ validator: ValidatorColumns.Type?) -> String {
            eventJoin(table) + (validator?.join(urlColumn) ?? "")
        }

        /// Adds a row of `columns` to its link's target (`url` when the caller has read it already).
        func add(_ row: RawStatement, url: String? = nil, _ validator: ValidatorColumns.Type?, to byURL: inout [String: LinkTarget]) {
            let id: Int32 = self == .asset ? 3 : 1
            guard let url = url ?? row.text(0), let user = row.text(id) else { return }
            let days = id + 1, validatorColumn = id + 3
            switch self {
            case .asset:
                guard let kind = row.text(1).flatMap(AssetKind.init(rawValue:)) else { return }
                CatalogueStore.add(url, kind, row.text(2), user, span(row, days), validator?.read(row, from: validatorColumn), to: &byURL)
            case .story:
                CatalogueStore.add(url, .webstory, nil, "story:" + user, span(row, days), validator?.read(row, from: validatorColumn), to: &byURL)
            case .thumbnail:
                CatalogueStore.add(url, .photo, nil, "thumbnail:" + user, span(row, days), validator?.read(row, from: validatorColumn), to: &byURL)
            }
        }
    }

    /// A link's validator as the row queries read it: the check that last saw the file (`c`, whose
    /// id is NULL when none did) and the file's last probe (`m`).
    enum ValidatorColumns {
        static let list = ", c.id, c.etag, c.last_modified, c.content_type, c.content_length, m.etag, m.last_modified, "
            + "m.content_length, m.checked_at, " + MediaColumns.selectList("m")

        static func join(_ url: String) -> String {
            " LEFT JOIN link l ON l.url = \(url) LEFT JOIN link_check c ON c.id = l.validator_check_id"
                + " LEFT JOIN link_check m ON m.id = l.media_check_id"
        }

        /// The validator in the `list` columns from `first` on; nil when the file was never seen.
        static func read(_ row: RawStatement, from first: Int32) -> LinkValidator? {
            guard !row.isNull(first) else { return nil }
            var validator = LinkValidator(etag: row.text(first + 1), lastModified: row.text(first + 2), contentType: row.text(first + 3),
                                          contentLength: row.int64(first + 4),
                                          media: MediaColumns.read(row, from: first + 9, probedAt: row.text(first + 8)))
            (validator.probedETag, validator.probedLastModified, validator.probedLength) = (row.text(first + 5), row.text(first + 6), row.int64(first + 7))
            return validator
        }
    }

    private static func add(_ url: String, _ kind: AssetKind, _ declared: String?, _ user: String, _ span: EventSpan?,
                            _ validator: LinkValidator?, to byURL: inout [String: LinkTarget]) {
        // One hash lookup per row, not three.
        func update(_ target: inout LinkTarget) {
            if target.validator == nil { target.validator = validator }
            target.kinds.insert(kind)
            if let declared { target.declaredContentTypes.insert(declared) }
            target.usedBy.append(user)
            if let span, !target.events.contains(span) { target.events.append(span) }
        }
        update(&byURL[url, default: LinkTarget(url: url, kinds: [], declaredContentTypes: [], usedBy: [])])
    }

    /// The event's first and last days, as the row queries select them (after `eventJoin`).
    private static let eventDays = #"e.start, e."end""#

    /// Joins each row of `table` (asset or story) to its event. CROSS JOIN keeps SQLite's outer
    /// loop on the table's own index, whose order the pages follow.
    private static func eventJoin(_ table: String) -> String {
        " CROSS JOIN event e ON e.id = \(table).event_id"
    }

    /// The event days in columns `column` and `column + 1`, nil when the start cannot be read.
    private static func span(_ row: RawStatement, _ column: Int32) -> EventSpan? {
        guard let start = row.text(column).flatMap(CalendarDate.init(iso:)) else { return nil }
        return EventSpan(start: start, end: row.text(column + 1).flatMap(CalendarDate.init(iso:)))
    }

    /// A target's event days in the order reports and the recheck rules expect: by start, then end.
    private static func sortingSpans(_ target: LinkTarget) -> LinkTarget {
        guard target.events.count > 1 else { return target }
        var target = target
        target.events.sort { ($0.start, $0.end?.description ?? "") < ($1.start, $1.end?.description ?? "") }
        return target
    }

    /// A query over the selection's assets; the caller's arguments for `range` come first.
    /// `+event_id` and `+kind` keep SQLite on the URL index, whose order the pages follow, rather
    /// than on the event index.
    private static func assetQuery(_ selection: LinkSelection, columns: String, join: String = "", range: String)
        -> (sql: String, filter: String, arguments: [String]) {
        var filter = ""
        var arguments: [String] = []
        if let events = selection.events {
            filter += " AND +asset.event_id IN (\(databaseQuestionMarks(count: events.count)))"
            arguments += events
        }
        if !selection.kinds.isEmpty {
            filter += " AND +asset.kind IN (\(databaseQuestionMarks(count: selection.kinds.count)))"
            arguments += selection.kinds.map(\.rawValue)
        }
        return ("SELECT \(columns) FROM asset\(join) WHERE 1\(range)\(filter)", filter, arguments)
    }

    /// A query over the selection's stories' webstory links, nil when the selection leaves them out.
    private static func storyQuery(_ selection: LinkSelection, columns: String, join: String = "", range: String)
        -> (sql: String, arguments: [String])? {
        guard selection.includesStories else { return nil }
        var sql = "SELECT \(columns) FROM story\(join) WHERE webstory IS NOT NULL\(range)"
        var arguments: [String] = []
        if let events = selection.events {
            sql += " AND +event_id IN (\(databaseQuestionMarks(count: events.count)))"
            arguments += events
        }
        return (sql, arguments)
    }

    /// A query over the selection's assets' thumbnails (checked as photos), nil when the selection
    /// leaves photos out. The partial index `asset_on_thumbnail` keeps pages in URL order.
    private static func thumbnailQuery(_ selection: LinkSelection, columns: String, join: String = "", range: String)
        -> (sql: String, arguments: [String])? {
        guard selection.includesThumbnails else { return nil }
        var sql = "SELECT \(columns) FROM asset\(join) WHERE thumbnail IS NOT NULL\(range)"
        var arguments: [String] = []
        if let events = selection.events {
            sql += " AND +event_id IN (\(databaseQuestionMarks(count: events.count)))"
            arguments += events
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
