import StrictYAML
import Foundation
import GRDB
import Testing
import TestSupport
@testable import Catalogue

/// Builds events quickly for store tests.
func event(_ id: String, start: String = "2023-11-19", type: EventType = .visit, stories: [Story] = [], assets: [Asset] = []) -> Event {
    Event(id: id, title: "Event \(id)", type: type, start: CalendarDate(iso: start)!, stories: stories, assets: assets)
}

func story(_ id: String, assets: [Asset] = []) -> Story {
    Story(id: id, headline: "Story \(id)", date: .day(CalendarDate(year: 2023, month: 11, day: 20)!), assets: assets)
}

func asset(_ id: String, kind: AssetKind = .video, title: String? = nil) -> Asset {
    Asset(id: id, kind: kind, title: title ?? "Asset \(id)", url: "https://example.org/\(id)")
}

/// A catalogue whose events all come from files under `/catalog`.
func catalogue(_ events: [Event]) -> Catalogue {
    Catalogue(events: events, sourcePaths: Dictionary(uniqueKeysWithValues: events.map { ($0.id, "/catalog/\($0.id).yaml") }))
}

@Suite struct StoreTests {
    let directory: TemporaryDirectory
    let store: CatalogueStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try CatalogueStore(path: directory.path("catalogue.sqlite"), access: .create)
    }

    let base = [
        event("visit-a", stories: [story("a1", assets: [asset("a1-video"), asset("a1-photo", kind: .photo)])],
              assets: [asset("a-wide", kind: .transcript)]),
        event("exercise-b", start: "2023-06-12", type: .exercise, stories: [story("b1", assets: [asset("b1-broll", kind: .bRoll)])]),
    ]

    @Test func importsThenReimportsWithoutChange() throws {
        let first = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        #expect(first.events.added == 2)
        #expect(first.stories.added == 2)
        #expect(first.assets.added == 4)
        let second = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        #expect(second.isNoChange)
        #expect(second.events.unchanged == 2 && second.stories.unchanged == 2 && second.assets.unchanged == 4)
        #expect(try store.integrityCheck() == "ok")
    }

    /// A store opened to read runs on its own `ReadConnection`: what one of its reads sees is one
    /// state of the catalogue, even when an import commits in the middle of it.
    @Test func aReadSeesOneStateWhileAnImportCommits() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        let reader = try CatalogueStore(path: directory.path("catalogue.sqlite"), access: .read)
        var edited = base
        edited[0].stories[0].assets.append(asset("a1-audio", kind: .audio))
        let (before, after) = try reader.readConnection { db in
            let before = try RawStatement.integer(db, "SELECT count(*) FROM asset") ?? -1
            // Another connection (the writer's pool) commits while this read is open.
            _ = try store.importCatalogue(catalogue(edited), scope: ["/catalog"])
            return (before, try RawStatement.integer(db, "SELECT count(*) FROM asset") ?? -1)
        }
        #expect(before == 4 && after == 4, "the read's snapshot")
        #expect(try reader.assets(of: "visit-a").count == 4, "the next read sees the import")
        #expect(try reader.lookUpEvent("visit") == .found("visit-a"))
        #expect(try reader.storyIDs(of: "visit-a") == ["a1"])
    }

    @Test func countsChangesAndRemovals() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        var edited = base
        edited[0].stories[0].assets[0].title = "Renamed"          // changed asset
        edited[0].stories[0].assets.remove(at: 1)                 // removed asset
        edited[0].stories.append(story("a2", assets: [asset("a2-audio", kind: .audio)])) // added story + asset
        edited.remove(at: 1)                                      // removed event with its story and asset
        let summary = try store.importCatalogue(catalogue(edited), scope: ["/catalog"])
        #expect(summary.events == counts(changed: 1, removed: 1))
        #expect(summary.stories == counts(added: 1, removed: 1, unchanged: 1))
        #expect(summary.assets == counts(added: 1, changed: 1, removed: 2, unchanged: 1))
        #expect(try store.assets(of: "visit-a").map(\.asset.title) == ["Asset a-wide", "Renamed", "Asset a2-audio"])
        #expect(try store.event("exercise-b") == nil)
    }

    @Test func movesAStoryBetweenEvents() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        var moved = base
        let b1 = moved[1].stories.removeFirst()
        moved[0].stories.append(b1)
        let summary = try store.importCatalogue(catalogue(moved), scope: ["/catalog"])
        #expect(summary.stories.changed == 1)
        #expect(summary.stories.removed == 0)
        #expect(try store.storyIDs(of: "visit-a") == ["a1", "b1"])
        #expect(try store.assets(of: "visit-a", story: "b1").map(\.asset.id) == ["b1-broll"])
    }

    @Test func leavesEventsFromOtherFilesAlone() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        // Importing one new file from elsewhere must not remove what came from /catalog.
        let other = Catalogue(events: [event("summit-c")], sourcePaths: ["summit-c": "/elsewhere/c.yaml"])
        let summary = try store.importCatalogue(other, scope: ["/elsewhere/c.yaml"])
        #expect(summary.events == counts(added: 1))
        #expect(try store.events().map(\.event.id).sorted() == ["exercise-b", "summit-c", "visit-a"])
    }

    @Test func refusesAnIDTakenOutsideTheScopeAndWritesNothing() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        let clash = Catalogue(events: [event("summit-c", stories: [story("a1")])], sourcePaths: ["summit-c": "/elsewhere/c.yaml"])
        #expect(throws: InvalidInput.self) { try store.importCatalogue(clash, scope: ["/elsewhere/c.yaml"]) }
        #expect(try store.events().map(\.event.id).sorted() == ["exercise-b", "visit-a"])
    }

    @Test func listsEventsByDateAndFilter() throws {
        _ = try store.importCatalogue(catalogue(base + [event("summit-c", start: "2023-07-11", type: .summit)]), scope: ["/catalog"])
        #expect(try store.events().map(\.event.id) == ["exercise-b", "summit-c", "visit-a"])
        #expect(try store.events(EventFilter(from: CalendarDate(iso: "2023-07-01"))).map(\.event.id) == ["summit-c", "visit-a"])
        #expect(try store.events(EventFilter(to: CalendarDate(iso: "2023-07-11"))).map(\.event.id) == ["exercise-b", "summit-c"])
        #expect(try store.events(EventFilter(types: [.summit, .exercise])).map(\.event.id) == ["exercise-b", "summit-c"])
        let a = try #require(try store.events().first { $0.event.id == "visit-a" })
        #expect(a.storyCount == 1 && a.assetCount == 3)
    }

    @Test func listsAssetsEventWideFirstThenByStory() throws {
        _ = try store.importCatalogue(catalogue(base), scope: ["/catalog"])
        #expect(try store.assets(of: "visit-a").map(\.asset.id) == ["a-wide", "a1-video", "a1-photo"])
        #expect(try store.assets(of: "visit-a").map(\.storyID) == [nil, "a1", "a1"])
        #expect(try store.assets(of: "visit-a", kinds: [.photo, .transcript]).map(\.asset.id) == ["a-wide", "a1-photo"])
        #expect(try store.assets(of: "visit-a", story: "a1", kinds: [.video]).map(\.asset.id) == ["a1-video"])
    }

    @Test func roundTripsAWholeEvent() throws {
        var full = base[0]
        full.end = CalendarDate(iso: "2023-11-22")
        full.places = ["Sarajevo", "Skopje"]
        full.contacts = [Contact(name: "Press", email: "press@example.org")]
        full.stories[0].date = .moment(try ZonedDateTime.parse("2023-11-21T10:00:00+01:00").get())
        full.stories[0].assets[0].embargo = try ZonedDateTime.parse("2023-11-21T12:00:00Z").get()
        full.stories[0].assets[0].shotlist = [Shot(at: "00:00:05", shot: "Arrival")]
        full.stories[0].assets[0].speakers = [Speaker(name: "Jens Stoltenberg", language: "en")]
        _ = try store.importCatalogue(catalogue([full]), scope: ["/catalog"])
        #expect(try store.event("visit-a") == full)
    }

    @Test func looksUpEventsByIDOrPrefix() throws {
        _ = try store.importCatalogue(catalogue(base + [event("visit-ab")]), scope: ["/catalog"])
        #expect(try store.lookUpEvent("visit-a") == .found("visit-a"))
        #expect(try store.lookUpEvent("exer") == .found("exercise-b"))
        #expect(try store.lookUpEvent("visit") == .ambiguous(matches: ["visit-a", "visit-ab"]))
        #expect(try store.lookUpEvent("exercise-c") == .notFound(suggestions: ["exercise-b"]))
        #expect(try store.lookUpEvent("v_sit") == .notFound(suggestions: ["visit-a", "visit-ab"]), "LIKE wildcards are escaped")
    }

    @Test func refusesToCreateADatabaseWhenOnlyReading() throws {
        let missing = directory.path("missing.sqlite")
        #expect(throws: CatalogueStore.OpenError.self) { try CatalogueStore(path: missing, access: .update) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func explainsAFileThatIsNotADatabase() throws {
        let path = try directory.write("notes.sqlite", String(repeating: "not a database ", count: 100))
        do {
            _ = try CatalogueStore(path: path, access: .update)
            Issue.record("opened a text file as a database")
        } catch let error as CatalogueStore.OpenError {
            #expect(error.description == "'\(path)' is not a SQLite database; pass --db with the catalogue's path (import creates one where no file exists)")
        }
    }

    @Test func usesWALAndForeignKeys() throws {
        let db = try DatabaseQueue(path: directory.path("catalogue.sqlite"))
        #expect(try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pragma_foreign_key_list('asset')") } == 2)
        let indexes = try db.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'") }
        #expect(Set(indexes).isSuperset(of: ["asset_on_event", "story_on_event", "event_on_start"]))
    }
}

func counts(added: Int = 0, changed: Int = 0, removed: Int = 0, unchanged: Int = 0) -> ImportSummary.Counts {
    var c = ImportSummary.Counts()
    (c.added, c.changed, c.removed, c.unchanged) = (added, changed, removed, unchanged)
    return c
}
