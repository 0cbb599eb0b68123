import Catalogue
import Fetcher
import Foundation
import MediaProbe

/// `presskit ingest FEED…`: drafts a story for each new item of RSS 2.0 (with Media RSS), Atom 1.0
/// and JSON Feed 1.1 feeds, given by URL or file, into `Catalog/drafts/` (one file per feed and day),
/// and remembers the items drafted in the database so the next run drafts only what is new.
public struct IngestOperation: Sendable {
    public static let defaultFolder = "Catalog/drafts"
    /// The most bytes of a feed read (a file, or a download through the engine).
    public static let feedBudget = 32 * 1_024 * 1_024

    public var feeds: [String]
    public var since: CalendarDate?
    public var folder: String
    public var database: String
    public var policies: PolicySet
    public var today: CalendarDate = DraftOperation.currentDay()

    public init(feeds: [String], since: CalendarDate?, folder: String?, database: String, policies: PolicySet) {
        self.feeds = feeds
        self.since = since
        self.folder = folder ?? Self.defaultFolder
        self.database = database
        self.policies = policies
    }

    public struct Outcome: Sendable {
        /// One line per feed: the file written and how many items, or that nothing was new.
        public var lines: [String]
        /// Feeds that could not be read, one line each (the feed and why).
        public var failures: [String]
    }

    public func run(notes: OperationNotes) async throws -> Outcome {
        let rules = try policies.draftPolicy()
        let store = try CatalogueStore(path: database, access: .create)
        var fetching = Fetching(policies: policies)
        defer { fetching.shutdown() }
        var lines: [String] = []
        var failures: [String] = []
        for source in feeds {
            do {
                let (feed, base) = try await load(source, fetching: &fetching)
                let key = Self.isURL(source) ? source : URL(fileURLWithPath: source).standardizedFileURL.path
                lines.append(try await ingest(feed, key: key, source: source, base: base, rules: rules, store: store, fetching: &fetching, notes: notes))
            } catch let failure as OperationFailure {
                throw failure
            } catch {
                failures.append("\(source): \(error)")
            }
        }
        if failures.count > 1 || !lines.isEmpty {
            for failure in failures { notes.warning("cannot ingest \(failure)") }
        }
        if !failures.isEmpty, lines.isEmpty {
            throw OperationFailure(failures.count == 1 ? "cannot ingest \(failures[0])" : "no feed could be ingested (\(failures.count) feeds failed, listed above)",
                                   reason: .invalidInput)
        }
        return Outcome(lines: lines, failures: failures)
    }

    static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The feed `source` names, following an HTML page's `<link rel="alternate">` to its feed once.
    private func load(_ source: String, fetching: inout Fetching) async throws -> (ParsedFeed, String?) {
        var location = source
        for _ in 0..<2 {
            let (data, contentType) = try await Self.isURL(location) ? fetching.get(location) : (Self.readFile(location), nil)
            let base = Self.isURL(location) ? location : nil
            if Self.isHTML(data, contentType: contentType) {
                let alternates = HTMLElement.scan(data[...]).filter { element in
                    element.name == "link" && (element["rel"] ?? "").lowercased().split(separator: " ").contains("alternate")
                        && ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"].contains((element["type"] ?? "").lowercased())
                }
                guard location == source, let href = alternates.first?["href"],
                      let next = base.flatMap({ PageDraft.resolve(href, against: $0) }) ?? (Self.isURL(href) ? href : nil) else {
                    throw XMLFeedReader.Refusal(description: "an HTML page that names no feed (no <link rel=\"alternate\"> to RSS, Atom or JSON Feed)")
                }
                location = next
                continue
            }
            let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            let feed = first == UInt8(ascii: "{") ? try JSONFeedReader.read(Data(data)) : try XMLFeedReader.read(Data(data))
            return (feed, base ?? feed.link)
        }
        throw XMLFeedReader.Refusal(description: "the feed could not be found")
    }

    static func isHTML(_ data: [UInt8], contentType: String?) -> Bool {
        if let type = contentType?.lowercased(), type.hasPrefix("text/html") || type.hasPrefix("application/xhtml") { return true }
        let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        return head.contains("<!doctype html") || head.contains("<html")
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw XMLFeedReader.Refusal(description: "no such file, or it cannot be read")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: feedBudget + 1)) ?? Data()
        guard data.count <= feedBudget else { throw XMLFeedReader.Refusal(description: "larger than \(feedBudget / 1_048_576) MB; refused") }
        return Array(data)
    }

    private func ingest(_ feed: ParsedFeed, key: String, source: String, base: String?, rules: DraftPolicy, store: CatalogueStore,
                        fetching: inout Fetching, notes: OperationNotes) async throws -> String {
        var seen = Set<String>()
        var candidates: [FeedItem] = []
        var unkeyed = 0
        for item in feed.items {
            guard let itemKey = item.key else { unkeyed += 1; continue }
            guard seen.insert(itemKey).inserted else { continue }  // duplicate items: the first counts
            if let since, let date = item.date.flatMap(DraftDates.catalogueDate), let day = CalendarDate(iso: String(date.prefix(10))), day < since { continue }
            candidates.append(item)
        }
        if unkeyed > 0 { notes.warning("\(source): \(unkeyed) item\(unkeyed == 1 ? "" : "s") with no GUID, link or title skipped") }
        let known = try withDatabase(store) { try store.draftedItems(feed: key, among: candidates.compactMap(\.key)) }
        let fresh = candidates.filter { !known.contains($0.key!) }
        guard !fresh.isEmpty else { return "\(source): nothing new" }

        // Items without media of their own: their page is drafted with `draft`'s rules.
        let pages = fresh.compactMap { item -> String? in
            guard item.assets.isEmpty, let link = item.link else { return nil }
            return resolve(link, base)
        }
        let drafted = pages.isEmpty ? [:] : try await fetching.pages(pages, notes: notes)

        var stories: [DraftStory] = []
        var usedIDs = Set<String>()
        for item in fresh {
            let link = item.link.flatMap { resolve($0, base) }
            var id = link.flatMap(DraftSlug.fromPage) ?? item.title.flatMap(DraftSlug.make) ?? item.guid.flatMap(DraftSlug.make) ?? "item"
            if usedIDs.contains(id) { id = (2...).lazy.map { "\(id)-\($0)" }.first { !usedIDs.contains($0) }! }
            usedIDs.insert(id)
            var story = DraftStory(id: id, source: "\(source), item \(item.key!)")
            story.headline = item.title
            story.date = item.date.flatMap(DraftDates.catalogueDate)
            story.summary = item.summary
            story.webstory = link
            var assets = AssetList()
            for var asset in item.assets {
                guard let url = resolve(asset.url, base) else { continue }
                asset.url = url
                asset.credit = asset.credit ?? item.credit
                asset.rights = asset.rights ?? item.rights
                assets.add(asset)
            }
            if let link, let page = drafted[link] {
                story.date = story.date ?? page.date
                story.summary = story.summary ?? page.summary
                story.headline = story.headline ?? page.headline
                for asset in page.assets { assets.add(asset) }
            }
            story.assets = assets.assets
            DraftOperation.finish(&story, rules: rules, today: today)
            stories.append(story)
        }
        let slug = DraftSlug.make(feed.title ?? "") ?? DraftSlug.fromPage(source) ?? "feed"
        let path = try writeDraft(stories, feedSlug: slug, feedTitle: feed.title ?? source, source: source)
        try withDatabase(store) { try store.rememberDrafted(feed: key, items: fresh.compactMap(\.key), at: Date()) }
        return "\(source): \(stories.count) new item\(stories.count == 1 ? "" : "s") drafted in \(path)"
    }

    private func resolve(_ reference: String, _ base: String?) -> String? {
        if let base { return PageDraft.resolve(reference, against: base) }
        return Self.isURL(reference) ? PageDraft.resolve(reference, against: reference) : nil
    }

    /// `<folder>/<feed>-<day>.yaml`, or `-2`, `-3`… when a run already wrote that file today.
    private func writeDraft(_ stories: [DraftStory], feedSlug: String, feedTitle: String, source: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var path = "\(folder)/\(feedSlug)-\(today).yaml"
        var counter = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(folder)/\(feedSlug)-\(today)-\(counter).yaml"
            counter += 1
        }
        let start = stories.compactMap { $0.date.map { String($0.prefix(10)) } }.min() ?? today.description
        let stub = DraftYAML.EventStub(id: "\(feedSlug.prefix(90))-draft-\(today)", title: feedTitle, start: start,
                                       note: "event stub for new items of \(source): edit its id, title, type and start, or move the stories into their event's file")
        let header = ["Drafted by presskit ingest from \(source): \(stories.count) new item\(stories.count == 1 ? "" : "s").",
                      "A draft, not the catalogue: review every guess marked with a comment, then move it under Catalog/ and import it."]
        try DraftOperation.write(DraftYAML(header: header, event: stub, stories: stories).render(), to: path, force: false)
        return path
    }
}

/// The engine, started only when a feed or an item's page must be fetched (a file feed whose items
/// carry their media never loads libcurl).
struct Fetching {
    let policies: PolicySet
    /// Feeds are read up to `IngestOperation.feedBudget`, pages up to `draft`'s page budget: the
    /// engine's body limits are per engine, so each has its own.
    private var engine: FetchEngine?
    private var pageEngine: FetchEngine?

    init(policies: PolicySet) {
        self.policies = policies
    }

    private func start(budget: Int) throws -> FetchEngine {
        var configuration = try policies.linkCheckPolicy().fetch
        configuration.maxBodyBytes = budget
        configuration.keptBodyBytes = budget
        return try FetchEngine(configuration: configuration)
    }

    private mutating func started() throws -> FetchEngine {
        if let engine { return engine }
        let engine = try start(budget: IngestOperation.feedBudget)
        self.engine = engine
        return engine
    }

    mutating func get(_ url: String) async throws -> ([UInt8], String?) {
        let result = try await started().fetch(FetchRequest(url: url, strategy: .rangedGet))
        guard result.verdict.isSuccess else {
            throw XMLFeedReader.Refusal(description: result.verdict.linkVerdict.rawValue + (result.detail.map { " (\($0))" } ?? ""))
        }
        if result.stoppedAtBodyLimit { throw XMLFeedReader.Refusal(description: "larger than \(IngestOperation.feedBudget / 1_048_576) MB; refused") }
        return (result.bodyPrefix, result.contentType)
    }

    /// Drafts each page with `draft`'s rules; pages that fail are named and left out.
    mutating func pages(_ urls: [String], notes: OperationNotes) async throws -> [String: DraftStory] {
        let engine = try pageEngine ?? start(budget: DraftOperation.defaultPageBudget)
        pageEngine = engine
        var stories: [String: DraftStory] = [:]
        let requests = Array(Set(urls)).sorted().map { FetchRequest(url: $0, strategy: .rangedGet, maxContentLength: nil) }
        for await result in engine.fetch(requests) {
            guard result.verdict.isSuccess, result.contentType.map({ $0.lowercased().contains("html") }) ?? true else {
                notes.warning("\(result.request.url): \(result.verdict.linkVerdict.rawValue); the item is drafted without its page's media")
                continue
            }
            stories[result.request.url] = PageDraft.story(from: result.bodyPrefix[...], pageURL: result.request.url, servedFrom: result.finalURL, id: "page")
        }
        return stories
    }

    func shutdown() {
        engine?.shutdown()
        pageEngine?.shutdown()
    }
}
