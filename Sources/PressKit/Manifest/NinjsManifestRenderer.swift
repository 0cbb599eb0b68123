/// Work in progress.
public struct NinjsManifestRenderer: ManifestRenderer {
    public enum Version: Sendable { case v3_1, v2_2 }
    public var version: Version
    public init(version: Version) { self.version = version }
    public func render(_ manifest: Manifest) -> String { fatalError("not written yet") }
    public func renderIndex(_ site: SiteIndex) -> String { fatalError("not written yet") }
}
