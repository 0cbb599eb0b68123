/// Work in progress: replaced by the real renderer before this lands.
public struct HTMLManifestRenderer: ManifestRenderer {
    public init() {}
    public func render(_ manifest: Manifest) -> String { fatalError("not written yet") }
    public func renderIndex(_ site: SiteIndex) -> String { fatalError("not written yet") }
}
