import Catalogue

/// The formats a kit is written in; one `switch` picks the renderer.
public enum ManifestFormat: String, CaseIterable, Sendable {
    case json, yaml, markdown, html, ninjs, ninjs2

    public var renderer: any ManifestRenderer {
        switch self {
        case .json: JSONManifestRenderer()
        case .yaml: YAMLManifestRenderer()
        case .markdown: MarkdownManifestRenderer()
        case .html: HTMLManifestRenderer()
        case .ninjs: NinjsManifestRenderer(version: .v3_1)
        case .ninjs2: NinjsManifestRenderer(version: .v2_2)
        }
    }

    /// The index file of a press-kit site in this format.
    public var indexFileName: String {
        switch self {
        case .html: "index.html"
        case .markdown: "index.md"
        case .yaml: "index.yaml"
        case .json, .ninjs, .ninjs2: "index.json"
        }
    }

    /// The file extension of a kit in this format (`--all` names files `<event-id>.<extension>`).
    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .yaml: "yaml"
        case .markdown: "md"
        case .html: "html"
        case .ninjs, .ninjs2: "ninjs.json"
        }
    }
}

/// Turns a manifest into text. Pure: no clock, no files, no environment; the same manifest gives
/// the same bytes.
public protocol ManifestRenderer: Sendable {
    func render(_ manifest: Manifest) -> String
    /// The index of a press-kit site (`manifest --all -o DIR`), linking every kit.
    func renderIndex(_ site: SiteIndex) -> String
}

/// What `manifest --all` wrote: one entry per event's kit, by start date then id.
public struct SiteIndex: Codable, Hashable, Sendable {
    public static let schemaVersion = "presskit.site/1"

    public var schema: String = SiteIndex.schemaVersion
    public var asOf: String?
    public var kits: [Entry]

    enum CodingKeys: String, CodingKey { case schema, asOf = "as_of", kits }

    public init(asOf: String?, kits: [Entry]) {
        self.asOf = asOf
        self.kits = kits
    }

    public struct Entry: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var type: EventType
        public var start: String
        public var end: String?
        /// The kit's file name, relative to the index.
        public var file: String
        public var assetCount: Int
        public var missingKinds: [AssetKind]
        public var violationCount: Int

        enum CodingKeys: String, CodingKey {
            case id, title, type, start, end, file, assetCount = "asset_count", missingKinds = "missing_kinds"
            case violationCount = "violation_count"
        }

        public init(manifest: Manifest, file: String) {
            id = manifest.event.id
            title = manifest.event.title
            type = manifest.event.type
            start = manifest.event.start
            end = manifest.event.end
            self.file = file
            assetCount = manifest.summary.assetCount
            missingKinds = manifest.summary.missingKinds
            violationCount = manifest.violations.count
        }
    }
}

/// `presskit.manifest/1` as pretty JSON with sorted keys; absent fields are left out, never null.
/// The public variant leaves out what `PublicDocument` cuts.
public struct JSONManifestRenderer: ManifestRenderer {
    public var audience: KitAudience

    public init(audience: KitAudience = .staff) { self.audience = audience }

    public func render(_ manifest: Manifest) -> String {
        guard audience == .public, let tree = try? KitJSON.tree(manifest) else { return KitJSON.encode(manifest) }
        return KitJSON.encode(tree: PublicDocument.kit(tree))
    }

    public func renderIndex(_ site: SiteIndex) -> String {
        guard audience == .public, let tree = try? KitJSON.tree(site) else { return KitJSON.encode(site) }
        return KitJSON.encode(tree: PublicDocument.site(tree))
    }
}
