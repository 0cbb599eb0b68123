import Yams

/// The JSON document's exact mirror in YAML (same keys, sorted), for people who read kits in a diff.
public struct YAMLManifestRenderer: ManifestRenderer {
    public init() {}
    public func render(_ manifest: Manifest) -> String { encode(manifest) }
    public func renderIndex(_ site: SiteIndex) -> String { encode(site) }

    private func encode<T: Encodable>(_ value: T) -> String {
        let encoder = YAMLEncoder()
        encoder.options = YAMLEncoder.Options(width: -1, allowUnicode: true, sortKeys: true)
        // Encoding these plain value types cannot fail; an empty document would hide a bug.
        guard let text = try? encoder.encode(value) else { preconditionFailure("unencodable \(T.self)") }
        return text
    }
}
