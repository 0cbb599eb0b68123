import Catalogue
import LinkVocabulary

/// What a press kit must offer and how it treats problem links: `Policies/press-kit.yaml`.
/// Every key is optional; `PressKitPolicy()` holds the documented defaults (Policies/README.md),
/// which suit a press office like NATO's: the kinds its advisories announce per event type.
public struct PressKitPolicy: Hashable, Sendable {
    public static let fileName = "press-kit.yaml"

    /// Kinds a kit must offer, per event type. Types not listed require nothing.
    public var requiredKinds: [EventType: [AssetKind]] = [
        .visit: [.transcript, .photo, .bRoll],
        .exercise: [.bRoll, .photo],
        .summit: [.transcript, .photo, .video],
        .meeting: [.photo],
        .statement: [.transcript],
        .conference: [.transcript],
        .briefing: [.transcript],
        .other: [],
    ]
    /// What `missing-kind` does: `flag` (the summary lists it) or `fail` (no kit is written).
    public var missingKind: PolicyAction = .flag
    /// Acceptable content types and size per kind. A kind without a rule accepts any type and size.
    public var kinds: [AssetKind: KindRule] = PressKitPolicy.defaultKindRules
    /// Whether assets under embargo are listed (without their URL) or only counted.
    public var embargo: EmbargoRule = .holdBack
    /// What each link problem does to the asset (the policy's `links`, keyed by the problems' names).
    public var linkActions: [LinkProblem: PolicyAction] = PressKitPolicy.defaultLinkActions
    /// How old the last check may be before the kit calls the link stale.
    public var staleAfter: Duration = .seconds(7 * 86_400)
    /// Used where the catalogue gives no credit line.
    public var defaultCredit: String? = "NATO"
    /// Used where the catalogue gives no conditions of use.
    public var defaultRights: String? = "Free for objective editorial use with credit; no advertising or parody. See https://www.nato.int/multi/conditions-e.html"
    /// The press-office contact, used when an event lists none.
    public var contact: Contact? = Contact(name: "NATO Press Office", role: "Press enquiries")
    /// Who publishes the kits: a bundle's `Source-Organization` (BagIt, RFC 8493 §2.2.2).
    public var organization: String? = "NATO"
    /// Where the press site (`manifest --all`) is published, ending in `/`: public pages' canonical,
    /// Open Graph and feed links are absolute under it. Without it they are relative and no canonical is written.
    public var siteURL: String?
    /// The language of catalogue texts written as plain strings in events without `language` (BCP 47).
    public var defaultLanguage = "en"
    /// The languages the press site is built in (`manifest --all -o DIR`); empty: the default language only.
    public var languages: [String] = []
    /// Languages each event type's assets of a kind must be offered in (`required_languages`): an
    /// asset of the kind in the language, or one whose `translation_of` chain leads to one. None by default.
    public var requiredLanguages: [EventType: [AssetKind: [String]]] = [:]
    /// What `missing-language` does: `flag` (the summary lists it) or `fail` (no kit is written).
    public var missingLanguage: PolicyAction = .flag

    /// The site's languages, the default one first when listed.
    public var siteLanguages: [String] { languages.isEmpty ? [defaultLanguage] : languages }

    public init() {}

    /// The names of the problems a kit can find on a link (every verdict, then the flags): the keys
    /// of a policy's `links`.
    public static let linkProblems = LinkProblem.allCases.map(\.rawValue)

    /// Without a policy entry: working links are included, a broken or blocked one left out, anything
    /// else (transient failures, wrong type, stale, never checked) flagged for staff to look at.
    public static let defaultLinkActions: [LinkProblem: PolicyAction] = {
        var actions = Dictionary(uniqueKeysWithValues: LinkProblem.allCases.map { ($0, PolicyAction.flag) })
        for verdict in LinkVerdict.working { actions[.verdict(verdict)] = .include }
        for verdict in [LinkVerdict.broken, .blocked] { actions[.verdict(verdict)] = .leaveOut }
        return actions
    }()

    /// Media, a download archive, or an untyped download; `text/html` too, because gallery and portal
    /// pages stand for photos and b-roll in the office's catalogue (Catalog/README.md).
    public static let defaultKindRules: [AssetKind: KindRule] = {
        let download = ["application/zip", "application/octet-stream", "text/html"]
        return [
            .bRoll: KindRule(contentTypes: ["video/*", "application/mxf"] + download, maxSize: nil),
            .soundbite: KindRule(contentTypes: ["video/*", "audio/*"] + download, maxSize: nil),
            .video: KindRule(contentTypes: ["video/*", "application/vnd.apple.mpegurl"] + download, maxSize: nil),
            .audio: KindRule(contentTypes: ["audio/*"] + download, maxSize: nil),
            .photo: KindRule(contentTypes: ["image/*"] + download, maxSize: 100_000_000),
            .transcript: KindRule(contentTypes: ["text/html", "application/xhtml+xml", "text/plain", "application/pdf"], maxSize: 50_000_000),
            .document: KindRule(contentTypes: [], maxSize: 500_000_000),
            .webstory: KindRule(contentTypes: ["text/html", "application/xhtml+xml"], maxSize: nil),
        ]
    }()

    /// The action for a problem.
    public func action(for problem: LinkProblem) -> PolicyAction {
        linkActions[problem] ?? .flag
    }
}

/// What a policy does about a problem.
public enum PolicyAction: String, Codable, CaseIterable, Hashable, Sendable {
    /// Nothing: the asset is in the kit as usual.
    case include
    /// The asset stays in the kit, marked; `--strict` refuses the kit.
    case flag
    /// The asset is not in the kit; the summary says why; `--strict` refuses the kit.
    case leaveOut = "leave-out"
    /// No kit is written at all.
    case fail
}

/// Acceptable content types (exact, or ranges like `image/*`; empty accepts any) and the largest size.
public struct KindRule: Hashable, Sendable {
    public var contentTypes: [String]
    public var maxSize: Int64?

    public init(contentTypes: [String], maxSize: Int64?) {
        self.contentTypes = contentTypes
        self.maxSize = maxSize
    }

    /// Whether `contentType` (parameters such as `; charset=` ignored) is one of the acceptable types.
    public func accepts(contentType: String) -> Bool {
        guard !contentTypes.isEmpty else { return true }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmedWhitespace.lowercased() } ?? ""
        return contentTypes.contains { accepted in
            accepted.hasSuffix("/*") ? type.hasPrefix(accepted.dropLast()) : type == accepted
        }
    }
}

/// How a kit treats assets whose embargo has not lifted yet. Either way the URL stays out of the kit.
public enum EmbargoRule: String, CaseIterable, Hashable, Sendable {
    /// Listed in the summary by id, kind and lift time only.
    case holdBack = "hold-back"
    /// Listed with their title too, so journalists know what is coming and when.
    case announce
}
