import Catalogue
import Foundation

/// What `presskit bundle` and `manifest --all --with-files` share: the kit as the public (or staff)
/// would get it, and the archived copies of its assets, looked up in the catalogue and found in the
/// content-addressed store that `Policies/archive.yaml` names.
public struct BundleOperation: Sendable {
    public var pressKitPolicy: PressKitPolicy
    public var archivePolicy: ArchivePolicy
    public var databasePath: String

    public init(pressKitPolicy: PressKitPolicy, archivePolicy: ArchivePolicy, databasePath: String) {
        self.pressKitPolicy = pressKitPolicy
        self.archivePolicy = archivePolicy
        self.databasePath = databasePath
    }

    /// The store's folder: `archive_dir`, relative paths beside the database.
    public var store: ArchiveStore { ArchiveStore(directory: archivePolicy.archiveDirectory(databasePath: databasePath)) }

    /// The copies of `manifest`'s assets whose file is in the store, by URL. A copy recorded whose
    /// file is gone counts as missing (the next `presskit archive` fetches it again).
    public func copies(of manifest: Manifest, in catalogue: CatalogueStore) throws -> [String: BundleSource] {
        let urls = Array(Set(manifest.allAssets.map(\.url))).sorted()
        let recorded = try withDatabase(catalogue) { try catalogue.archivedCopies(for: urls) }
        let store = store
        var copies: [String: BundleSource] = [:]
        for (url, copy) in recorded {
            let file = store.fileURL(sha256: copy.sha256).path
            var info = stat()
            guard stat(file, &info) == 0, Int64(info.st_size) == copy.size else { continue }
            copies[url] = BundleSource(sha256: copy.sha256, size: copy.size, path: file, contentType: copy.contentType)
        }
        return copies
    }

    /// The bundle of `manifest`: `Bagging-Date` is the day of `asOf` when given, else the event's last day.
    public func bundle(_ manifest: Manifest, audience: KitAudience, copies: [String: BundleSource], asOf: Date?) -> KitBundle {
        let day = asOf.map { String(Timestamp.text($0).prefix(10)) } ?? (manifest.event.end ?? manifest.event.start)
        let email = manifest.event.contacts.lazy.compactMap(\.email).first ?? pressKitPolicy.contact?.email
        let organization = pressKitPolicy.organization.flatMap { $0.isEmpty ? nil : $0 }
        return KitBundle(manifest: manifest, audience: audience, copies: copies, organization: organization,
                         contactEmail: email, baggingDate: day, siteURL: pressKitPolicy.siteURL)
    }

    /// `manifest --all -o DIR --with-files`: links each kit's archived files into the site under
    /// `EVENT/files/<story>/<kind>/<title>.<ext>` (hard links where the file system allows, else
    /// copies), streams `EVENT/EVENT.zip` for each kit whose every published asset has a copy, and
    /// tells `site` where they are. A kit with assets missing keeps their original links and gets no
    /// bundle; `warn` is told how many. The database must be read before the site is swapped in.
    public func placeFiles(of kits: [Manifest], in staging: KitFiles.SiteStaging, site: inout PressSite,
                           catalogue: CatalogueStore, asOf: Date?, warn: (String, Int) -> Void) throws {
        for kit in kits {
            let id = kit.event.id
            let copies = try copies(of: kit, in: catalogue)
            var hrefs: [String: String] = [:]
            var placed: Set<String> = []
            for (url, name) in BundlePaths.names(kit, copies: copies).sorted(by: { $0.key < $1.key }) {
                guard let copy = copies[url] else { continue }
                let siteName = "\(id)/files/\(name)"
                hrefs[url] = siteName
                if placed.insert(siteName).inserted { try staging.link(siteName, to: copy.path) }
            }
            site.localFiles[id] = hrefs
            let missing = BundlePaths.missing(kit, copies: copies)
            guard missing.isEmpty else {
                warn(id, missing.count)
                continue
            }
            let bundle = bundle(kit, audience: .public, copies: copies, asOf: asOf)
            var bytes: Int64 = 0
            let name = "\(id)/\(id).zip"
            try staging.create(name) { bytes = try bundle.write(to: $0) }
            site.bundles[id] = PublicHTMLRenderer.BundleLink(href: name, bytes: bytes)
        }
    }

    /// "3 assets have no archived copy: tapa-b-roll (https://…), …; run presskit archive EVENT, or leave out --offline".
    public static func missingMessage(_ missing: [KitAsset], event: String) -> String {
        let listed = missing.map { "\($0.id) (\($0.url))" }.joined(separator: ", ")
        let count = missing.count
        return "\(count) asset\(count == 1 ? " has" : "s have") no archived copy: \(listed); run 'presskit archive \(event)' first, or leave out --offline"
    }
}
