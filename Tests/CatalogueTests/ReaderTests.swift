import StrictYAML
import Foundation
import Testing
@testable import Catalogue

/// Reads one in-memory file and returns the catalogue and the diagnostics as text.
func read(_ yaml: String, path: String = "t.yaml") -> (Catalogue, [String]) {
    let (catalogue, diagnostics) = CatalogueReader.read([CatalogueSource(path: path, data: Data(yaml.utf8))])
    return (catalogue, diagnostics.map(\.description))
}

let minimalEvent = """
    event:
      id: visit-1
      title: A visit
      type: visit
      start: 2023-11-19
    """

@Suite struct ReaderTests {
    @Test func readsACompleteEvent() throws {
        let (catalogue, diagnostics) = read("""
            event:
              id: western-balkans-visit-2023
              title: "Secretary General's visit"
              type: visit
              start: 2023-11-19
              end: 2023-11-22
              places: [Sarajevo, Pristina]
              summary: >
                Four days,
                four capitals.
              contacts:
                - {name: Press Office, role: Media, email: press@example.org, phone: "+32 2 707 50 41"}
              tags: [western-balkans]
            assets:
              - kind: photo
                title: Gallery
                url: https://example.org/photos
            stories:
              - id: wb23-belgrade
                headline: Belgrade
                date: 2023-11-21T10:00:00+01:00
                place: Belgrade
                people: [Jens Stoltenberg, Aleksandar Vučić]
                webstory: https://example.org/news/belgrade
                assets:
                  - id: belgrade-presser
                    kind: video
                    title: Joint press conference
                    url: https://example.org/belgrade.mp4
                    language: sr-Latn
                    embargo: 2023-11-21T12:00:00Z
                    content_type: video/mp4
                    filmed: 2023-11-21
                    shotlist:
                      - {at: "00:00:05", shot: Arrival}
                    speakers:
                      - {name: Aleksandar Vučić, language: sr}
            """)
        #expect(diagnostics == [])
        let event = try #require(catalogue.events.first)
        #expect(event.title == "Secretary General's visit")
        #expect(event.end == CalendarDate(year: 2023, month: 11, day: 22))
        #expect(event.summary == "Four days, four capitals.")
        #expect(event.contacts == [Contact(name: "Press Office", role: "Media", email: "press@example.org", phone: "+32 2 707 50 41")])
        #expect(event.assets.map(\.id) == [Identifier.derivedAssetID(owner: "western-balkans-visit-2023", kind: .photo, url: "https://example.org/photos")])
        let story = try #require(event.stories.first)
        #expect(story.date.description == "2023-11-21T10:00:00+01:00")
        #expect(story.people == ["Jens Stoltenberg", "Aleksandar Vučić"])
        let asset = try #require(story.assets.first)
        #expect(asset.id == "belgrade-presser")
        #expect(asset.embargo?.description == "2023-11-21T12:00:00Z")
        #expect(asset.shotlist == [Shot(at: "00:00:05", shot: "Arrival")])
        #expect(asset.speakers == [Speaker(name: "Aleksandar Vučić", language: "sr")])
    }

    @Test func readsTheJSONSubsetOfYAML() throws {
        let (catalogue, diagnostics) = read("""
            {"event": {"id": "s-1", "title": "Statement", "type": "statement", "start": "2023-11-22"},
             "stories": [{"id": "s-1-text", "headline": "Statement", "date": "2023-11-22",
                          "assets": [{"kind": "transcript", "title": "Text", "url": "https://example.org/s.pdf"}]}]}
            """, path: "s.json.yaml")
        #expect(diagnostics == [])
        #expect(catalogue.events.first?.stories.first?.assets.first?.kind == .transcript)
    }

    @Test func keepsYAML11WordsAsText() throws {
        // `no` is Norwegian, not false; an unquoted timecode is not a sexagesimal number.
        let (catalogue, diagnostics) = read(minimalEvent + """

            stories:
              - id: oslo
                headline: "Oslo"
                date: 2023-11-20
                assets:
                  - {kind: soundbite, title: On, url: "https://example.org/a.mp3", language: no, shotlist: [{at: 01:05, shot: yes}]}
            """)
        #expect(diagnostics == [])
        let asset = try #require(catalogue.events.first?.stories.first?.assets.first)
        #expect(asset.language == "no")
        #expect(asset.title == "On")
        #expect(asset.shotlist == [Shot(at: "01:05", shot: "yes")])
    }

    @Test func derivedAssetIDsAreStable() {
        // Pinned: changing the derivation would orphan every asset's history.
        #expect(Identifier.derivedAssetID(owner: "wb23-sarajevo", kind: .video,
                                          url: "https://example.org/media/2023/western-balkans/sarajevo-joint-press-conference.mp4")
                == "wb23-sarajevo-video-421a54f4")
    }

    @Test(arguments: [
        ("event:\n  id: v\n  tittle: T\n  type: visit\n  start: 2023-01-01\n", "t.yaml:3:3: error: unknown key 'tittle' in event; did you mean 'title'?"),
        ("event:\n  id: v\n  title: T\n  type: visit\n", "t.yaml:2:3: error: event is missing required key 'start'"),
        ("event:\n  id: v\n  title: [T]\n  type: visit\n  start: 2023-01-01\n", "t.yaml:3:10: error: 'title' of event must be text, found a list"),
        ("event:\n  id: v\n  title: T\n  type: visit\n  start: 2023-01-01\n  places: Sarajevo\n", "t.yaml:6:11: error: 'places' of event must be a list (one '- item' per line, or [a, b]), found text 'Sarajevo'"),
        ("event:\n  id: v\n  title: T\n  type: vist\n  start: 2023-01-01\n", "t.yaml:4:9: error: unknown event type 'vist'; did you mean 'visit'?"),
        ("event:\n  id: v\n  title: T\n  type: visit\n  start: 2023-02-29\n", "t.yaml:5:10: error: '2023-02-29' is not a real date (start of event)"),
        ("event:\n  id: v\n  title: T\n  type: visit\n  start: 2023-03-02\n  end: 2023-03-01\n", "t.yaml:6:8: error: event ends (2023-03-01) before it starts (2023-03-02)"),
        ("event:\n  id: Not A Slug\n  title: T\n  type: visit\n  start: 2023-01-01\n", "t.yaml:2:7: error: event id 'Not A Slug' is not a slug: use lowercase letters, digits and single '-', '_' or '.' between them (at most 120 characters)"),
        ("id: v\ntitle: T\n", "t.yaml:1:1: error: the event's fields must sit under an 'event:' key (see Catalog/README.md)"),
        ("event: {id: v, title: [T\n", "t.yaml:2:1: error: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence"),
        ("", "t.yaml:1:1: error: file is empty; a catalogue file describes one event (see Catalog/README.md)"),
        ("# only a comment\n", "t.yaml:1:1: error: file is empty; a catalogue file describes one event (see Catalog/README.md)"),
        ("event:\n  id: v\n  id: w\n", "t.yaml:3:3: error: duplicate key 'id' in the same mapping; keep one"),
    ])
    func reportsEventProblemsWithTheirPosition(yaml: String, expected: String) {
        let (catalogue, diagnostics) = read(yaml)
        #expect(diagnostics.contains(expected), "got \(diagnostics)")
        #expect(catalogue.events.isEmpty)
    }

    /// An asset line inside a valid event; the asset mapping starts at line 11, column 9.
    func assetProblems(_ fields: String) -> [String] {
        read(minimalEvent + """

            stories:
              - id: s1
                headline: H
                date: 2023-11-20
                assets:
                  - \(fields)
            """).1
    }

    @Test func reportsAssetProblems() {
        #expect(assetProblems("{kind: brol, title: T, url: 'https://x.org/a'}")
                == ["t.yaml:11:16: error: unknown asset kind 'brol'; did you mean 'b-roll'?"])
        #expect(assetProblems("{kind: photo, title: T, url: 'ftp://x.org/a'}")
                == ["t.yaml:11:38: error: 'url' of asset: only http and https links are allowed, not 'ftp'"])
        #expect(assetProblems("{kind: photo, title: T, url: 'notaurl'}")
                == ["t.yaml:11:38: error: 'url' of asset: not a URL: it needs a scheme, like https://example.org/file.mp4"])
        #expect(assetProblems("{kind: photo, title: T, url: 'https:///nohost'}")
                == ["t.yaml:11:38: error: 'url' of asset: the URL has no host name; write it as https://host/path"])
        let secret = assetProblems("{kind: photo, title: T, url: 'https://editor:hunter2@x.org/a'}")
        #expect(secret == ["t.yaml:11:38: error: 'url' of asset: a URL must not carry a user name or password ('user:password@'); links are shown to journalists"])
        #expect(!secret.joined().contains("hunter2"))
        #expect(assetProblems("{kind: photo, title: T, url: 'https://x.org/a', embargo: '2023-11-21T10:00:00'}")
                == ["t.yaml:11:66: error: 'embargo' of asset has no time zone; add Z or an offset, e.g. 2023-11-21T10:00:00+01:00"])
        #expect(assetProblems("{kind: photo, title: T, url: 'https://x.org/a', embargo: '2023-11-21'}")
                == ["t.yaml:11:66: error: 'embargo' of asset needs a time and a zone, e.g. 2023-11-21T10:00:00+01:00"])
        #expect(assetProblems("{kind: photo, title: T, url: 'https://x.org/a', language: English}")
                == ["t.yaml:11:67: error: 'English' is not a BCP 47 language tag; did you mean 'en'?"])
        #expect(assetProblems("{kind: video, title: T, url: 'https://x.org/a', shotlist: [{at: '1:99', shot: x}]}")
                == ["t.yaml:11:73: error: '1:99' is not a timecode; write HH:MM:SS or MM:SS (quoted, e.g. \"00:01:05\")"])
        #expect(assetProblems("{kind: photo, url: 'https://x.org/a', titel: T}")
                == ["t.yaml:11:9: error: asset is missing required key 'title'",
                    "t.yaml:11:47: error: unknown key 'titel' in asset; did you mean 'title'?"])
        #expect(assetProblems("{kind: photo, title: T, url: 'https://x.org/a', filmed: 2023-01-01}")
                == ["t.yaml:11:65: warning: 'filmed' is a broadcast field for b-roll, soundbite, video and audio assets; it is ignored on a photo"])
    }

    @Test func reportsEveryProblemInEveryFile() {
        let sources = [
            CatalogueSource(path: "a.yaml", data: Data("event:\n  id: a\n  title: A\n  type: visit\n  start: 2023-13-01\n".utf8)),
            CatalogueSource(path: "b.yaml", data: Data("event:\n  id: b\n  title: B\n  type: sumit\n  start: 2023-01-01\n  end: nope\n".utf8)),
        ]
        let (_, diagnostics) = CatalogueReader.read(sources)
        #expect(diagnostics.map(\.description) == [
            "a.yaml:5:10: error: '2023-13-01' is not a real date (start of event)",
            "b.yaml:4:9: error: unknown event type 'sumit'; did you mean 'summit'?",
            "b.yaml:6:8: error: 'end' of event must be a date written YYYY-MM-DD, found 'nope'",
        ])
    }

    @Test func reportsDuplicateIDsAcrossFiles() {
        let story = "\nstories:\n  - id: shared-story\n    headline: H\n    date: 2023-01-02\n"
        let sources = [
            CatalogueSource(path: "a.yaml", data: Data((minimalEvent + story).utf8)),
            CatalogueSource(path: "b.yaml", data: Data((minimalEvent + story).utf8)),
        ]
        let (catalogue, diagnostics) = CatalogueReader.read(sources)
        #expect(diagnostics.map(\.description) == [
            "b.yaml:2:7: error: duplicate event id 'visit-1', first defined at a.yaml:2:7",
            "b.yaml:7:9: error: duplicate story id 'shared-story', first defined at a.yaml:7:9",
        ])
        #expect(catalogue.events.count == 2, "each file alone is valid; the caller refuses on errors")
    }

    @Test func reportsTheSameURLTwiceInAStoryAsADuplicateAsset() {
        let problems = assetProblems("{kind: photo, title: T, url: 'https://x.org/a'}\n      - {kind: photo, title: U, url: 'https://x.org/a'}")
        #expect(problems.count == 1)
        #expect(problems[0].hasPrefix("t.yaml:12:9: error: duplicate asset id 's1-photo-"))
        #expect(problems[0].hasSuffix("first defined at t.yaml:11:9; give one of them its own 'id'"))
    }

    @Test func refusesBytesThatAreNotUTF8() {
        let (_, diagnostics) = CatalogueReader.read([CatalogueSource(path: "l.yaml", data: Data("event:\n  id: caf".utf8) + Data([0xE9, 0x0A]))])
        #expect(diagnostics.map(\.description) == ["l.yaml:2:10: error: file is not valid UTF-8 (byte 0xE9); save it as UTF-8"])
    }

    @Test func acceptsAByteOrderMark() {
        let (catalogue, diagnostics) = CatalogueReader.read([CatalogueSource(path: "b.yaml", data: Data([0xEF, 0xBB, 0xBF]) + Data(minimalEvent.utf8))])
        #expect(diagnostics == [])
        #expect(catalogue.events.count == 1)
    }

    @Test func refusesFilesOverTheSizeLimit() {
        let big = minimalEvent + "\n  summary: \"" + String(repeating: "x", count: YAMLText.maximumFileSize) + "\"\n"
        let (_, diagnostics) = read(big)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0] == "t.yaml: error: " + YAMLText.tooLargeMessage)
    }

    @Test func refusesAliasBombsQuickly() {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        lines += ["? *i", ": x", "? *h", ": y"] // aliases as keys: Yams would hash them exponentially
        let started = ContinuousClock.now
        let (_, diagnostics) = read(lines.joined(separator: "\n"))
        #expect(diagnostics == ["t.yaml:1:4: error: YAML anchors and aliases ('&name', '*name') are not allowed; write the value out"])
        #expect(ContinuousClock.now - started < .seconds(5), "linear scan, not expansion")
    }

    @Test func refusesDeepNesting() {
        let (_, shallow) = read("event: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40))
        #expect(shallow == ["t.yaml:1:39: error: document is nested deeper than 32 levels"])
        let (_, deep) = read("event: " + String(repeating: "[", count: 100_000))
        #expect(deep.count == 1)
        #expect(deep[0].contains("nested deeper than 32 levels"))
    }
}

/// Control characters in catalogue text: refused where they stand, never echoed raw.
@Suite struct ControlCharacterTests {
    @Test(arguments: [("\\0", "\\u{0}"), ("\\e[31m", "\\u{1B}"), ("\\r", "\\u{D}"), ("\\x7F", "\\u{7F}"), ("\\x85", "\\u{85}")])
    func refusesControlCharactersFromEscapes(escape: String, shown: String) {
        // A NUL used to cut "a\0b" short to "a" on its way to the database.
        let (catalogue, diagnostics) = read(minimalEvent + "\n  summary: \"a\(escape)b\"\n")
        #expect(catalogue.events.isEmpty)
        #expect(diagnostics == ["t.yaml:6:12: error: text holds the control character \(shown) (from an escape such as \"\\0\" or \"\\e\"); only tabs and line breaks are allowed: remove it"])
        #expect(!diagnostics[0].unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func refusesControlCharactersInKeys() {
        let (_, diagnostics) = read(minimalEvent + "\n  \"sum\\x1Bmary\": x\n")
        #expect(diagnostics.first?.hasPrefix("t.yaml:6:3: error: text holds the control character \\u{1B}") == true, "\(diagnostics)")
    }

    @Test func keepsTabsAndLineBreaks() throws {
        let (catalogue, diagnostics) = read(minimalEvent + "\n  summary: \"one\\ttwo\\nthree\"\n")
        #expect(diagnostics == [])
        #expect(catalogue.events.first?.summary == "one\ttwo\nthree")
    }

    @Test func diagnosticsShowControlCharactersEscaped() {
        let diagnostic = Diagnostic(path: "Catalog/\u{1B}]0;owned\u{07}.yaml", line: 2, column: 3, message: "unknown key 'a\u{1B}[2Jb'")
        #expect(diagnostic.description == "Catalog/\\u{1B}]0;owned\\u{7}.yaml:2:3: error: unknown key 'a\\u{1B}[2Jb'")
    }
}
