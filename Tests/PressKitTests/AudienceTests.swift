import Catalogue
import Foundation
import LinkVocabulary
import Testing
import TestSupport
@testable import PressKit

/// A public kit holds nothing internal in any format: no verdicts or flags, no HTTP status, no asset
/// ids, no staff notes, nothing left out, and held-back material without its link.
@Suite struct AudienceTests {
    /// The representative event (every verdict and flag the fixtures know, a lifted and a live
    /// embargo, a left-out asset) with a staff note on every asset, and ids that cannot occur in a
    /// title or URL by chance (the fixture's `gallery` is also a word of a title).
    static let event: Event = {
        func staffOnly(_ asset: Asset) -> Asset {
            var asset = asset
            asset.notes = "STAFF-NOTE-\(asset.id)"
            asset.id = "id-\(asset.id)-7f3a"
            return asset
        }
        var event = KitFixtures.representative
        event.assets = event.assets.map(staffOnly)
        event.stories = event.stories.map { story in
            var story = story
            story.assets = story.assets.map(staffOnly)
            return story
        }
        return event
    }()

    static let manifest = KitFixtures.manifest(for: event)

    static func publicText(_ format: ManifestFormat) -> String {
        format.renderer(for: .public, siteURL: "https://press.example.org/kits/").render(manifest)
    }

    /// Words only staff read: every verdict, every flag, `HTTP `, every asset id, every note, and the
    /// held-back and left-out URLs.
    static var forbidden: [String] {
        let ids = event.allAssets.map(\.id)
        return LinkVerdict.allCases.map(\.rawValue) + LinkFlag.allCases.map(\.rawValue) + ["HTTP ", "STAFF-NOTE", "never checked", "Left out"]
            + ids + ["https://example.org/photos/next.jpg", "https://example.org/photos/gone.jpg"]
    }

    /// Whole words (letters, digits, `-`, `_` around them do not count), so `ok` does not match `book`.
    static func occurrences(of word: String, in text: String) -> Int {
        let escaped = NSRegularExpression.escapedPattern(for: word)
        let pattern = word.hasSuffix(" ") ? escaped : "(?<![A-Za-z0-9_-])\(escaped)(?![A-Za-z0-9_-])"
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    @Test(arguments: ManifestFormat.allCases)
    func publicOutputHasNothingInternal(_ format: ManifestFormat) {
        let text = Self.publicText(format)
        for word in Self.forbidden {
            #expect(Self.occurrences(of: word, in: text) == 0, "\(format): '\(word)' in the public kit")
        }
        // The staff kit of the same data does say them: the test can fail.
        let staff = format.renderer(for: .staff).render(Self.manifest)
        #expect(Self.occurrences(of: "broken", in: staff) + Self.occurrences(of: "id-tapa-b-roll-7f3a", in: staff) > 0)
    }

    @Test(arguments: ManifestFormat.allCases)
    func publicSiteIndexHasNoReviewCounts(_ format: ManifestFormat) {
        let site = KitFixtures.site(extension: format.fileExtension)
        let text = format.renderer(for: .public).renderIndex(site)
        for word in ["violation", "missing", "policy problem"] {
            #expect(!text.lowercased().contains(word), "\(format): '\(word)' in the public index")
        }
    }

    @Test(arguments: [ManifestFormat.json, .yaml, .ninjs, .ninjs2])
    func machineFormatsKeepTheirStaffContentByDefault(_ format: ManifestFormat) {
        #expect(format.defaultAudience == .staff)
        #expect(format.renderer(for: format.defaultAudience).render(Self.manifest) == format.renderer.render(Self.manifest))
        #expect(format.renderer(for: .public).render(Self.manifest) != format.renderer.render(Self.manifest))
    }

    @Test func peopleFormatsArePublicByDefault() {
        #expect(ManifestFormat.html.defaultAudience == .public)
        #expect(ManifestFormat.markdown.defaultAudience == .public)
    }

    @Test func publicJSONIsTheStaffDocumentLessTheReviewParts() throws {
        let staff = try jsonObject(JSONManifestRenderer().render(Self.manifest))
        let open = try jsonObject(JSONManifestRenderer(audience: .public).render(Self.manifest))
        #expect(open["violations"] == nil && staff["violations"] != nil)
        let summary = try #require(open["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["asset_count", "kinds", "embargoed"])
        let held = try #require(summary["embargoed"] as? [[String: Any]])
        #expect(held.count == 1 && held[0]["id"] == nil && held[0]["until"] as? String == "2024-02-16T09:00:00+02:00")
        let stories = try #require(open["stories"] as? [[String: Any]])
        let webstory = try #require(stories[0]["webstory"] as? [String: Any])
        #expect(Set(webstory.keys) == ["url"])
        let asset = try #require(((stories[0]["assets"] as? [[String: Any]])?[0]["assets"] as? [[String: Any]])?[0])
        #expect(asset["id"] == nil && asset["health"] == nil && asset["flags"] == nil && asset["title"] as? String == "B-roll: arrival in Tapa")
    }

    @Test func publicYAMLMirrorsPublicJSON() throws {
        let yaml = YAMLManifestRenderer(audience: .public).render(Self.manifest)
        #expect(yaml.contains("asset_count: ") && !yaml.contains("violations:") && !yaml.contains("health:"))
    }

    @Test func theEmbargoIsAnnouncedByTimeNeverByLink() {
        for format in [ManifestFormat.html, .markdown] {
            let text = Self.publicText(format)
            #expect(text.contains("More material from"), "\(format)")
            #expect(text.contains("16 February 2024, 09:00 UTC+02:00"), "\(format)")
            #expect(text.contains("Photos of tomorrow"), "\(format): announced title")
        }
        let holdBack = KitFixtures.manifest(for: Self.event, embargo: .holdBack)
        let page = PublicHTMLRenderer().render(holdBack)
        #expect(page.contains("More material from") && !page.contains("Photos of tomorrow") && page.contains("(1 item)"))
    }

    @Test func publicMarkdownWritesDatesAsPeopleDo() {
        let text = Self.publicText(.markdown)
        #expect(text.contains("- **Dates:** 12–13 February 2024\n"))
        #expect(text.contains("- **Date:** 13 February 2024, 10:30 UTC+02:00\n"))
        #expect(MarkdownManifestRenderer().render(Self.manifest).contains("- **Dates:** 2024-02-12 to 2024-02-13\n"), "staff keeps ISO dates")
    }

    @Test func hostileTextStaysTextInThePublicMarkdown() async throws {
        // Given the hostile event, held back material announced, when CommonMark reads the public
        // kit, then no raw HTML and only http(s) links come out.
        var event = KitFixtures.hostile
        event.assets = [Asset(id: "later", kind: .photo, title: "<img src=x onerror=alert(1)> [x](javascript:alert(1))",
                              url: "https://example.org/later.jpg", embargo: (try? ZonedDateTime.parse("2099-01-01T00:00:00Z").get()))]
        let markdown = MarkdownManifestRenderer(audience: .public).render(KitFixtures.manifest(for: event, health: [:]))
        let reading = try await CommonMark.read(markdown)
        #expect(reading.rawHTML.isEmpty, "\(reading.rawHTML)")
        #expect(reading.destinations.allSatisfy { $0.hasPrefix("https://") || $0.hasPrefix("http://") }, "\(reading.destinations)")
        #expect(markdown.contains("More material from") && !markdown.contains("later.jpg"))
    }

    @Test func publicKitsValidateAgainstTheManifestSchema() async throws {
        let schema = Repository.root.appendingPathComponent("Sources/PressKit/Manifest/Schemas/presskit.manifest-1.schema.json")
        let outcome = try await PythonJSONSchema.validate(
            ["public.json": JSONManifestRenderer(audience: .public).render(Self.manifest),
             "staff.json": JSONManifestRenderer().render(Self.manifest)], against: schema)
        #expect(outcome.isValid, "\(outcome.output)")
    }

    @Test(arguments: [NinjsManifestRenderer.Version.v3_1, .v2_2])
    func publicNinjsValidatesAgainstIPTCSchema(_ version: NinjsManifestRenderer.Version) async throws {
        let number = version.number
        let schema = PythonJSONSchema.standards.appendingPathComponent("ninjs-schema_\(number).json")
        let outcome = try await PythonJSONSchema.validate(
            ["public.json": NinjsManifestRenderer(version: version, audience: .public).render(Self.manifest)], against: schema)
        #expect(outcome.isValid, "\(outcome.output)")
    }

    @Test(arguments: ManifestFormat.allCases)
    func publicOutputIsDeterministic(_ format: ManifestFormat) {
        #expect(Self.publicText(format) == Self.publicText(format))
    }
}
