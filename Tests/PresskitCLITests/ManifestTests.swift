import Foundation
import Testing
import TestHTTPServer
import TestSupport

/// `presskit manifest` run as a binary: kits from a catalogue whose links a loopback server serves.
@Suite struct ManifestTests: PresskitSuite {
    let directory: TemporaryDirectory
    let server: TestHTTPServer
    static let schema = Repository.root.appendingPathComponent("Sources/PressKit/Manifest/Schemas/presskit.manifest-1.schema.json")

    init() async throws {
        directory = try TemporaryDirectory()
        server = try TestHTTPServer(routes: [
            "/broll.mp4": .file(size: 5_000_000, contentType: "video/mp4"),
            "/photo.jpg": .file(size: 20_000, contentType: "image/jpeg"),
            "/gone.jpg": .status(404),
            "/remarks.htm": .status(200, headers: [("Content-Type", "text/html")], body: "<html>remarks</html>"),
            "/story.htm": .status(200, headers: [("Content-Type", "text/html")], body: "<html>story</html>"),
        ])
        try directory.write("Catalog/visit.yaml", """
            event: {id: loopback-visit, title: "Visit <b>& \\"friends\\"</b>", type: visit, start: 2023-11-19, end: 2023-11-20}
            stories:
              - id: lb-story
                headline: A story served on loopback
                date: 2023-11-20
                webstory: \(server.url("/story.htm"))
                assets:
                  - {kind: b-roll, title: B-roll, url: "\(server.url("/broll.mp4"))", notes: internal remark}
                  - {kind: photo, title: Photo, url: "\(server.url("/photo.jpg"))", credit: Photographer}
                  - {kind: photo, title: Gone photo, url: "\(server.url("/gone.jpg"))"}
                  - kind: transcript
                    title: Remarks under embargo
                    url: \(server.url("/remarks.htm"))
                    embargo: 2023-11-20T10:00:00+01:00
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 5s\n")
        #expect(try await presskit("import").status == 0)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: directory.path(relative), encoding: .utf8)
    }

    @Test func aKitCarriesHealthHoldsBackTheEmbargoAndLeavesOutBrokenLinks() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let result = try await presskit("manifest", "loopback", "--policies", "policies", "--as-of", "2023-11-20T08:00:00Z")
        #expect(result.status == 0, "\(result.stderr)")
        let kit = try jsonObject(result.stdout)
        #expect(kit["schema"] as? String == "presskit.manifest/1")
        #expect(kit["as_of"] as? String == "2023-11-20T08:00:00.000Z")
        let summary = try #require(kit["summary"] as? [String: Any])
        #expect(summary["kinds"] as? [String: Int] == ["b-roll": 1, "photo": 1])
        #expect(summary["missing_kinds"] as? [String] == ["transcript"], "the only transcript is under embargo")
        #expect((summary["embargoed"] as? [[String: Any]])?.first?["until"] as? String == "2023-11-20T10:00:00+01:00")
        #expect((summary["left_out"] as? [[String: Any]])?.first?["reasons"] as? [String] == ["broken"])
        #expect(!result.stdout.contains("/remarks.htm") && !result.stdout.contains("/gone.jpg"))
        #expect(!result.stdout.contains("internal remark"), "staff notes never reach a kit")
        #expect(result.stdout.contains("\"credit\" : \"Photographer\""))
        #expect(result.stdout.contains("\"size\" : 5000000"))
        let validation = try await PythonJSONSchema.validate(["kit.json": result.stdout], against: Self.schema)
        #expect(validation.isValid, "\(validation.output)")

        // The moment the embargo lifts, the transcript (checked all along) is in the kit.
        let later = try await presskit("manifest", "loopback", "--policies", "policies", "--as-of", "2023-11-20T09:00:00Z")
        let laterSummary = try #require(try jsonObject(later.stdout)["summary"] as? [String: Any])
        #expect((laterSummary["embargoed"] as? [Any])?.isEmpty == true)
        #expect((laterSummary["missing_kinds"] as? [Any])?.isEmpty == true)
        #expect(later.stdout.contains("/remarks.htm"))
    }

    @Test func everyFormatIsByteIdenticalOnARerunAndWrittenAtomically() async throws {
        defer { server.stop(); directory.remove() }
        for format in ["json", "yaml", "markdown", "html", "ninjs", "ninjs2"] {
            let first = try await presskit("manifest", "loopback-visit", "--format", format, "-o", "kit.\(format)")
            #expect(first.status == 0, "\(format): \(first.stderr)")
            #expect(first.stdout == "" && first.stderr == "")
            let written = try read("kit.\(format)")
            #expect(!written.isEmpty)
            #expect(try await presskit("manifest", "loopback-visit", "--format", format, "-o", "kit.\(format)").status == 0)
            #expect(try read("kit.\(format)") == written, "\(format) differs between runs")
            #expect(try await presskit("manifest", "loopback-visit", "--format", format).stdout == written)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".presskit-") }
        #expect(leftovers.isEmpty, "no temporary files left behind: \(leftovers)")
    }

    @Test func audiencesSplitWhatAJournalistAndTheOfficeSee() async throws {
        defer { server.stop(); directory.remove() }
        _ = try await presskit("check", "loopback-visit", "--policies", "policies", "--quiet")
        let asOf = ["--as-of", "2023-11-20T08:00:00Z", "--policies", "policies"]
        // html and markdown are public by default; --audience staff is the review copy.
        let page = try await presskit(["manifest", "loopback-visit", "--format", "html"] + asOf)
        let staff = try await presskit(["manifest", "loopback-visit", "--format", "HTML", "--audience", "staff"] + asOf)
        #expect(page.status == 0 && staff.status == 0, "\(page.stderr)\(staff.stderr)")
        for word in ["HTTP ", ">ok<", "broken", "Left out", "Never checked", "/gone.jpg", "/remarks.htm"] {
            #expect(!page.stdout.contains(word), "public page says '\(word)'")
        }
        #expect(staff.stdout.contains("HTTP 200") && staff.stdout.contains("Left out"))
        #expect(page.stdout.contains("More material from") && page.stdout.contains("19–20 November 2023"))
        let markdown = try await presskit(["manifest", "loopback-visit", "--format", "markdown"] + asOf)
        #expect(!markdown.stdout.contains("HTTP ") && !markdown.stdout.contains("**Link:**"))
        // Machine formats keep their content unless asked.
        let json = try await presskit(["manifest", "loopback-visit"] + asOf)
        let publicJSON = try await presskit(["manifest", "loopback-visit", "--audience", "public"] + asOf)
        #expect(json.stdout.contains("\"violations\"") && !publicJSON.stdout.contains("\"violations\""))
        #expect(!publicJSON.stdout.contains("\"health\"") && !publicJSON.stdout.contains("\"http_status\""))
        let validation = try await PythonJSONSchema.validate(["public.json": publicJSON.stdout], against: Self.schema)
        #expect(validation.isValid, "\(validation.output)")

        let bad = try await presskit("manifest", "loopback-visit", "--audience", "press")
        #expect(bad.status == 2 && bad.stderr.contains("audience"), "\(bad.stderr)")
        // --strict refuses a public kit as it refuses a staff one.
        let strict = try await presskit(["manifest", "loopback-visit", "--format", "html", "--audience", "public", "--strict"] + asOf)
        #expect(strict.status == 1 && strict.stdout.isEmpty)
    }

    @Test func strictRefusesAKitThatBreaksThePolicyAndKeepsTheOldFile() async throws {
        defer { server.stop(); directory.remove() }
        try directory.write("kit.json", "old kit\n")
        let strict = try await presskit("manifest", "loopback-visit", "--strict", "-o", "kit.json", "--as-of", "2023-11-21")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("loopback-visit: missing-kind") == false)
        #expect(strict.stderr.contains("unchecked (flag): the link was never checked"))
        #expect(strict.stderr.contains("violations, --strict); nothing was written"))
        #expect(try read("kit.json") == "old kit\n")

        // A `fail` rule refuses the kit without --strict.
        try directory.write("policies/press-kit.yaml", "links: {unchecked: fail}\n")
        let failing = try await presskit("manifest", "loopback-visit", "--policies", "policies", "-o", "kit.json")
        #expect(failing.status == 1)
        #expect(try read("kit.json") == "old kit\n")
        // With every problem accepted, --strict passes.
        try directory.write("policies/press-kit.yaml", "links: {unchecked: include}\nrequired_kinds: {visit: []}\n")
        let accepted = try await presskit("manifest", "loopback-visit", "--policies", "policies", "--strict", "-o", "kit.json", "--as-of", "2023-11-19")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try read("kit.json").contains("presskit.manifest/1"))
    }

    @Test func allWritesASiteAsOneSetAndNeverOverwritesAForeignFolder() async throws {
        defer { server.stop(); directory.remove() }
        try directory.write("Catalog/statement.yaml", "event: {id: a-statement, title: A statement, type: statement, start: 2023-06-01}\n")
        #expect(try await presskit("import").status == 0)
        let site = try await presskit("manifest", "--all", "--format", "html", "-o", "site")
        #expect(site.status == 0, "\(site.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path("site")))
        #expect(files == ["index.html", "loopback-visit.html", "a-statement.html", "feed.xml", "feed.json", ".presskit-site"])
        let index = try read("site/index.html")
        #expect(index.contains("href=\"loopback-visit.html\"") && index.contains("href=\"a-statement.html\""))

        // A rerun in another format replaces the whole set.
        #expect(try await presskit("manifest", "--all", "--format", "json", "-o", "site").status == 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path("site")))
            == ["index.json", "loopback-visit.json", "a-statement.json", ".presskit-site"])
        let siteIndex = try jsonObject(try read("site/index.json"))
        #expect(siteIndex["schema"] as? String == "presskit.site/1")
        #expect((siteIndex["kits"] as? [[String: Any]])?.map { $0["file"] as? String } == ["a-statement.json", "loopback-visit.json"])

        try directory.write("mine/notes.txt", "precious\n")
        let foreign = try await presskit("manifest", "--all", "-o", "mine")
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("holds other files and is not a press-kit site"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("mine")) == ["notes.txt"])
    }

    @Test func badInputGetsAClearErrorAndStatus2() async throws {
        defer { server.stop(); directory.remove() }
        let asOf = try await presskit("manifest", "loopback-visit", "--as-of", "next tuesday")
        #expect(asOf.status == 2 && asOf.stderr.contains("The value 'next tuesday' is invalid for '--as-of <time>': not a date"))
        let unknown = try await presskit("manifest", "lopback-visit")
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'loopback-visit'?"))
        let nowhere = try await presskit("manifest", "loopback-visit", "-o", "no/such/folder/kit.json")
        #expect(nowhere.status == 2 && nowhere.stderr.contains("no folder"))
        let allWithoutFolder = try await presskit("manifest", "--all")
        #expect(allWithoutFolder.status == 2 && allWithoutFolder.stderr.contains("pass -o DIR"))
        try directory.write("policies/press-kit.yaml", "links:\n  broken: drop\n")
        let policy = try await presskit("manifest", "loopback-visit", "--policies", "policies")
        #expect(policy.status == 2)
        #expect(policy.stderr.contains("policies/press-kit.yaml:2:11: error: 'broken' must be one of include, flag, leave-out, fail"))
        let format = try await presskit("manifest", "loopback-visit", "--format", "pdf")
        #expect(format.status == 2)
    }

    @Test func aKilledWriteLeavesTheOldKitOrTheNewOneNeverHalf() async throws {
        defer { server.stop(); directory.remove() }
        // Given an event big enough that writing its kit takes a while,
        var yaml = "event: {id: big, title: Big, type: other, start: 2023-01-01}\nassets:\n"
        for n in 0..<3_000 { yaml += "  - {kind: photo, title: Photo \(n) with a long enough title to make the kit big, url: 'https://example.org/\(n).jpg'}\n" }
        try directory.write("Catalog/big.yaml", yaml)
        #expect(try await presskit("import").status == 0)
        try directory.write("kit.json", "old kit\n")
        let complete = try await presskit("manifest", "big")
        // when runs are killed at moments spread over their lifetime,
        for delay in stride(from: 0, through: 200, by: 25) {
            let run = try PresskitBinary.start(["manifest", "big", "-o", "kit.json"], in: directory.path)
            try await Task.sleep(for: .milliseconds(delay))
            kill(run.processIdentifier, SIGKILL)
            _ = try await PresskitBinary.wait(for: run)
            // then the file is always whole: the old text or the complete new kit.
            let text = try read("kit.json")
            #expect(text == "old kit\n" || text == complete.stdout, "a half-written kit after \(delay) ms")
        }
    }
}
