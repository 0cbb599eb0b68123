import Foundation
import Testing
import TestSupport

/// End-to-end runs of the built `presskit` binary in a temporary folder holding a copy of the sample catalogue.
@Suite struct CLITests: PresskitSuite {
    let directory: TemporaryDirectory

    init() async throws {
        directory = try TemporaryDirectory()
        try FileManager.default.copyItem(at: Repository.catalog, to: directory.url.appendingPathComponent("Catalog"))
    }

    @Test func importsTheSampleCatalogueAndListsAnEvent() async throws {
        let imported = try await presskit("import")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("Read 12 files into presskit.sqlite: catalogue updated."))
        #expect(imported.stderr == "")

        let assets = try await presskit("assets", "western-balkans-visit-2023", "--format", "json")
        #expect(assets.status == 0)
        let document = try jsonObject(assets.stdout)
        #expect(document["schema"] as? String == "presskit.assets/1")
        let list = try #require(document["assets"] as? [[String: Any]])
        #expect(list.count == 25)
        #expect(list.contains { $0["url"] as? String == "https://www.nato.int/cps/en/natohq/opinions_220213.htm" && $0["kind"] as? String == "transcript" })

        let table = try await presskit("assets", "western")
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("STORY"))
        #expect(table.stdout.hasSuffix("25 assets in 5 stories\n"))
        #expect(!table.stdout.contains("\u{1B}"), "no colour codes when piped")
    }

    @Test func reimportChangesNothingAndSaysSo() async throws {
        _ = try await presskit("import")
        let again = try await presskit("import", "--format", "json")
        #expect(again.status == 0)
        let document = try jsonObject(again.stdout)
        let events = try #require(document["events"] as? [String: Int])
        let assets = try #require(document["assets"] as? [String: Int])
        #expect(events == ["added": 0, "changed": 0, "removed": 0, "unchanged": 12])
        #expect(assets == ["added": 0, "changed": 0, "removed": 0, "unchanged": 50])
    }

    @Test func aBadFileFailsTheWholeImportAndLeavesTheDatabaseAsItWas() async throws {
        _ = try await presskit("import")
        let before = try await presskit("show", "western-balkans-visit-2023", "--format", "json").stdout
        // One good change and one broken file: neither may land.
        let file = directory.path("Catalog/2023-11/western-balkans-visit-2023.yaml")
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "NATO Secretary General's visit to the Western Balkans", with: "Changed title")
            .write(toFile: file, atomically: true, encoding: .utf8)
        try directory.write("Catalog/broken.yaml", "event:\n  id: broken\n  tittle: x\n  type: visit\n  start: 2023-01-01\n")

        let result = try await presskit("import")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("Catalog/broken.yaml:3:3: error: unknown key 'tittle' in event; did you mean 'title'?"))
        #expect(result.stderr.contains("Catalog/broken.yaml:2:3: error: event is missing required key 'title'"))
        #expect(result.stderr.hasSuffix("presskit: error: 2 errors in 1 file; nothing was imported\n"))
        #expect(try await presskit("show", "western-balkans-visit-2023", "--format", "json").stdout == before)
    }

    @Test func aFailedFirstImportCreatesNoDatabase() async throws {
        try directory.write("Catalog/broken.yaml", "event: [")
        let result = try await presskit("import")
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.path("presskit.sqlite")))
    }

    @Test func validateWritesNothingAndReportsAsJSON() async throws {
        let ok = try await presskit("validate")
        #expect(ok.status == 0)
        #expect(ok.stdout == "12 files OK: 12 events, 16 stories, 50 assets.\n")
        #expect(!FileManager.default.fileExists(atPath: directory.path("presskit.sqlite")))

        try directory.write("Catalog/bad.yaml", "event:\n  id: bad\n  title: Bad\n  type: vist\n  start: 2023-01-01\n")
        let bad = try await presskit("validate", "--format", "json")
        #expect(bad.status == 2)
        let document = try jsonObject(bad.stdout)
        #expect(document["valid"] as? Bool == false)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0]["line"] as? Int == 4)
        #expect(diagnostics[0]["column"] as? Int == 9)
    }

    @Test func listsEventsWithFiltersAsCSV() async throws {
        _ = try await presskit("import")
        let csv = try await presskit("events", "--from", "2023-11-01", "--type", "visit", "--format", "csv")
        #expect(csv.status == 0)
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "id,title,type,start,end,places,tags,stories,assets")
        #expect(lines.count == 3 && lines[2] == "")
        #expect(lines[1].hasPrefix("western-balkans-visit-2023,"))
        #expect(lines[1].hasSuffix(",5,25"))
    }

    @Test func showsAnEventWithItsContactsAndStories() async throws {
        _ = try await presskit("import")
        let shown = try await presskit("show", "western-balkans")
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Contacts\n  NATO Press Office"))
        #expect(shown.stdout.contains("2023-11-21  NATO Secretary General underlines the importance of NATO’s partnership with Serbia"))
        let document = try jsonObject(try await presskit("show", "western-balkans-visit-2023", "--format", "json").stdout)
        let event = try #require(document["event"] as? [String: Any])
        #expect((event["stories"] as? [Any])?.count == 5)
    }

    @Test func explainsUnknownAndAmbiguousEvents() async throws {
        _ = try await presskit("import")
        let typo = try await presskit("assets", "western-balkans-visit-2032")
        #expect(typo.status == 2)
        #expect(typo.stderr == "presskit: error: no event 'western-balkans-visit-2032' in the catalogue; did you mean 'western-balkans-visit-2023'?\n")
        let ambiguous = try await presskit("show", "d")
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("'d' matches several events: diana-operational-2023, dprk-satellite-launch-statement-2023"))
        let story = try await presskit("assets", "western-balkans-visit-2023", "--story", "nope")
        #expect(story.status == 2)
        #expect(story.stderr.contains("has no story 'nope'"))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let badKind = try await presskit("assets", "x", "--kind", "brol")
        #expect(badKind.status == 2)
        #expect(badKind.stderr.contains("brol"))
        let badDate = try await presskit("events", "--from", "2023-02-30")
        #expect(badDate.status == 2)
    }

    @Test func aMissingDatabaseIsExitThreeAndIsNotCreated() async throws {
        let result = try await presskit("events")
        #expect(result.status == 3)
        #expect(result.stderr == "presskit: error: no catalogue database at 'presskit.sqlite'; run 'presskit import' first, or pass --db or set PRESSKIT_DB\n")
        #expect(!FileManager.default.fileExists(atPath: directory.path("presskit.sqlite")))
    }

    @Test func takesTheDatabaseFromTheEnvironmentOrTheFlag() async throws {
        let imported = try await presskit("import", environment: ["PRESSKIT_DB": "from-env.sqlite"])
        #expect(imported.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.path("from-env.sqlite")))
        #expect(try await presskit("events", environment: ["PRESSKIT_DB": "from-env.sqlite"]).status == 0)
        #expect(try await presskit("events", "--db", "from-env.sqlite").status == 0)
        #expect(try await presskit("events", "--db", "other.sqlite", environment: ["PRESSKIT_DB": "from-env.sqlite"]).status == 3, "--db wins")
    }

    @Test func removingAFileRemovesItsEvent() async throws {
        _ = try await presskit("import")
        try FileManager.default.removeItem(atPath: directory.path("Catalog/2023-06/diana-operational-2023.yaml"))
        let result = try await presskit("import", "--format", "json")
        let events = try #require(try jsonObject(result.stdout)["events"] as? [String: Int])
        #expect(events["removed"] == 1)
        #expect(try await presskit("show", "diana-operational-2023").status == 2)
    }

    @Test func reimportReadsOnlyChangedFilesYetStillCatchesDuplicates() async throws {
        _ = try await presskit("import")
        // An edit to one file: only its event changes.
        let file = directory.path("Catalog/2023-06/diana-operational-2023.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "type: other", with: "type: briefing").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try jsonObject(try await presskit("import", "--format", "json").stdout)
        #expect(edited["events"] as? [String: Int] == ["added": 0, "changed": 1, "removed": 0, "unchanged": 11])

        // A copy of an unchanged file defines the same event again: refused, though the original was not re-read.
        try FileManager.default.copyItem(atPath: directory.path("Catalog/2023-11/adaptive-hussars-23.yaml"),
                                         toPath: directory.path("Catalog/copy.yaml"))
        let copied = try await presskit("import")
        #expect(copied.status == 2)
        #expect(copied.stderr.contains("Catalog/copy.yaml:8:7: error: duplicate event id 'adaptive-hussars-23', first defined in Catalog/2023-11/adaptive-hussars-23.yaml"))
        try FileManager.default.removeItem(atPath: directory.path("Catalog/copy.yaml"))

        // A new event reusing a story id of an unchanged file: refused, nothing written.
        try directory.write("Catalog/new.yaml", "event: {id: new-event, title: New, type: other, start: 2023-01-01}\nstories:\n  - {id: wb23-belgrade, headline: H, date: 2023-01-01}\n")
        let clash = try await presskit("import")
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("story id 'wb23-belgrade' is already used by event 'western-balkans-visit-2023'"))
        #expect(try await presskit("show", "new-event").status == 2)
    }

    /// Given a catalogue where every event has N assets, when an import that gives every event N+1 assets
    /// commits while another process lists events over and over, then every listing shows all events at N
    /// or all at N+1 — never a mix.
    @Test func aReaderSeesTheOldCatalogueOrTheNewNeverAMix() async throws {
        let bulk = try TemporaryDirectory()
        defer { bulk.remove() }
        func writeCatalogue(assetsPerEvent: Int) throws {
            for e in 0..<150 {
                var yaml = "event: {id: e\(e), title: Event \(e), type: other, start: 2023-01-01}\nstories:\n  - id: s\(e)\n    headline: S\n    date: 2023-01-01\n    assets:\n"
                for a in 0..<assetsPerEvent {
                    yaml += "      - {kind: photo, title: Photo \(a), url: 'https://example.org/\(e)/\(a).jpg'}\n"
                }
                try bulk.write("Catalog/e\(e).yaml", yaml)
            }
        }
        try writeCatalogue(assetsPerEvent: 40)
        let database = bulk.path("bulk.sqlite")
        #expect(try await PresskitBinary.run(["import", "--db", database], in: bulk.path).status == 0)
        try writeCatalogue(assetsPerEvent: 41)

        let importer = try PresskitBinary.start(["import", "--db", database], in: bulk.path)
        var seen = Set<Int>()
        var readings = 0
        repeat {
            let listing = try await PresskitBinary.run(["events", "--db", database, "--format", "csv"], in: bulk.path)
            #expect(listing.status == 0, "\(listing.stderr)")
            let counts = Set(listing.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
                .map { $0.split(separator: ",").last.map(String.init) ?? "" })
            #expect(counts.count == 1, "a mixed catalogue: \(counts)")
            seen.formUnion(counts.compactMap { Int($0) })
            readings += 1
        } while importer.isRunning || readings < 2
        #expect(try await PresskitBinary.wait(for: importer) == 0)
        #expect(seen.isSubset(of: [40, 41]))
        let after = try await PresskitBinary.run(["events", "--db", database, "--format", "csv"], in: bulk.path)
        #expect(after.stdout.contains(",1,41\r\n"))
    }
}
