import Catalogue
import Fetcher
import Foundation
import StrictYAML

/// `presskit draft URL…`: fetches web story pages through the link checker's engine (its address
/// rules, timeouts and politeness from `link-check.yaml`), drafts one story per page, asks each
/// asset's server for its type with a HEAD, and writes the catalogue file for review.
public struct DraftOperation: Sendable {
    /// The most page bytes read (issue 15: a page budget, default 2 MB): a page past it is drafted
    /// from its first bytes, with a warning.
    public static let defaultPageBudget = 2 * 1_024 * 1_024

    public var pages: [String]
    /// Stories for an existing event (an id or unambiguous prefix, looked up in `database`); nil
    /// drafts an event stub from the first page.
    public var eventID: String?
    /// The catalogue database `eventID` is looked up in.
    public var database: String?
    public var policies: PolicySet
    public var pageBudget = DraftOperation.defaultPageBudget
    /// The day a draft is made, for a story whose page gives no date (the catalogue requires one).
    public var today: CalendarDate

    public init(pages: [String], eventID: String?, database: String? = nil, policies: PolicySet,
                today: CalendarDate = DraftOperation.currentDay()) {
        self.pages = pages
        self.eventID = eventID
        self.database = database
        self.policies = policies
        self.today = today
    }

    public struct Outcome: Sendable {
        /// The catalogue file drafted.
        public var yaml: String
        /// Pages that could not be drafted, one line each (the page and why).
        public var failures: [String]
    }

    public static func currentDay() -> CalendarDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// Drafts every page; fails only when no page could be drafted.
    public func run(notes: OperationNotes) async throws -> Outcome {
        // The event is looked up before any page is fetched: a mistyped id costs no requests.
        var event: Event?
        if let eventID {
            let store = try CatalogueDatabase.openExisting(database ?? CatalogueDatabase.defaultPath)
            let id = try resolveEvent(eventID, in: store)
            event = try withDatabase(store) { try store.event(id) }
        }
        let policy = try policies.linkCheckPolicy()
        let rules = try policies.draftPolicy()
        var configuration = policy.fetch
        configuration.maxBodyBytes = pageBudget
        configuration.keptBodyBytes = pageBudget
        let engine: FetchEngine
        do { engine = try FetchEngine(configuration: configuration) } catch {
            throw OperationFailure("cannot start the fetch engine: \(error)", reason: .invalidInput)
        }
        defer { engine.shutdown() }

        var seen = Set<String>()
        let unique = pages.filter { seen.insert($0).inserted }
        var fetched: [String: FetchResult] = [:]
        for await result in engine.fetch(unique.map { FetchRequest(url: $0, strategy: .rangedGet) }) {
            fetched[result.request.url] = result
        }
        var stories: [DraftStory] = []
        var failures: [String] = []
        var usedIDs = Set<String>()
        for page in unique {
            guard let result = fetched[page] else { failures.append("\(page): not fetched"); continue }
            guard result.verdict.isSuccess else {
                failures.append("\(page): \(result.verdict.linkVerdict.rawValue)" + (result.detail.map { " (\($0))" } ?? ""))
                continue
            }
            if let type = result.contentType?.lowercased(), !type.hasPrefix("text/html"), !type.hasPrefix("application/xhtml+xml") {
                failures.append("\(page): not an HTML page (\(type.split(separator: ";").first ?? ""))")
                continue
            }
            if result.stoppedAtBodyLimit {
                notes.warning("\(page): larger than the page budget of \(pageBudget) bytes; drafted from its first \(pageBudget) bytes")
            }
            var id = DraftSlug.fromPage(page) ?? "story"
            if usedIDs.contains(id) { id = (2...).lazy.map { "\(id)-\($0)" }.first { !usedIDs.contains($0) }! }
            usedIDs.insert(id)
            // Relative links are relative to where the page was served from, after redirects.
            stories.append(PageDraft.story(from: result.bodyPrefix[...], pageURL: page, servedFrom: result.finalURL, id: id))
        }
        for failure in failures { notes.warning("cannot draft \(failure)") }
        guard !stories.isEmpty else {
            throw OperationFailure("no page could be drafted" + (failures.count == 1 ? ": \(failures[0])" : " (\(failures.count) pages failed, listed above)"),
                                   reason: .invalidInput)
        }
        try await askTypes(of: &stories, rules: rules, engine: engine, notes: notes)
        for index in stories.indices { Self.finish(&stories[index], rules: rules, today: today) }

        let first = stories[0]
        let start = first.date.map { String($0.prefix(10)) } ?? today.description
        let stub: DraftYAML.EventStub
        if let event {
            stub = .init(id: event.id, title: event.title, start: event.start.description, type: event.type.rawValue,
                         note: "stories for the existing event '\(event.id)' (as in the catalogue): move them into its file; this copy only lets the draft validate on its own")
        } else {
            stub = .init(id: DraftSlug.make(first.headline ?? "") ?? first.id, title: first.headline ?? first.id, start: start,
                         note: "event stub drafted from \(first.source): edit its id, title, type and start before importing")
        }
        let header = ["Drafted by presskit draft from \(stories.count) page\(stories.count == 1 ? "" : "s").",
                      "Review every guess marked with a comment, then move the file under Catalog/ and import it."]
        return Outcome(yaml: DraftYAML(header: header, event: stub, stories: stories).render(), failures: failures)
    }

    /// The most links without a file extension asked about per page.
    static let maxLinksAsked = 20

    /// Each asset's type as its server states it (a HEAD, or the engine's ranged GET fallback), and
    /// links without a file extension whose words name a kind rule: kept as assets when their server
    /// says they are files (video, audio, an image, a document).
    private func askTypes(of stories: inout [DraftStory], rules: DraftPolicy, engine: FetchEngine, notes: OperationNotes) async throws {
        let words = rules.kinds.flatMap(\.words)
        for index in stories.indices {
            stories[index].otherLinks = Array(stories[index].otherLinks.filter { link in
                link.context.contains { context in words.contains { KindGuess.find($0, in: context.text) != nil } }
            }.prefix(Self.maxLinksAsked))
        }
        let asked = Set(stories.flatMap { $0.otherLinks.map(\.url) })
        let urls = Array(Set(stories.flatMap { $0.assets.map(\.url) }).union(asked)).sorted()
        var types: [String: String] = [:]
        for await result in engine.fetch(urls.map { FetchRequest(url: $0, strategy: .headFirst) }) {
            if result.verdict.isSuccess, let type = result.contentType?.split(separator: ";").first {
                let trimmed = type.trimmingCharacters(in: .whitespaces).lowercased()
                if trimmed.contains("/") { types[result.request.url] = trimmed }
            } else if !result.verdict.isSuccess, !asked.contains(result.request.url) {
                notes.warning("\(result.request.url): \(result.verdict.linkVerdict.rawValue); drafted as the page gives it")
            }
        }
        for s in stories.indices {
            var assets = AssetList()
            for asset in stories[s].assets { assets.add(asset) }
            for var link in stories[s].otherLinks {
                guard let type = types[link.url], DraftFileType(contentType: type) != nil else { continue }
                link.contentType = type
                assets.add(link)
            }
            stories[s].assets = assets.assets
            stories[s].otherLinks = []
            for a in stories[s].assets.indices {
                if let type = types[stories[s].assets[a].url] { stories[s].assets[a].contentType = type }
            }
        }
    }

    /// Kinds guessed, titles and dates the catalogue requires filled from what is known, each marked.
    static func finish(_ story: inout DraftStory, rules: DraftPolicy, today: CalendarDate) {
        if story.date == nil {
            story.date = today.description
            story.dateNote = "the \(story.webstory == story.source ? "page" : "feed") gives no date: the day it was drafted"
        }
        for index in story.assets.indices {
            KindGuess.apply(rules, to: &story.assets[index])
            if story.assets[index].title == nil {
                let name = KindGuess.fileName(story.assets[index].url)
                story.assets[index].title = name.isEmpty ? story.assets[index].url : name
                story.assets[index].titleNote = "no title given: the file name"
            }
        }
    }
}

extension DraftOperation {
    /// Writes a draft to `path` atomically (`KitFiles.write`); an existing file only with `force`.
    public static func write(_ text: String, to path: String, force: Bool) throws {
        try checkOutput(path, force: force)
        do { try KitFiles.write(text, to: path) } catch let failure as KitFiles.WriteError {
            throw OperationFailure(failure.description, reason: .invalidInput)
        }
    }

    /// An existing `path` is refused unless `force` (never overwriting is the default).
    public static func checkOutput(_ path: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !force || isDirectory.boolValue {
            throw OperationFailure(isDirectory.boolValue ? "cannot write '\(path)': it is a folder"
                                   : "'\(path)' exists; pass --force to replace it, or choose another file with -o", reason: .invalidInput)
        }
    }
}
