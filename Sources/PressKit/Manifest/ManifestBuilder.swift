import Catalogue
import Foundation
import LinkVocabulary
import MediaProbe

/// Builds an event's press kit: applies the embargo, the link health and the press-kit policy to
/// the catalogue. A pure function of its inputs; the same inputs give the same manifest.
public struct ManifestBuilder: Sendable {
    public var policy: PressKitPolicy
    /// The moment the kit is for: embargoes lift and checks go stale relative to it.
    public var asOf: Date
    /// Whether `as_of` is written into the kit (only when asked: it would make every kit differ).
    public var recordsAsOf: Bool
    /// What probed files of each kind should be (the link-check policy's `expect`): a file short of
    /// it has the problem `off-spec`.
    public var expectations: [AssetKind: MediaExpectation]
    /// The kit's language (`--language`): texts in it where the catalogue gives them, else in the
    /// event's own. Nil: the event's language, and no `language` in the kit (as before languages).
    public var language: String?
    /// Whether the kit carries every text's translations (`--all-languages`).
    public var includesTranslations: Bool

    public init(policy: PressKitPolicy, asOf: Date, recordsAsOf: Bool = false,
                expectations: [AssetKind: MediaExpectation] = MediaExpectation.defaults,
                language: String? = nil, includesTranslations: Bool = false) {
        self.language = language
        self.includesTranslations = includesTranslations
        self.policy = policy
        self.asOf = asOf
        self.recordsAsOf = recordsAsOf
        self.expectations = expectations
    }

    /// `health` maps URLs to their current health; URLs missing from it were never checked.
    public func manifest(for event: Event, health: [String: LinkHealth]) -> Manifest {
        var tally = Tally(texts: KitTexts(event: event, language: language))
        let eventAssets = groups(event.assets, health: health, tally: &tally)
        // Story by story rather than through `allAssets`, which copies every asset of the event.
        var webstoryAssetURLs = Set<String>()
        for assets in [event.assets] + event.stories.map(\.assets) {
            for asset in assets where asset.kind == .webstory && !isEmbargoed(asset) { webstoryAssetURLs.insert(asset.url) }
        }
        let stories = event.stories.map { story in
            KitStory(id: story.id, headline: tally.texts.pick(story.headline, .story(story.id), .headline),
                     date: story.date.description, place: story.place,
                     summary: tally.texts.pick(optional: story.summary, .story(story.id), .summary), people: story.people,
                     webstory: story.webstory.flatMap {
                         webstory(story.id, url: $0, health: health, countedByAsset: webstoryAssetURLs.contains($0), tally: &tally)
                     },
                     tags: story.tags, assets: groups(story.assets, health: health, tally: &tally))
        }
        let inKit = eventAssets + stories.flatMap(\.assets)
        let offered = Set(inKit.map(\.kind))
        let required = policy.requiredKinds[event.type] ?? []
        let missing = required.filter { !offered.contains($0) }
        for kind in missing {
            tally.violations.append(KitViolation(
                rule: .missingKind, action: policy.missingKind, asset: nil,
                message: "a \(event.type.rawValue) kit must offer \(kind.rawValue); this one has none"))
        }
        tally.violations += missingLanguages(event.type, in: inKit)
        var counts: [AssetKind: Int] = [:]
        for group in eventAssets + stories.flatMap(\.assets) { counts[group.kind, default: 0] += group.assets.count }
        let kit = KitEvent(id: event.id, title: tally.texts.pick(event.title, .event, .title), type: event.type,
                           start: event.start.description, end: event.end?.description, places: event.places,
                           summary: tally.texts.pick(optional: event.summary, .event, .summary),
                           contacts: event.contacts.isEmpty ? policy.contact.map { [$0] } ?? [] : event.contacts,
                           tags: event.tags)
        let summary = KitSummary(assetCount: counts.values.reduce(0, +), kinds: counts, requiredKinds: required,
                                 missingKinds: missing, embargoed: tally.embargoed, leftOut: tally.leftOut,
                                 broken: tally.broken, stale: tally.stale, unchecked: tally.unchecked)
        var manifest = Manifest(asOf: recordsAsOf ? Timestamp.text(asOf) : nil, event: kit, eventAssets: eventAssets,
                                stories: stories, summary: summary, violations: tally.violations, language: language,
                                fallbacks: tally.texts.fallbacks)
        if includesTranslations { tally.texts.addTranslations(event, to: &manifest) }
        return manifest
    }

    /// `missing-language`: each language the policy's `required_languages` wants an event type's
    /// assets of a kind in, that no asset of that kind in the kit is in (its `language`, or a
    /// subtag of it: `fr-BE` counts for `fr`).
    private func missingLanguages(_ type: EventType, in groups: [KitAssetGroup]) -> [KitViolation] {
        guard let byKind = policy.requiredLanguages[type] else { return [] }
        var violations: [KitViolation] = []
        for kind in AssetKind.allCases {
            guard let tags = byKind[kind] else { continue }
            let offered = groups.filter { $0.kind == kind }.flatMap(\.assets).compactMap(\.language)
            for tag in tags where !offered.contains(where: { $0.lowercased() == tag.lowercased() || $0.lowercased().hasPrefix(tag.lowercased() + "-") }) {
                violations.append(KitViolation(
                    rule: .missingLanguage, action: policy.missingLanguage, asset: nil,
                    message: "a \(type.rawValue) kit must offer \(kind.rawValue) in \(tag); this one has none"))
            }
        }
        return violations
    }

    /// What the assets and links seen so far add to the summary.
    private struct Tally {
        var texts: KitTexts
        var embargoed: [HeldBackAsset] = []
        var leftOut: [LeftOutAsset] = []
        var broken: [String] = []
        var stale: [String] = []
        var unchecked: [String] = []
        var violations: [KitViolation] = []
    }

    private func groups(_ assets: [Asset], health: [String: LinkHealth], tally: inout Tally) -> [KitAssetGroup] {
        var byKind: [AssetKind: [KitAsset]] = [:]
        for asset in assets {
            if let embargo = asset.embargo, isEmbargoed(asset) {
                tally.embargoed.append(HeldBackAsset(id: asset.id, kind: asset.kind,
                                                     title: policy.embargo == .announce ? tally.texts.pick(asset.title, .asset(asset.id), .title) : nil,
                                                     until: embargo.description))
                continue
            }
            let link = linkState(asset.url, health: health[asset.url], kind: asset.kind, declaredType: asset.contentType)
            guard let flags = judge(link, subject: asset.id, kind: asset.kind, tally: &tally) else { continue }
            let subject = TextSubject.asset(asset.id)
            let shotlist = tally.texts.isTranslating
                ? asset.shotlist.enumerated().map { Shot(at: $0.element.at, shot: tally.texts.pick($0.element.shot, subject, .shot($0.offset))) }
                : asset.shotlist
            byKind[asset.kind, default: []].append(KitAsset(
                id: asset.id, kind: asset.kind, title: tally.texts.pick(asset.title, subject, .title), url: asset.url,
                language: asset.language,
                credit: asset.credit ?? policy.defaultCredit, rights: asset.rights ?? policy.defaultRights,
                caption: tally.texts.pick(optional: asset.caption, subject, .caption), contentType: link.contentType, size: link.size,
                embargo: asset.embargo?.description, filmed: asset.filmed?.description, location: asset.location,
                synopsis: tally.texts.pick(optional: asset.synopsis, subject, .synopsis), shotlist: shotlist, speakers: asset.speakers,
                health: link.health, flags: flags, media: KitMedia(link.media),
                thumbnail: asset.thumbnail.flatMap { usableThumbnail($0, health: health[$0]) },
                translationOf: tally.texts.translationOf[asset.id]))
        }
        return AssetKind.allCases.compactMap { kind in
            byKind[kind].map { KitAssetGroup(kind: kind, assets: tally.texts.translationOf.isEmpty ? $0 : Self.translationsAfterOriginals($0)) }
        }
    }

    /// Each asset whose `translation_of` chain reaches another asset of the group comes right after
    /// that original (and its earlier translations), in catalogue order: "Transcript · English · français".
    static func translationsAfterOriginals(_ assets: [KitAsset]) -> [KitAsset] {
        let byID = Dictionary(assets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func root(_ asset: KitAsset) -> String {
            var current = asset
            var seen: Set<String> = [asset.id]
            while let next = current.translationOf.flatMap({ byID[$0] }), seen.insert(next.id).inserted { current = next }
            return current.id
        }
        var order: [String] = []
        var members: [String: [KitAsset]] = [:]
        for asset in assets {
            let key = root(asset)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(asset)
        }
        // An original listed after its translation still leads its group.
        return order.flatMap { key in
            let group = members[key]!
            return group.filter { $0.id == key } + group.filter { $0.id != key }
        }
    }

    /// A thumbnail is shown unless its last check found it not working (a journalist would see a
    /// broken image); a never-checked one is shown, as a never-checked asset is.
    private func usableThumbnail(_ url: String, health: LinkHealth?) -> String? {
        guard let health else { return url }
        return health.verdict.isWorking ? url : nil
    }

    private func isEmbargoed(_ asset: Asset) -> Bool {
        asset.embargo.map { Double($0.unixTime) > asOf.timeIntervalSince1970 } ?? false
    }

    /// A story's web story. When a `webstory` asset of the event has the same URL, that asset already
    /// stands for the link in the summary and the violations: judged again here only to decide
    /// whether the story shows it, so one link is never counted twice ("Never checked: 29 links" for 25).
    private func webstory(_ storyID: String, url: String, health: [String: LinkHealth], countedByAsset: Bool,
                          tally: inout Tally) -> KitLink? {
        let link = linkState(url, health: health[url], kind: .webstory, declaredType: nil)
        var uncounted = Tally(texts: tally.texts)
        let shown = countedByAsset ? judge(link, subject: "story:\(storyID)", kind: .webstory, tally: &uncounted)
            : judge(link, subject: "story:\(storyID)", kind: .webstory, tally: &tally)
        guard shown != nil else { return nil }
        return KitLink(url: url, health: link.health, image: link.media?.openGraphImage)
    }

    /// A link as the kit sees it, with every problem the policy knows a name for.
    private struct LinkState {
        var health: KitHealth
        var contentType: String?
        var size: Int64?
        var problems: [LinkProblem]
        var media: MediaProperties?
        /// How the file falls short of the kind's expectation, for the `off-spec` message.
        var shortfalls: [String] = []
    }

    private func linkState(_ url: String, health: LinkHealth?, kind: AssetKind, declaredType: String?) -> LinkState {
        guard let health else {
            var problems: [LinkProblem] = [.flag(.unchecked)]
            if let declaredType, let rule = policy.kinds[kind], !rule.accepts(contentType: declaredType) {
                problems.append(.verdict(.wrongType))
            }
            return LinkState(health: KitHealth(verdict: nil, checkedAt: nil, httpStatus: nil,
                                               newURL: nil, stale: false),
                             contentType: declaredType, size: nil, problems: problems)
        }
        let stale = asOf.timeIntervalSince(health.lastChecked) > Double(policy.staleAfter.components.seconds)
        var problems: [LinkProblem] = health.verdict == .ok ? [] : [.verdict(health.verdict)]
        let contentType = health.contentType ?? declaredType
        let rule = policy.kinds[kind]
        if let contentType, let rule, !rule.accepts(contentType: contentType), !problems.contains(.verdict(.wrongType)) {
            problems.append(.verdict(.wrongType))
        }
        if let size = health.contentLength, let limit = rule?.maxSize, size > limit, !problems.contains(.verdict(.tooLarge)) {
            problems.append(.verdict(.tooLarge))
        }
        if stale { problems.append(.flag(.stale)) }
        let media = health.media?.properties
        let shortfalls = media.flatMap { expectations[kind]?.shortfalls($0, kind: kind) } ?? []
        if !shortfalls.isEmpty { problems.append(.flag(.offSpec)) }
        return LinkState(health: KitHealth(verdict: health.verdict, checkedAt: Timestamp.text(health.lastChecked),
                                           httpStatus: health.httpStatus, newURL: health.newURL, stale: stale),
                         contentType: contentType, size: health.contentLength, problems: problems, media: media,
                         shortfalls: shortfalls)
    }

    /// Records the link's problems and the policy's answer to them; the flags to show on the link,
    /// or nil when the policy leaves it out of the kit.
    private func judge(_ link: LinkState, subject: String, kind: AssetKind, tally: inout Tally) -> [LinkProblem]? {
        if let verdict = link.health.verdict {
            if !verdict.isWorking { tally.broken.append(subject) }
        } else {
            tally.unchecked.append(subject)
        }
        if link.health.stale { tally.stale.append(subject) }

        var flags: [LinkProblem] = []
        var leaveOut = false
        for problem in link.problems {
            let action = policy.action(for: problem)
            guard action != .include else { continue }
            tally.violations.append(KitViolation(rule: .link(problem), action: action, asset: subject,
                                                 message: Self.message(problem, link: link, kind: kind)))
            if action == .leaveOut { leaveOut = true }
            flags.append(problem)
        }
        if leaveOut {
            tally.leftOut.append(LeftOutAsset(id: subject, kind: kind, reasons: flags))
            return nil
        }
        return flags
    }

    /// The rule of a kit that lacks a kind its event type requires; every other rule is a link problem.
    static let missingKindRule = KitRule.missingKind.rawValue

    private static func message(_ problem: LinkProblem, link: LinkState, kind: AssetKind) -> String {
        switch problem {
        case .flag(.unchecked): return "the link was never checked; run presskit check"
        case .flag(.stale): return "the last check (\(link.health.checkedAt ?? "never")) is older than the policy allows; run presskit check"
        case .verdict(.wrongType):
            return "serves \(link.contentType ?? "an unknown type"), which is not acceptable for a \(kind.rawValue)"
        case .verdict(.tooLarge): return "\(link.size.map { ByteSize.text($0) } ?? "its size") is over the policy's limit for a \(kind.rawValue)"
        case .flag(.offSpec): return "the file is \(link.shortfalls.joined(separator: "; "))"
        case .verdict(.redirected): return "the link moved permanently to \(link.health.newURL ?? "another URL"); update the catalogue"
        default:
            let status = link.health.httpStatus.map { " (HTTP \($0))" } ?? ""
            return "the last check found the link \(problem)\(status)"
        }
    }
}

extension ManifestBuilder {
    /// The kit of a stored event, with the current health of its links; nil when no such event.
    public func manifest(eventID: String, from store: CatalogueStore) throws -> Manifest? {
        guard let event = try store.event(eventID) else { return nil }
        // Collected story by story: `allAssets` would copy every asset of a 5,000-asset event first.
        var urls: [String] = []
        urls.reserveCapacity(event.assets.count + event.stories.reduce(0) { $0 + $1.assets.count + 1 })
        for assets in [event.assets] + event.stories.map(\.assets) {
            for asset in assets {
                urls.append(asset.url)
                if let thumbnail = asset.thumbnail { urls.append(thumbnail) }
            }
        }
        urls += event.stories.compactMap(\.webstory)
        return manifest(for: event, health: try store.health(of: urls))
    }
}

/// The moment a kit is built for, as `--as-of` takes it.
public enum KitMoment {
    /// A date (`2023-11-20`, meaning 00:00 UTC) or an RFC 3339 date-time with its zone.
    public static func parse(_ text: String) -> Date? {
        if let day = CalendarDate(iso: text), case .success(let start) = ZonedDateTime.parse("\(day)T00:00:00Z") {
            return Date(timeIntervalSince1970: Double(start.unixTime))
        }
        guard case .success(let moment) = ZonedDateTime.parse(text) else { return nil }
        return Date(timeIntervalSince1970: Double(moment.unixTime))
    }
}
