/// Who a kit is written for. A `public` kit is what a journalist can use and nothing else: no link
/// health, no HTTP status, no asset ids, nothing the policy left out, held-back assets only as "more
/// material from <time>". A `staff` kit is the office's review copy with all of that.
///
/// The manifest is the same for both; the audience is part of the renderer, chosen by
/// `ManifestFormat.renderer(for:siteURL:)`.
public enum KitAudience: String, CaseIterable, Hashable, Sendable {
    case `public`
    case staff
}

extension ManifestFormat {
    /// `public` for the formats people read (HTML, Markdown), `staff` for the machine formats,
    /// whose output stays byte for byte what it was before audiences existed.
    public var defaultAudience: KitAudience {
        switch self {
        case .html, .markdown: .public
        case .json, .yaml, .ninjs, .ninjs2: .staff
        }
    }

    /// The renderer for `audience`. `siteURL` (the press-kit policy's `site_url`) makes the public
    /// HTML page's canonical and feed links absolute.
    public func renderer(for audience: KitAudience, siteURL: String? = nil) -> any ManifestRenderer {
        switch (self, audience) {
        case (_, .staff): renderer
        case (.json, .public): JSONManifestRenderer(audience: .public)
        case (.yaml, .public): YAMLManifestRenderer(audience: .public)
        case (.markdown, .public): MarkdownManifestRenderer(audience: .public)
        case (.html, .public): PublicHTMLRenderer(siteURL: siteURL)
        case (.ninjs, .public): NinjsManifestRenderer(version: .v3_1, audience: .public)
        case (.ninjs2, .public): NinjsManifestRenderer(version: .v2_2, audience: .public)
        }
    }
}

/// The public variant of the JSON documents (and their YAML mirror): the staff document's tree with
/// the review parts cut out, so the two can never disagree on the parts they share.
enum PublicDocument {
    typealias Node = KitJSON.Node

    /// Keys of `KitSummary` that are the office's quality review, not what the kit offers.
    static let reviewSummaryKeys: Set<String> = ["required_kinds", "missing_kinds", "left_out", "broken", "stale", "unchecked"]
    /// Keys of `KitAsset` only staff read: the catalogue id, the link's health, and the id of the asset it translates.
    static let reviewAssetKeys: Set<String> = ["id", "health", "flags", "translation_of"]

    /// A `presskit.manifest/1` tree as a public kit: no violations, no health or flags, no asset ids,
    /// a summary of what is offered and when held-back material comes (kind, title when announced, time).
    static func kit(_ tree: Node) -> Node {
        guard case .object(let kit) = tree else { return tree }
        kit.remove(["violations"])
        if case .object(let summary)? = kit["summary"] {
            summary.remove(reviewSummaryKeys)
            if case .array(let held)? = summary["embargoed"] {
                for case .object(let item) in held.items { item.remove(["id"]) }
            }
        }
        if case .array(let groups)? = kit["event_assets"] { assets(in: groups) }
        if case .array(let stories)? = kit["stories"] {
            for case .object(let story) in stories.items {
                if case .object(let webstory)? = story["webstory"] { webstory.remove(["health"]) }
                if case .array(let groups)? = story["assets"] { assets(in: groups) }
            }
        }
        return tree
    }

    /// A `presskit.site/1` tree without the review counts.
    static func site(_ tree: Node) -> Node {
        guard case .object(let site) = tree, case .array(let kits)? = site["kits"] else { return tree }
        for case .object(let kit) in kits.items { kit.remove(["missing_kinds", "violation_count"]) }
        return tree
    }

    private static func assets(in groups: KitJSON.List) {
        for case .object(let group) in groups.items {
            guard case .array(let assets)? = group["assets"] else { continue }
            for case .object(let asset) in assets.items { asset.remove(reviewAssetKeys) }
        }
    }
}

extension KitJSON.Object {
    subscript(key: String) -> KitJSON.Node? { members.last { $0.key == key }?.value }

    func remove(_ keys: Set<String>) { members.removeAll { keys.contains($0.key) } }
}
