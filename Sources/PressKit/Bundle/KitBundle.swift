import Catalogue
import Crypto
import Foundation
import ZIPFoundation

/// An event's press kit as one download (`presskit bundle`): a ZIP holding a BagIt 1.0 bag
/// (RFC 8493, https://www.rfc-editor.org/rfc/rfc8493) that a newsroom can check for completeness
/// with any BagIt tool:
///
/// ```
/// bagit.txt                 BagIt-Version 1.0, UTF-8
/// bag-info.txt              Source-Organization, Contact-Email, External-Description, Bagging-Date, Payload-Oxum
/// manifest-sha256.txt       every file under data/
/// tagmanifest-sha256.txt    the three tag files above
/// data/index.html           the kit's page, its downloads pointing at the files beside it
/// data/kit.json             presskit.manifest/1
/// data/kit.ninjs.json       IPTC ninjs 3.1
/// data/<story>/<kind>/<title-slug>.<ext>   the archived files (`BundlePaths`)
/// ```
///
/// Entries are sorted by name and all dated 1980-01-01 00:00 (ZIP's epoch), so the same kit, copies
/// and moment give the same bytes. Files are stored (media does not compress), tag files and kit
/// documents deflated. The payload's SHA-256 is the archived file's name in the content-addressed
/// store, not read again: `presskit archive --verify` is the fixity check, and each file's size is
/// checked as it is streamed (ZIPFoundation reads it in 1 MiB chunks; memory stays bounded).
public struct KitBundle: Sendable {
    public var manifest: Manifest
    public var audience: KitAudience
    /// Archived copies by asset URL; assets without one are not bundled (the command archives or refuses first).
    public var copies: [String: BundleSource]
    /// `Source-Organization`: the press-kit policy's `organization`.
    public var organization: String?
    /// `Contact-Email`: the event's first contact with an email, else the policy's contact's.
    public var contactEmail: String?
    /// `Bagging-Date` (YYYY-MM-DD): the day of `--as-of`, else the event's last day; never the clock.
    public var baggingDate: String
    public var siteURL: String?

    public init(manifest: Manifest, audience: KitAudience, copies: [String: BundleSource], organization: String?,
                contactEmail: String?, baggingDate: String, siteURL: String? = nil) {
        self.manifest = manifest
        self.audience = audience
        self.copies = copies
        self.organization = organization
        self.contactEmail = contactEmail
        self.baggingDate = baggingDate
        self.siteURL = siteURL
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One entry of the ZIP: text held in memory, or a file streamed from the archive.
    enum Content {
        case text([UInt8])
        case file(BundleSource)
    }

    /// Every entry of the bag, by name (sorted when written).
    func entries() -> [(name: String, content: Content)] {
        let names = BundlePaths.names(manifest, copies: copies)
        var payload: [(name: String, content: Content)] = []
        var sources: [String: BundleSource] = [:]
        for (url, name) in names where sources[name] == nil { sources[name] = copies[url] }
        for (name, source) in sources { payload.append(("data/" + name, .file(source))) }
        let page: String
        if audience == .public {
            var renderer = PublicHTMLRenderer(siteURL: siteURL)
            renderer.localFiles = names
            page = renderer.render(manifest)
        } else {
            page = ManifestFormat.html.renderer(for: .staff).render(manifest)
        }
        payload.append(("data/index.html", .text(Array(page.utf8))))
        payload.append(("data/kit.json", .text(Array(ManifestFormat.json.renderer(for: audience).render(manifest).utf8))))
        payload.append(("data/kit.ninjs.json", .text(Array(ManifestFormat.ninjs.renderer(for: audience).render(manifest).utf8))))
        payload.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }

        var manifestLines = ""
        var octets: Int64 = 0
        for entry in payload {
            switch entry.content {
            case .text(let bytes):
                manifestLines += "\(Self.sha256(bytes))  \(entry.name)\n"
                octets += Int64(bytes.count)
            case .file(let source):
                manifestLines += "\(source.sha256)  \(entry.name)\n"
                octets += source.size
            }
        }
        let bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
        var info = ""
        if let organization { info += "Source-Organization: \(Self.field(organization))\n" }
        if let contactEmail { info += "Contact-Email: \(Self.field(contactEmail))\n" }
        info += "External-Description: \(Self.field(description))\n"
        info += "Bagging-Date: \(baggingDate)\n"
        info += "Payload-Oxum: \(octets).\(payload.count)\n"
        let tags: [(String, String)] = [("bag-info.txt", info), ("bagit.txt", bagit), ("manifest-sha256.txt", manifestLines)]
        let tagManifest = tags.map { "\(Self.sha256(Array($0.1.utf8)))  \($0.0)\n" }.joined()
        var all = tags.map { (name: $0.0, content: Content.text(Array($0.1.utf8))) }
        all.append((name: "tagmanifest-sha256.txt", content: .text(Array(tagManifest.utf8))))
        all += payload
        return all.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// "Press kit: TITLE (ID), DATES, from presskit": what a BagIt tool shows for the bag.
    var description: String {
        let event = manifest.event
        let dates = event.end.map { "\(event.start) to \($0)" } ?? event.start
        return "Press kit: \(event.title) (\(event.id)), \(dates)"
    }

    /// Writes the bag as a new ZIP file at `path` (which must not exist: `KitFiles.writeStreaming`
    /// gives a fresh temporary name); the file's size.
    @discardableResult
    public func write(to path: String) throws -> Int64 {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        } catch {
            throw Failure(description: "cannot create the bundle: \(error)")
        }
        for entry in entries() {
            switch entry.content {
            case .text(let bytes):
                let data = Data(bytes)
                try add(archive, entry.name, size: Int64(bytes.count), method: .deflate) { position, length in
                    data.subdata(in: Int(position)..<min(data.count, Int(position) + length))
                }
            case .file(let source):
                // pread in whole chunks: FileHandle.read(upToCount:) reads 4 KiB at a time here, a
                // quarter of a million system calls per GB and a third of a bundle's time.
                let descriptor = open(source.path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else {
                    throw Failure(description: "cannot read the archived copy '\(source.path)'; run presskit archive --verify")
                }
                defer { close(descriptor) }
                try add(archive, entry.name, size: source.size, method: .none) { position, length in
                    var chunk = Data(count: length)
                    var filled = 0
                    while filled < length {
                        let count = chunk.withUnsafeMutableBytes { buffer in
                            pread(descriptor, buffer.baseAddress! + filled, length - filled, off_t(position) + off_t(filled))
                        }
                        if count < 0 && errno == EINTR { continue }
                        guard count > 0 else { break }
                        filled += count
                    }
                    guard filled == length else {
                        throw Failure(description: "the archived copy '\(source.path)' is shorter than the \(source.size) bytes recorded; run presskit archive --verify")
                    }
                    return chunk
                }
            }
        }
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    private func add(_ archive: Archive, _ name: String, size: Int64, method: CompressionMethod,
                     provider: (Int64, Int) throws -> Data) throws {
        do {
            try archive.addEntry(with: name, type: .file, uncompressedSize: size, modificationDate: Self.entryDate,
                                 permissions: 0o644, compressionMethod: method, bufferSize: 1 << 20, provider: provider)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot write '\(name)' into the bundle: \(error)")
        }
    }

    /// ZIP's epoch, 1980-01-01 00:00 in DOS local time: what ZIPFoundation writes for it on any machine.
    static let entryDate: Date = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        return calendar.date(from: DateComponents(year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0))!
    }()

    /// A bag-info value on one line: line breaks and other controls become spaces.
    static func field(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        })).trimmingCharacters(in: .whitespaces)
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
