import Catalogue
import Foundation

/// Builds a `LinkReport` from the store: the period's transitions as a `ChangeDigest`, the links
/// still broken from before, the kits the changes leave incomplete, and the health chart's series.
public struct LinkReportBuilder: Sendable {
    /// For the certificate warning window.
    public var linkPolicy: LinkCheckPolicy
    /// For judging whether each touched event's kit is complete.
    public var kitPolicy: PressKitPolicy
    /// The text of a catalogue file, or nil when it cannot be read (to find the line of a moved URL).
    public var readFile: @Sendable (String) -> String?

    public init(linkPolicy: LinkCheckPolicy, kitPolicy: PressKitPolicy,
                readFile: @escaping @Sendable (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }) {
        self.linkPolicy = linkPolicy
        self.kitPolicy = kitPolicy
        self.readFile = readFile
    }

    /// The stretch of history a report covers: (since, until].
    public struct Period: Hashable, Sendable {
        public var since: Date?
        public var source: LinkReport.SinceSource
        public var until: Date

        /// `--since` when given, else where the previous report ended (`mark`), else everything.
        public init(since option: Date?, mark: Date?, until: Date) {
            self.until = until
            if let option {
                (since, source) = (option, .option)
            } else if let mark {
                (since, source) = (mark, .previousReport)
            } else {
                (since, source) = (nil, .firstReport)
            }
        }
    }

    /// The report of `period`, for one event or (nil) the whole catalogue.
    public func report(from store: CatalogueStore, event: String?, period: Period) throws -> LinkReport {
        let uses = try store.linkUses(events: event.map { [$0] })
        let usedBy = uses.mapValues { $0.map(ChangeDigest.AssetReference.init) }
        var histories = try store.histories(since: period.since, until: period.until)
        if event != nil { histories.removeAll { uses[$0.url] == nil } }
        let transitions = ArchiveFixity.annotate(LinkTransitions.derive(histories), histories: histories,
                                                 copies: try store.archivedCopies(for: histories.map(\.url)))
        let health = try store.health(of: Array(uses.keys) + transitions.map(\.url))
        let digest = ChangeDigest.build(transitions: transitions, health: health, usedBy: usedBy,
                                        certificateWarningDays: linkPolicy.certificateWarningDays,
                                        since: period.since, createdAt: period.until)
        let changes = try changes(digest.items, uses: uses, store: store)
        let newlyBroken = Set(digest.items.filter { $0.kind == .broke }.map(\.url))
        let broken = uses.keys.filter { url in health[url].map { !$0.verdict.isWorking } ?? false && !newlyBroken.contains(url) }
        // As a link that breaks says it in the changes (ArchiveFixity), one still broken says so here.
        let copies = try store.archivedCopies(for: broken)
        let stillBroken = broken.compactMap { url -> LinkReport.BrokenLink? in
            guard let link = health[url] else { return nil }
            return LinkReport.BrokenLink(url: url, verdict: link.verdict, since: Timestamp.text(link.since),
                                         lastChecked: Timestamp.text(link.lastChecked), lastOK: link.lastOK.map(Timestamp.text),
                                         httpStatus: link.httpStatus, consecutiveFailures: link.consecutiveFailures,
                                         usedBy: usedBy[url] ?? [], archivedCopy: copies[url].map(LinkReport.HeldCopy.init))
        }.sorted { ($0.since, $0.url) < ($1.since, $1.url) }
        // Certificates are a standing warning, not a change to a kit.
        var touched = Set(digest.items.filter { $0.kind != .certificateExpiring }.flatMap { $0.usedBy.map(\.event) })
        if let event { touched.insert(event) }
        return LinkReport(
            createdAt: Timestamp.text(period.until), since: period.since.map(Timestamp.text), sinceSource: period.source,
            event: event, changes: changes, stillBroken: stillBroken,
            incompleteKits: try incompleteKits(touched.sorted(), health: health, asOf: period.until, store: store),
            linkHealth: try healthWindow(event: event, uses: uses, until: period.until, store: store))
    }

    /// The digest's items, each move with the catalogue lines that name the old URL.
    private func changes(_ items: [ChangeDigest.Item], uses: [String: [LinkUse]], store: CatalogueStore) throws -> [LinkReport.Change] {
        let moved = items.filter { $0.kind == .moved }
        let sources = try store.sourcePaths(of: moved.flatMap { uses[$0.url]?.map(\.eventID) ?? [] })
        var texts: [String: String?] = [:]
        return items.map { item in
            guard item.kind == .moved else { return LinkReport.Change(item: item) }
            var paths: [String] = []
            for use in uses[item.url] ?? [] {
                if let path = sources[use.eventID], !paths.contains(path) { paths.append(path) }
            }
            let edits = paths.flatMap { path -> [CatalogueEdit] in
                if texts[path] == nil { texts[path] = .some(readFile(path)) }
                guard let text = texts[path] ?? nil else { return [CatalogueEdit(path: path)] }
                let lines = CatalogueLines.find(item.url, in: text)
                return lines.isEmpty ? [CatalogueEdit(path: path)] : lines.map { CatalogueEdit(path: path, line: $0.line, field: $0.field) }
            }
            return LinkReport.Change(item: item, catalogueEdits: edits)
        }
    }

    /// The kits of `events`, built as `presskit manifest` would now, that miss a required kind or
    /// leave assets out.
    private func incompleteKits(_ events: [String], health: [String: LinkHealth], asOf: Date,
                                store: CatalogueStore) throws -> [LinkReport.IncompleteKit] {
        let builder = ManifestBuilder(policy: kitPolicy, asOf: asOf, expectations: linkPolicy.expectations)
        return try events.compactMap { id in
            guard let event = try store.event(id) else { return nil }
            let kit = builder.manifest(for: event, health: health)
            guard !kit.summary.missingKinds.isEmpty || !kit.summary.leftOut.isEmpty else { return nil }
            var titles = Dictionary(event.allAssets.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
            for story in event.stories { titles["story:\(story.id)"] = story.headline }
            return LinkReport.IncompleteKit(
                event: id, title: event.title, missingKinds: kit.summary.missingKinds,
                leftOut: kit.summary.leftOut.map { .init(id: $0.id, kind: $0.kind, title: titles[$0.id] ?? $0.id, reasons: $0.reasons) })
        }
    }

    /// Each event's daily health over the chart window; events without a check in it are left out.
    private func healthWindow(event: String?, uses: [String: [LinkUse]], until: Date,
                              store: CatalogueStore) throws -> HealthWindow {
        let bounds = HealthWindow.bounds(until: until)
        var urlsByEvent: [String: Set<String>] = [:]
        for (url, list) in uses {
            for use in list { urlsByEvent[use.eventID, default: []].insert(url) }
        }
        let summaries = try store.events().filter { event == nil || $0.event.id == event }
        let series = try summaries.sorted { $0.event.id < $1.event.id }.compactMap { summary -> EventHealth? in
            let urls = urlsByEvent[summary.event.id] ?? []
            guard !urls.isEmpty else { return nil }
            let days = try store.dailyVerdicts(of: Array(urls), from: bounds.start, until: until)
            guard !days.isEmpty else { return nil }
            return EventHealth(event: summary.event.id, title: summary.event.title, links: urls.count, verdictsByDay: days)
        }
        return HealthWindow(from: bounds.from, to: bounds.to, events: series)
    }
}
