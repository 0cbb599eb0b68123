import Catalogue
import Foundation
import Testing
import TestSupport
@testable import PressKit
@preconcurrency @testable import ZIPFoundation

/// `presskit bundle`'s bag, built from kits in memory and archived copies written to a temporary
/// folder, then read by Python's zipfile and validated by the Library of Congress's bagit.
/// Serialized: one test lowers ZIPFoundation's 32-bit limits, a global the others' writes read.
@Suite(.serialized) struct BundleTests {
    /// A copy of every URL the event names (even the embargoed and broken ones, which must stay out):
    /// distinct bytes per URL except two URLs that share one file.
    static func copies(for event: Event, in folder: TemporaryDirectory) throws -> [String: BundleSource] {
        var urls = event.assets.map(\.url)
        for story in event.stories { urls += story.assets.map(\.url) }
        var copies: [String: BundleSource] = [:]
        for (number, url) in urls.enumerated() {
            let bytes = Array("file \(number) of \(url)\n".utf8) + [UInt8](repeating: UInt8(number), count: 1000 * (number + 1))
            let hash = KitBundle.sha256(bytes)
            let path = try folder.write("archive/sha256/\(hash.prefix(2))/\(hash.dropFirst(2))", Data(bytes))
            copies[url] = BundleSource(sha256: hash, size: Int64(bytes.count), path: path)
        }
        return copies
    }

    static func bundle(_ event: Event = KitFixtures.representative, health: [String: LinkHealth] = KitFixtures.representativeHealth,
                       copies: [String: BundleSource]) -> KitBundle {
        KitBundle(manifest: KitFixtures.manifest(for: event, health: health, recordsAsOf: false), audience: .public,
                  copies: copies, organization: "NATO", contactEmail: "press@example.org", baggingDate: "2024-02-15")
    }

    /// Writes `bundle` as `name` through the same atomic path the command uses.
    static func write(_ bundle: KitBundle, _ name: String, in folder: TemporaryDirectory) throws -> String {
        let path = folder.path(name)
        try KitFiles.writeStreaming(to: path) { try bundle.write(to: $0) }
        return path
    }

    @Test func aBundleIsAValidBagOfWhatThePublicKitPublishes() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let copies = try Self.copies(for: KitFixtures.representative, in: folder)
        let path = try Self.write(Self.bundle(copies: copies), "kit.zip", in: folder)
        let outcome = try await PythonBundle.validateBag(path)
        #expect(outcome.isValid, "\(outcome.output)")
        let names = outcome.names
        #expect(Array(names.prefix(4)) == ["bag-info.txt", "bagit.txt", "data/adazi/photo/arrival-in-adazi.jpg",
                                           "data/adazi/photo/fact-sheet-sent-as-a-photo.pdf"], "sorted, readable names")
        for expected in ["data/index.html", "data/kit.json", "data/kit.ninjs.json", "manifest-sha256.txt", "tagmanifest-sha256.txt",
                         "data/tapa/b-roll/b-roll-arrival-in-tapa.mp4", "data/event/photo/official-portrait.jpg"] {
            #expect(names.contains(expected), "\(expected)")
        }
        // Embargoed at the kit's moment, and broken (left out by the policy): archived, yet absent.
        #expect(!names.contains { $0.contains("photos-of-tomorrow") || $0.contains("portrait-that-is-gone") }, "\(names)")
        let kitURLs: Set<String> = Set(KitFixtures.manifest(recordsAsOf: false).allAssets.map(\.url))
        let distinctFiles: Set<String> = Set(kitURLs.compactMap { copies[$0]?.sha256 })
        let payload: [String] = names.filter { $0.hasPrefix("data/") }
        #expect(payload.count == distinctFiles.count + 3, "each published file once, plus the three kit documents")

        let page = try Self.entry(path, "data/index.html")
        #expect(page.contains("href=\"tapa/b-roll/b-roll-arrival-in-tapa.mp4\" download"))
        #expect(page.contains("Original: <a href=\"https://example.org/media/tapa-b-roll.mp4\""))
        #expect(!page.contains("https://example.org/photos/next.jpg"), "an embargoed URL never appears")
        let info = try Self.entry(path, "bag-info.txt")
        #expect(info.contains("Source-Organization: NATO\nContact-Email: press@example.org\n"))
        #expect(info.contains("Bagging-Date: 2024-02-15\n") && info.contains("Payload-Oxum: "))
    }

    @Test func zip64FormsAreWrittenAndReadWhenSizesAndOffsetsOverflow() async throws {
        // Given ZIPFoundation's 32-bit field limits lowered to 4,096 bytes (the switch its own ZIP64
        // tests use), every file past that size and every entry past that offset takes the ZIP64
        // forms a bundle over 4 GiB needs; Python's zipfile and bagit must read them all.
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let copies = try Self.copies(for: KitFixtures.representative, in: folder)
        maxUInt32 = 4_096
        defer { maxUInt32 = .max }
        let path = try Self.write(Self.bundle(copies: copies), "zip64.zip", in: folder)
        maxUInt32 = .max
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data([0x50, 0x4b, 0x06, 0x06])) != nil, "a ZIP64 end of central directory record")
        #expect(bytes.range(of: Data([0x50, 0x4b, 0x06, 0x07])) != nil, "and its locator")
        let outcome = try await PythonBundle.validateBag(path)
        #expect(outcome.isValid, "\(outcome.output)")
        let plain = try await PythonBundle.testZip(try Self.write(Self.bundle(copies: copies), "plain.zip", in: folder))
        #expect(outcome.names == plain.names && plain.names.count == 14, "the same entries as without ZIP64")
        let plainBytes = try Data(contentsOf: URL(fileURLWithPath: folder.path("plain.zip")))
        #expect(plain.isValid && plainBytes.range(of: Data([0x50, 0x4b, 0x06, 0x06])) == nil, "no ZIP64 record under the real limits")
    }

    @Test func theSameKitAndCopiesGiveTheSameBytes() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let bundle = Self.bundle(copies: try Self.copies(for: KitFixtures.representative, in: folder))
        let first = try Self.write(bundle, "1.zip", in: folder)
        Thread.sleep(forTimeInterval: 1.1)  // a bundle that stamped the clock would differ now
        let second = try Self.write(bundle, "2.zip", in: folder)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func hostileTitlesAndURLsNeverLeaveData() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var event = KitFixtures.hostile
        event.stories[0].id = "../../etc"
        event.stories[0].assets.append(Asset(id: "climb", kind: .document, title: "../../../../etc/passwd",
                                             url: "https://example.org/..%2F..%2Fescape/%00.sh"))
        event.stories[0].assets.append(Asset(id: "dots", kind: .document, title: "..", url: "https://example.org/x/.."))
        let path = try Self.write(Self.bundle(event, health: [:], copies: try Self.copies(for: event, in: folder)), "h.zip", in: folder)
        let outcome = try await PythonBundle.validateBag(path)
        #expect(outcome.isValid, "\(outcome.output)")
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-./")
        for name in outcome.names {
            #expect(name.unicodeScalars.allSatisfy(safe.contains), "\(name)")
            #expect(!name.split(separator: "/").contains { $0 == ".." || $0 == "." }, "\(name)")
        }
        #expect(outcome.names.contains("data/etc/document/etc-passwd.sh"))
        #expect(outcome.names.contains("data/etc/document/asset.bin"))
        let page = try Self.entry(path, "data/index.html")
        #expect(!page.contains("<script>alert"))
    }

    @Test func identicalFilesAreBundledOnceAndNamesDoNotCollide() {
        let manifest = KitFixtures.manifest(recordsAsOf: false)
        let urls = manifest.allAssets.map(\.url)
        var copies: [String: BundleSource] = [:]
        for url in urls { copies[url] = BundleSource(sha256: "same", size: 1, path: "/x") }
        let names = BundlePaths.names(manifest, copies: copies)
        #expect(Set(names.values).count == 1 && names.count == Set(urls).count)
        #expect(BundlePaths.slug("Pressekonferenz in Zürich — ÉTÉ 2024!") == "pressekonferenz-in-zurich-ete-2024")
        #expect(BundlePaths.slug("../..") == "asset" && BundlePaths.slug("\u{202E}gnp.exe") == "gnp-exe")
        #expect(BundlePaths.fileExtension(url: "https://e.org/a.MP4?x=1", contentType: nil) == "mp4")
        #expect(BundlePaths.fileExtension(url: "https://e.org/a.tar.gz/", contentType: "image/jpeg; q=1") == "jpg")
        #expect(BundlePaths.fileExtension(url: "https://e.org/a.<script>", contentType: nil) == "bin")
    }

    @Test func aCopyShorterThanRecordedFailsTheBundleAndLeavesNoFile() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var copies = try Self.copies(for: KitFixtures.representative, in: folder)
        let url = "https://example.org/media/tapa-b-roll.mp4"
        copies[url]?.size += 10
        let bundle = Self.bundle(copies: copies)
        #expect(throws: KitBundle.Failure.self) { try Self.write(bundle, "short.zip", in: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder.path("short.zip")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".short.zip") }.isEmpty)
    }

    /// One entry of a ZIP as `unzip -p` gives it (Python's reader is the one `validateBag` runs).
    static func entry(_ path: String, _ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))", path, name]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
