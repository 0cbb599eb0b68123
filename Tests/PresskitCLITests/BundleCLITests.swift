import Foundation
import GRDB
import Testing
import TestHTTPServer
import TestSupport

/// `presskit bundle` and `manifest --all --with-files` run as a binary, on a catalogue whose links a
/// loopback server serves and whose archive (beside the database) holds copies of its files.
@Suite struct BundleCLITests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/broll.mp4": .file(size: 3_000_000, contentType: "video/mp4"),
            "/photo.jpg": .file(size: 20_000, contentType: "image/jpeg"),
            "/gone.jpg": .status(404),
            "/flaky.mp4": .status(503),
            "/remarks.htm": .status(200, headers: [("Content-Type", "text/html")], body: "<html>remarks</html>"),
        ])
        try directory.write("Catalog/visit.yaml", """
            event: {id: loopback-visit, title: "Visit <b>& friends</b>", type: visit, start: 2023-11-19, end: 2023-11-20,
                    contacts: [{name: Press, email: press@example.org}]}
            stories:
              - id: lb-story
                headline: A story served on loopback
                date: 2023-11-20
                assets:
                  - {kind: b-roll, title: "B-roll: ../../arrival", url: "\(server.url("/broll.mp4"))"}
                  - {kind: photo, title: Photo, url: "\(server.url("/photo.jpg"))", credit: Photographer}
                  - {kind: photo, title: Gone photo, url: "\(server.url("/gone.jpg"))"}
                  - kind: transcript
                    title: Remarks under embargo
                    url: \(server.url("/remarks.htm"))
                    embargo: 2023-11-20T10:00:00+01:00
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 5s\n")
        #expect(try await presskit("import").status == 0)
        // The check leaves the gone photo out of every kit (broken).
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
    }

    static let asOf = "2023-11-20T08:00:00Z"

    /// Stores `bytes` as the archived copy of `path` on the server, as `presskit archive` would leave it.
    func archive(_ path: String, _ bytes: Data, type: String) throws {
        let hash = try Self.sha256(bytes)
        try directory.write("archive/sha256/\(hash.prefix(2))/\(hash.dropFirst(2))", bytes)
        let queue = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO archived_copy (url, sha256, size, content_type, fetched_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [server.url(path), hash, bytes.count, type, "2023-11-19T12:00:00.000Z"])
        }
        try queue.close()
    }

    func archiveAll() throws {
        try archive("/broll.mp4", Data((0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }), type: "video/mp4")
        try archive("/photo.jpg", Data("jpeg bytes".utf8), type: "image/jpeg")
        try archive("/remarks.htm", Data("<html>remarks</html>".utf8), type: "text/html")
        try archive("/gone.jpg", Data("was here once".utf8), type: "image/jpeg")
    }

    @Test func offlineWithoutCopiesListsEveryMissingAssetAndWritesNothing() async throws {
        defer { server.stop(); directory.remove() }
        let result = try await presskit("bundle", "loopback", "-o", "kit.zip", "--offline", "--as-of", Self.asOf)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no archived copy of \(server.url("/broll.mp4"))"), "\(result.stderr)")
        #expect(result.stderr.contains("no archived copy of \(server.url("/photo.jpg"))"))
        #expect(result.stderr.contains("2 assets have no archived copy"))
        #expect(!result.stderr.contains("/remarks.htm") && !result.stderr.contains("/gone.jpg"), "embargoed and left out are not wanted")
        #expect(!FileManager.default.fileExists(atPath: directory.path("kit.zip")))
    }

    @Test func aBundleIsAValidBagOfThePublicKitAndTheSameOnEveryRun() async throws {
        defer { server.stop(); directory.remove() }
        try archiveAll()
        let first = try await presskit("bundle", "loopback", "-o", "kit.zip", "--offline", "--as-of", Self.asOf)
        #expect(first.status == 0, "\(first.stderr)")
        let outcome = try await PythonBundle.validateBag(directory.path("kit.zip"))
        #expect(outcome.isValid, "\(outcome.output)")
        #expect(outcome.names == ["bag-info.txt", "bagit.txt", "data/index.html", "data/kit.json", "data/kit.ninjs.json",
                                  "data/lb-story/b-roll/b-roll-arrival.mp4", "data/lb-story/photo/photo.jpg",
                                  "manifest-sha256.txt", "tagmanifest-sha256.txt"], "no embargoed transcript, no broken photo")
        let before = try Data(contentsOf: directory.url.appendingPathComponent("kit.zip"))
        let second = try await presskit("bundle", "loopback", "-o", "kit.zip", "--offline", "--as-of", Self.asOf)
        #expect(second.status == 0)
        #expect(try Data(contentsOf: directory.url.appendingPathComponent("kit.zip")) == before, "byte-identical")

        // Once the embargo lifts, the transcript is in, and Bagging-Date follows --as-of.
        #expect(try await presskit("bundle", "loopback", "-o", "later.zip", "--offline", "--as-of", "2023-11-21").status == 0)
        let later = try await PythonBundle.validateBag(directory.path("later.zip"))
        #expect(later.isValid && later.names.contains("data/lb-story/transcript/remarks-under-embargo.htm"), "\(later.output)")
    }

    @Test func missingCopiesAreArchivedFirstFromTheirLinks() async throws {
        defer { server.stop(); directory.remove() }
        let result = try await presskit("bundle", "loopback", "-o", "kit.zip", "--as-of", Self.asOf, "--policies", "policies")
        #expect(result.status == 0, "\(result.stderr)")
        let outcome = try await PythonBundle.validateBag(directory.path("kit.zip"))
        #expect(outcome.isValid, "\(outcome.output)")
        #expect(outcome.names.contains("data/lb-story/b-roll/b-roll-arrival.mp4") && outcome.names.contains("data/lb-story/photo/photo.jpg"))
        // The copies are in the archive now: the same bundle again, offline.
        let again = try await presskit("bundle", "loopback", "-o", "again.zip", "--offline", "--as-of", Self.asOf)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: directory.url.appendingPathComponent("again.zip")) == Data(contentsOf: directory.url.appendingPathComponent("kit.zip")))
    }

    @Test func anAssetThatCannotBeArchivedRefusesTheBundleWithTheReason() async throws {
        defer { server.stop(); directory.remove() }
        // Given a kit with a link whose check failed with a 503 (flagged, so still published),
        try directory.write("Catalog/flaky.yaml", """
            event: {id: flaky-event, title: Flaky, type: other, start: 2023-11-19}
            assets:
              - {kind: video, title: Flaky video, url: "\(server.url("/flaky.mp4"))"}
              - {kind: photo, title: Photo, url: "\(server.url("/photo.jpg"))"}
            """)
        #expect(try await presskit("import").status == 0)
        _ = try await presskit("check", "flaky-event", "--policies", "policies", "--quiet")
        // the bundle archives what it can and refuses, naming the asset and why.
        let result = try await presskit("bundle", "flaky", "-o", "flaky.zip", "--policies", "policies")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("not archived: last check: server-error"), "\(result.stderr)")
        #expect(result.stderr.contains(server.url("/flaky.mp4")) && !result.stderr.contains("/photo.jpg)"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("flaky.zip")))
    }

    @Test func aKilledBundleLeavesTheOldFileOrTheNewOneNeverHalf() async throws {
        defer { server.stop(); directory.remove() }
        try archiveAll()
        try directory.write("kit.zip", "old bundle\n")
        let complete = try await presskit("bundle", "loopback", "-o", "new.zip", "--offline", "--as-of", Self.asOf)
        #expect(complete.status == 0)
        let expected = try Data(contentsOf: directory.url.appendingPathComponent("new.zip"))
        for delay in stride(from: 0, through: 150, by: 15) {
            let run = try PresskitBinary.start(["bundle", "loopback", "-o", "kit.zip", "--offline", "--as-of", Self.asOf], in: directory.path)
            try await Task.sleep(for: .milliseconds(delay))
            kill(run.processIdentifier, SIGKILL)
            _ = try await PresskitBinary.wait(for: run)
            let now = try Data(contentsOf: directory.url.appendingPathComponent("kit.zip"))
            #expect(now == Data("old bundle\n".utf8) || now == expected, "a half-written bundle after \(delay) ms")
        }
        // The next run completes and removes what the killed ones left.
        #expect(try await presskit("bundle", "loopback", "-o", "kit.zip", "--offline", "--as-of", Self.asOf).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".kit.zip.presskit-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aSiteWithFilesLinksTheArchivedFilesAndOffersTheBundle() async throws {
        defer { server.stop(); directory.remove() }
        try archiveAll()
        let result = try await presskit("manifest", "--all", "--format", "html", "-o", "site", "--with-files", "--as-of", Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let broll = "site/loopback-visit/files/lb-story/b-roll/b-roll-arrival.mp4"
        let page = try String(contentsOfFile: directory.path("site/loopback-visit.html"), encoding: .utf8)
        #expect(page.contains("href=\"loopback-visit/files/lb-story/b-roll/b-roll-arrival.mp4\" download"))
        #expect(page.contains("Original: <a href=\"\(server.url("/broll.mp4"))\""))
        #expect(page.contains("href=\"loopback-visit/loopback-visit.zip\" download>Download all"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("site/loopback-visit/files/lb-story/transcript")), "embargoed")
        // Hard-linked: the site's file is the archive's.
        let siteFile = try FileManager.default.attributesOfItem(atPath: directory.path(broll))
        #expect((siteFile[.referenceCount] as? Int ?? 1) >= 2)
        let bag = try await PythonBundle.validateBag(directory.path("site/loopback-visit/loopback-visit.zip"))
        #expect(bag.isValid, "\(bag.output)")

        // Without --with-files the site is as before: no folders, original links.
        #expect(try await presskit("manifest", "--all", "--format", "html", "-o", "site", "--as-of", Self.asOf).status == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.path("site/loopback-visit")))
        let refused = try await presskit("manifest", "--all", "--format", "json", "-o", "site", "--with-files")
        #expect(refused.status == 2 && refused.stderr.contains("--with-files writes the public HTML site"))
    }

    /// A site in two languages places each file and bundle once, at the site's root, and every
    /// edition's page reaches them one folder up, with its own words for "Download all".
    @Test func aSiteWithFilesInTwoLanguagesSharesOneCopyOfEachFile() async throws {
        defer { server.stop(); directory.remove() }
        try archiveAll()
        try directory.write("site-policies/press-kit.yaml", "languages: [en, fr]\n")
        let result = try await presskit("manifest", "--all", "--format", "html", "-o", "site", "--with-files",
                                        "--policies", "site-policies", "--as-of", Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("site/loopback-visit/files/lb-story/b-roll/b-roll-arrival.mp4")))
        #expect(FileManager.default.fileExists(atPath: directory.path("site/loopback-visit/loopback-visit.zip")))
        for (language, downloadAll) in [("en", "Download all"), ("fr", "Tout télécharger")] {
            #expect(!FileManager.default.fileExists(atPath: directory.path("site/\(language)/loopback-visit")), "one copy, at the root")
            let page = try String(contentsOfFile: directory.path("site/\(language)/loopback-visit.html"), encoding: .utf8)
            #expect(page.contains("href=\"../loopback-visit/files/lb-story/b-roll/b-roll-arrival.mp4\" download"), "\(language)")
            #expect(page.contains("href=\"../loopback-visit/loopback-visit.zip\" download>\(downloadAll)"), "\(language)")
        }
        let french = try String(contentsOfFile: directory.path("site/fr/loopback-visit.html"), encoding: .utf8)
        #expect(french.contains("Original : <a href=\"\(server.url("/broll.mp4"))\""))
    }

    static func sha256(_ data: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
