import Catalogue
import Foundation
import StrictYAML
import LinkVocabulary

extension PressKitPolicy {
    static let keys = ["required_kinds", "missing_kind", "kinds", "embargo", "links", "stale_after",
                       "default_credit", "default_rights", "contact", "organization", "site_url",
                       "default_language", "languages", "required_languages", "missing_language"]
    static let kindRuleKeys = ["content_types", "max_size"]

    /// Reads `press-kit.yaml` from `directory`; a folder without it gives the defaults, a missing
    /// folder is an error (as for the link-check policy).
    public static func load(from directory: String) throws -> PressKitPolicy {
        try PolicyFolder.check(directory)
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return PressKitPolicy() }
        return try parse(data, path: path)
    }

    /// Sections override the defaults entry by entry: `required_kinds` with only `visit:` changes
    /// what a visit needs and leaves the other event types as they were.
    public static func parse(_ data: Data, path: String) throws -> PressKitPolicy {
        var d: [Diagnostic] = []
        var policy = PressKitPolicy()
        guard let root = YAMLText.parse(path: path, data: data, into: &d) else { throw InvalidInput(diagnostics: d) }
        if let map = MappingReader(root, what: "the press-kit policy", path: path, diagnostics: &d) {
            readRequiredKinds(map, into: &policy, &d)
            if let text = map.text("missing_kind", into: &d) {
                switch PolicyAction(rawValue: text) {
                case .flag?: policy.missingKind = .flag
                case .fail?: policy.missingKind = .fail
                default:
                    d.append(map.diagnostic(at: map.node("missing_kind"), "'missing_kind' must be flag or fail, found '\(text.prefix(40))'"))
                }
            }
            readKindRules(map, into: &policy, &d)
            if let text = map.text("embargo", into: &d) {
                if let rule = EmbargoRule(rawValue: text) { policy.embargo = rule } else {
                    d.append(map.diagnostic(at: map.node("embargo"), "'embargo' must be hold-back or announce, found '\(text.prefix(40))'"
                        + Suggestions.didYouMean(text, in: EmbargoRule.allCases.map(\.rawValue))))
                }
            }
            readLinkActions(map, into: &policy, &d)
            if let text = map.text("stale_after", into: &d) {
                if let value = PolicyDuration.parse(text, maximumSeconds: 366 * 86_400), value > .zero {
                    policy.staleAfter = value
                } else {
                    d.append(map.diagnostic(at: map.node("stale_after"), "'stale_after' must be a duration like 36h or 7d (at most a year), found '\(text.prefix(40))'"))
                }
            }
            if map.has("default_credit") { policy.defaultCredit = map.text("default_credit", into: &d) }
            if map.has("default_rights") { policy.defaultRights = map.text("default_rights", into: &d) }
            if let node = map.node("contact") { policy.contact = Contact.read(node, path: path, into: &d) }
            if map.has("organization") { policy.organization = map.text("organization", into: &d) }
            if let text = map.text("site_url", into: &d) {
                if let url = WebLink.http(text), !url.contains("?"), !url.contains("#") {
                    policy.siteURL = url.hasSuffix("/") ? url : url + "/"
                } else {
                    d.append(map.diagnostic(at: map.node("site_url"), "'site_url' must be the http(s) address the site is published at, like https://press.example.org/kits/, found '\(text.prefix(60))'"))
                }
            }
            readLanguages(map, into: &policy, &d)
            map.reportUnknownKeys(known: keys, into: &d)
        }
        if d.hasErrors { throw InvalidInput(diagnostics: d.sorted()) }
        return policy
    }

    private static func readRequiredKinds(_ map: MappingReader, into policy: inout PressKitPolicy, _ d: inout [Diagnostic]) {
        guard let node = map.node("required_kinds"),
              let types = MappingReader(node, what: "required_kinds", path: map.path, diagnostics: &d) else { return }
        for type in EventType.allCases where types.has(type.rawValue) || types.node(type.rawValue) != nil {
            policy.requiredKinds[type] = kinds(types, type.rawValue, &d)
        }
        types.reportUnknownKeys(known: EventType.allCases.map(\.rawValue), into: &d)
    }

    /// `default_language`, `languages`, `required_languages` (event type → kind → tags) and `missing_language`.
    private static func readLanguages(_ map: MappingReader, into policy: inout PressKitPolicy, _ d: inout [Diagnostic]) {
        if let text = map.text("default_language", into: &d) {
            if let problem = FieldRules.languageProblem(text) {
                d.append(map.diagnostic(at: map.node("default_language"), "'default_language': \(problem)"))
            } else {
                policy.defaultLanguage = text
            }
        }
        if map.has("languages") {
            let tags = languageTags(map, "languages", &d)
            policy.languages = tags
        }
        if let text = map.text("missing_language", into: &d) {
            switch PolicyAction(rawValue: text) {
            case .flag?: policy.missingLanguage = .flag
            case .fail?: policy.missingLanguage = .fail
            default:
                d.append(map.diagnostic(at: map.node("missing_language"), "'missing_language' must be flag or fail, found '\(text.prefix(40))'"))
            }
        }
        guard let node = map.node("required_languages"),
              let types = MappingReader(node, what: "required_languages", path: map.path, diagnostics: &d) else { return }
        for type in EventType.allCases {
            guard let kindsNode = types.node(type.rawValue),
                  let kinds = MappingReader(kindsNode, what: "required_languages of \(type.rawValue)", path: map.path, diagnostics: &d) else { continue }
            var byKind: [AssetKind: [String]] = [:]
            for kind in AssetKind.allCases where kinds.has(kind.rawValue) {
                byKind[kind] = languageTags(kinds, kind.rawValue, &d)
            }
            kinds.reportUnknownKeys(known: AssetKind.allCases.map(\.rawValue), into: &d)
            policy.requiredLanguages[type] = byKind
        }
        types.reportUnknownKeys(known: EventType.allCases.map(\.rawValue), into: &d)
    }

    private static func languageTags(_ map: MappingReader, _ key: String, _ d: inout [Diagnostic]) -> [String] {
        var tags: [String] = []
        for node in map.list(key, into: &d) {
            let text = node.text?.trimmedWhitespace ?? ""
            if let problem = FieldRules.languageProblem(text) {
                d.append(map.diagnostic(at: node, "'\(key)': \(problem)"))
            } else if !tags.contains(text) {
                tags.append(text)
            }
        }
        return tags
    }

    private static func readKindRules(_ map: MappingReader, into policy: inout PressKitPolicy, _ d: inout [Diagnostic]) {
        guard let node = map.node("kinds"),
              let kinds = MappingReader(node, what: "kinds", path: map.path, diagnostics: &d) else { return }
        for kind in AssetKind.allCases {
            guard let ruleNode = kinds.node(kind.rawValue),
                  let rule = MappingReader(ruleNode, what: "kind '\(kind.rawValue)'", path: map.path, diagnostics: &d) else { continue }
            var kindRule = policy.kinds[kind] ?? KindRule(contentTypes: [], maxSize: nil)
            if rule.has("content_types") {
                let types = rule.texts("content_types", into: &d).map { $0.lowercased() }
                for type in types where FieldRules.contentTypeProblem(type.replacingOccurrences(of: "*", with: "any")) != nil {
                    d.append(rule.diagnostic(at: rule.node("content_types"), "'\(type.prefix(60))' is not a media type or range like video/* or image/jpeg"))
                }
                kindRule.contentTypes = types
            }
            if let text = rule.text("max_size", into: &d) {
                if text == "unlimited" { kindRule.maxSize = nil } else if let bytes = ByteSize.parse(text) {
                    kindRule.maxSize = bytes
                } else {
                    d.append(rule.diagnostic(at: rule.node("max_size"), "'max_size' must be a size like 500 MB, 4 GB or 2 GiB, or unlimited, found '\(text.prefix(40))'"))
                }
            }
            rule.reportUnknownKeys(known: kindRuleKeys, into: &d)
            policy.kinds[kind] = kindRule
        }
        kinds.reportUnknownKeys(known: AssetKind.allCases.map(\.rawValue), into: &d)
    }

    private static func readLinkActions(_ map: MappingReader, into policy: inout PressKitPolicy, _ d: inout [Diagnostic]) {
        guard let node = map.node("links"),
              let links = MappingReader(node, what: "links", path: map.path, diagnostics: &d) else { return }
        let actions = PolicyAction.allCases.map(\.rawValue)
        for problem in LinkProblem.allCases {
            guard let text = links.text(problem.rawValue, into: &d) else { continue }
            if let action = PolicyAction(rawValue: text) {
                policy.linkActions[problem] = action
            } else {
                d.append(links.diagnostic(at: links.node(problem.rawValue), "'\(problem)' must be one of \(actions.joined(separator: ", ")), found '\(text.prefix(40))'"
                    + Suggestions.didYouMean(text, in: actions)))
            }
        }
        links.reportUnknownKeys(known: linkProblems, into: &d)
    }

    private static func kinds(_ map: MappingReader, _ key: String, _ d: inout [Diagnostic]) -> [AssetKind] {
        var result: [AssetKind] = []
        let names = AssetKind.allCases.map(\.rawValue)
        for node in map.list(key, into: &d) {
            guard let text = node.text?.trimmedWhitespace, let kind = AssetKind(rawValue: text) else {
                d.append(map.diagnostic(at: node, "unknown asset kind '\((node.text ?? "").prefix(40))'"
                    + Suggestions.didYouMean(node.text ?? "", in: names) + "; kinds are \(names.joined(separator: ", "))"))
                continue
            }
            if !result.contains(kind) { result.append(kind) }
        }
        return result
    }
}

/// The `--policies` folder.
enum PolicyFolder {
    /// A missing folder is an error: a mistyped `--policies` must not silently apply the defaults.
    static func check(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InvalidInput(diagnostics: [Diagnostic(path: directory, line: 0, column: 0, message: "no such policies folder; pass --policies DIR")])
        }
    }
}
