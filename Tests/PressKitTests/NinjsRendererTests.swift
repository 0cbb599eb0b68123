import Catalogue
import Foundation
import Testing
import TestSupport
@testable import PressKit

@Suite struct NinjsRendererTests {
    typealias Version = NinjsManifestRenderer.Version
    let manifest = NinjsFixture.manifest()

    func render(_ version: Version, _ manifest: Manifest? = nil) -> String {
        NinjsManifestRenderer(version: version).render(manifest ?? self.manifest)
    }

    func schema(_ version: Version) -> URL {
        PythonJSONSchema.standards.appendingPathComponent("ninjs-schema_\(version.number).json")
    }

    /// A kit with nothing optional: no end date, summary, places, contacts, stories or assets.
    var bareManifest: Manifest {
        var policy = PressKitPolicy()
        policy.contact = nil
        let event = Event(id: "bare", title: "Bare", type: .statement, start: CalendarDate(year: 2024, month: 1, day: 2)!)
        return ManifestBuilder(policy: policy, asOf: NinjsFixture.asOf).manifest(for: event, health: [:])
    }

    @Test(arguments: [Version.v3_1, .v2_2])
    func kitsValidateAgainstIPTCSchema(_ version: Version) async throws {
        let outcome = try await PythonJSONSchema.validate(
            ["full.json": render(version), "bare.json": render(version, bareManifest)], against: schema(version))
        #expect(outcome.isValid, "\(outcome.output)")
    }

    @Test func theValidatorRejectsBrokenDocuments() async throws {
        // Given a valid 3.1 kit, when each copy breaks one schema rule, then each copy is reported.
        let valid = try object(render(.v3_1))
        func broken(_ change: (inout [String: Any]) -> Void) throws -> String {
            var copy = valid
            change(&copy)
            return String(decoding: try JSONSerialization.data(withJSONObject: copy, options: [.sortedKeys]), as: UTF8.self)
        }
        var story = try #require(association(valid, "opening"))
        story["firstCreated"] = "2023-11-20"
        let documents = try [
            "no-uri.json": broken { $0["uri"] = nil },
            "unknown-property.json": broken { $0["presskitHealth"] = ["verdict": "ok"] },
            "bad-uri.json": broken { $0["uri"] = "urn:presskit:event:with space" },
            "date-only-created.json": broken { $0["associations"] = [story] },
            "unknown-type.json": broken { $0["type"] = "kit" },
        ]
        let outcome = try await PythonJSONSchema.validate(documents, against: schema(.v3_1))
        #expect(!outcome.isValid)
        for name in documents.keys { #expect(outcome.output.contains("\(name): "), "\(name) passed:\n\(outcome.output)") }

        let crossed = try await PythonJSONSchema.validate(["v3.json": render(.v3_1)], against: schema(.v2_2))
        #expect(!crossed.isValid, "a 3.1 document is not valid 2.2")
    }

    @Test func theEventIsTheTopLevelItem() throws {
        let top = try object(render(.v3_1))
        #expect(top["uri"] as? String == "urn:presskit:event:summit-2023")
        #expect(top["type"] as? String == "event")
        #expect(top["standard"] as? [String: String] == ["name": "ninjs", "version": "3.1",
                                                         "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"])
        #expect(values(top["headlines"]) == [NinjsFixture.hostileTitle])
        #expect(top["eventDetails"] as? [String: [String: String]]
                == ["dates": ["expectedStartDate": "2023-11-20", "expectedEndDate": "2023-11-21"]])
        #expect(names(top["places"]) == ["Brussels", "\u{202E}Vilnius"])
        #expect(names(top["subjects"]) == ["defence", "summit"])
        let contacts = try #require(top["infoSources"] as? [[String: Any]])
        #expect(contacts.count == 2)
        #expect(contacts[0]["role"] as? String == "Press enquiries")
        #expect(contacts[0]["contactInfo"] as? [[String: String]]
                == [["type": "email", "value": "press@example.org"], ["type": "phone", "value": "+32 2 707 50 41"]])
        #expect(contacts[1]["contactInfo"] == nil, "a contact without address or number has no contactInfo")
        #expect(names(top["associations"]) == ["fact-sheet", "opening", "closing"], "event-wide assets, then stories")

        let ext = try extensionPayload(top)
        #expect(ext["as_of"] as? String == "2023-11-21T12:00:00.000Z")
        #expect(ext["event"] as? [String: String]
                == ["id": "summit-2023", "type": "summit", "start": "2023-11-20", "end": "2023-11-21"])
        let summary = try #require(ext["summary"] as? [String: Any])
        #expect((summary["embargoed"] as? [[String: Any]])?.map { $0["id"] as? String } == ["closing-photo-pending"])
        #expect((summary["left_out"] as? [[String: Any]])?.map { $0["id"] as? String } == ["closing-document-broken"])
        #expect(summary["stale"] as? [String] == ["closing-audio-stale"])
        #expect((ext["violations"] as? [Any])?.count == manifest.violations.count)
    }

    @Test func storiesAndAssetsAreAssociations() throws {
        let top = try object(render(.v3_1))
        let opening = try #require(association(top, "opening"))
        #expect(opening["uri"] as? String == "urn:presskit:story:opening")
        #expect(opening["rel"] as? String == "story")
        #expect(opening["firstCreated"] as? String == "2023-11-20T09:30:00+01:00")
        #expect(opening["located"] as? String == "Brussels")
        #expect(names(opening["people"]) == ["Jens Stoltenberg", "Borjana Krišto"])
        #expect(opening["renditions"] as? [[String: String]]
                == [["name": "webstory", "href": "https://example.org/news/opening.htm", "title": "Web story"]])
        #expect(opening["edNote"] as? String == "Web story link checked 2023-11-21T11:00:00.000Z: ok (HTTP 200).")
        #expect(names(opening["associations"]) == AssetKind.allCases.map { "opening-\($0.rawValue)" })
        let types = (opening["associations"] as? [[String: Any]])?.map { "\($0["rel"] ?? "")=\($0["type"] ?? "")" }
        #expect(types == ["b-roll=video", "soundbite=video", "video=video", "transcript=text", "photo=picture",
                          "audio=audio", "document=text", "webstory=text"])

        let bRoll = try #require(association(opening, "opening-b-roll"))
        #expect(bRoll["uri"] as? String == "urn:presskit:asset:opening-b-roll")
        #expect(bRoll["title"] as? String == "Opening b-roll")
        #expect(bRoll["language"] as? String == "sr-Latn")
        #expect(bRoll["by"] as? String == "NATO / Photographer")
        #expect(bRoll["usageTerms"] as? String == "Editorial use only \u{00A9}")
        #expect(bRoll["embargoedUntil"] as? String == "2023-11-20T08:00:00Z")
        #expect(bRoll["located"] as? String == "Brussels, Belgium")
        #expect(names(bRoll["genres"]) == ["b-roll"])
        #expect(bRoll["people"] as? [[String: String]] == [["name": "Jens Stoltenberg", "rel": "speaker"],
                                                           ["name": "Interpreter", "rel": "speaker"]])
        #expect(values(bRoll["descriptions"]).prefix(2) == ["What the footage shows.", "00:00:05 Wide shot\n00:01:10.500 Close-up"])
        let rendition = try #require((bRoll["renditions"] as? [[String: Any]])?.first)
        #expect(rendition["name"] as? String == "original")
        #expect(rendition["href"] as? String == "https://example.org/opening/b-roll")
        #expect(rendition["contentType"] as? String == "video/mp4")
        #expect(rendition["sizeInBytes"] as? Int == 1_234_567_890)
        #expect(rendition["width"] as? Int == 1920 && rendition["height"] as? Int == 1080)
        #expect(rendition["duration"] as? Double == 95.96)
        #expect(rendition["videoCodec"] as? String == "H.264" && rendition["frameRate"] as? Double == 29.97)
        let ext = try extensionPayload(bRoll)
        #expect(ext["kind"] as? String == "b-roll")
        #expect(ext["filmed"] as? String == "2023-11-19")
        #expect(ext["flags"] as? [String] == [])
        #expect((ext["speakers"] as? [[String: String]])?.first == ["name": "Jens Stoltenberg", "language": "en"])
        let health = try #require(ext["health"] as? [String: Any])
        #expect(health.keys.sorted() == ["checked_at", "http_status", "stale", "verdict"])
        #expect(health["verdict"] as? String == "ok" && health["http_status"] as? Int == 200)
        #expect(health["checked_at"] as? String == "2023-11-21T11:00:00.000Z" && health["stale"] as? Bool == false)
    }

    @Test func healthOfEveryShapeIsReadableAndMachineReadable() throws {
        let top = try object(render(.v3_1))
        let opening = try #require(association(top, "opening")), closing = try #require(association(top, "closing"))
        let video = try #require(association(opening, "opening-video"))
        #expect(video["edNote"] as? String
                == "Link checked 2023-11-21T11:00:00.000Z: redirected (HTTP 301), now at https://example.org/new/video.mp4.")
        #expect((try extensionPayload(video)["health"] as? [String: Any])?["new_url"] as? String == "https://example.org/new/video.mp4")
        let soundbite = try #require(association(opening, "opening-soundbite"))
        #expect(soundbite["edNote"] as? String == "Link checked 2023-11-21T11:00:00.000Z: timeout. Flagged: timeout.")
        let transcript = try #require(association(opening, "opening-transcript"))
        #expect(transcript["edNote"] as? String == "Link never checked. Flagged: unchecked.")
        let unchecked = try #require(try extensionPayload(transcript)["health"] as? [String: Any])
        #expect(unchecked.keys.sorted() == ["stale", "verdict"] && unchecked["verdict"] as? String == "unchecked")
        let stale = try #require(association(closing, "closing-audio-stale"))
        #expect(stale["edNote"] as? String == "Link checked 2023-10-22T12:00:00.000Z: ok (HTTP 200); that check is stale. Flagged: stale.")
        #expect((try extensionPayload(stale)["health"] as? [String: Any])?["stale"] as? Bool == true)

        // A lifted embargo is ninjs' own field; a pending one keeps the asset out; a broken link is left out.
        #expect(names(closing["associations"]) == ["closing-video-lifted", "closing-audio-stale"])
        #expect(association(closing, "closing-video-lifted")?["embargoedUntil"] as? String == "2023-11-21T10:00:00+01:00")
        #expect(!render(.v3_1).contains("closing.jpg"), "an embargoed asset's link must not leak")
        #expect(closing["firstCreated"] == nil, "a story dated by day has no date-time")
        #expect((try extensionPayload(closing))["date"] as? String == "2023-11-21")
    }

    @Test func ninjs2SpellsPropertiesItsOwnWay() throws {
        let top = try object(render(.v2_2))
        #expect(top["type"] as? String == "composite")
        #expect(top["eventDetails"] == nil && top["eventdetails"] == nil)
        #expect((top["standard"] as? [String: String])?["version"] == "2.2")
        #expect((top["infosources"] as? [[String: Any]])?.first?["contactinfo"] != nil)
        #expect((top["descriptions"] as? [[String: String]])?.contains(["role": "dates", "value": "2023-11-20/2023-11-21"]) == true)
        let opening = try #require(association(top, "opening"))
        #expect(opening["rel"] == nil, "2.2 associations allow no rel")
        #expect(opening["firstcreated"] as? String == "2023-11-20T09:30:00+01:00")
        let bRoll = try #require(association(opening, "opening-b-roll"))
        #expect(bRoll["embargoed"] as? String == "2023-11-20T08:00:00Z")
        #expect(bRoll["usageterms"] != nil && bRoll["ednote"] != nil)
        let rendition = try #require((bRoll["renditions"] as? [[String: Any]])?.first)
        #expect(rendition["contenttype"] as? String == "video/mp4")
        #expect(rendition["sizeinbytes"] as? Int == 1_234_567_890)
        #expect((try extensionPayload(bRoll))["kind"] as? String == "b-roll")
    }

    @Test(arguments: [Version.v3_1, .v2_2])
    func hostileTextSurvivesAsData(_ version: Version) throws {
        let text = render(version)
        let top = try object(text)
        #expect(values(top["headlines"]) == [NinjsFixture.hostileTitle])
        let opening = try #require(association(top, "opening"))
        let photo = try #require(association(opening, "opening-photo"))
        #expect(photo["title"] as? String == NinjsFixture.hostileTitle)
        #expect(values(photo["descriptions"]).first == "Caption with \u{202B}RTL embedding\u{202C} and 🇧🇪")
        let href = (photo["renditions"] as? [[String: Any]])?.first?["href"] as? String
        #expect(href == "https://example.org/m%C3%A9dias/%D1%84%D0%B0%D0%B9%D0%BB.jpg?q=%3Cscript%3E%22x%22&r=%601%60")
        #expect(!text.contains("staff only"), "staff notes never reach a kit")
        #expect(!text.contains("\u{0007}"), "control characters are escaped")
    }

    @Test func identicalKitsRenderIdenticalBytes() {
        for version in [Version.v3_1, .v2_2] {
            #expect(render(version) == render(version, NinjsFixture.manifest()))
        }
        let untimed = render(.v3_1, NinjsFixture.manifest(recordsAsOf: false))
        #expect(!untimed.contains("as_of"), "no timestamp unless the manifest records one")
    }

    @Test func ninjsURIsAreURIs() {
        #expect(NinjsURI.urn("asset", "a.b_c-1") == "urn:presskit:asset:a.b_c-1")
        #expect(NinjsURI.urn("asset", "a b/ü") == "urn:presskit:asset:a%20b%2F%C3%BC")
        let plain = "https://example.org/a%20b/c?d=e&f=g#h"
        #expect(NinjsURI.href(plain) == plain, "valid URIs are left as they are")
    }

    @Test func theSiteIndexIsPresskitJSON() {
        let site = SiteIndex(asOf: nil, kits: [SiteIndex.Entry(manifest: manifest, file: "summit-2023.ninjs.json")])
        #expect(NinjsManifestRenderer(version: .v3_1).renderIndex(site) == JSONText.encode(site))
    }

    static let manifestSchema = Repository.root.appendingPathComponent("Sources/PressKit/Manifest/Schemas/presskit.manifest-1.schema.json")

    @Test func presskitJSONValidatesAgainstItsSchema() async throws {
        let outcome = try await PythonJSONSchema.validate(
            ["full.json": JSONManifestRenderer().render(manifest), "bare.json": JSONManifestRenderer().render(bareManifest)],
            against: Self.manifestSchema)
        #expect(outcome.isValid, "\(outcome.output)")
    }

    // MARK: - Reading documents back

    func object(_ text: String) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(parsed as? [String: Any])
    }

    func association(_ item: [String: Any], _ name: String) -> [String: Any]? {
        (item["associations"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    func names(_ list: Any?) -> [String] { (list as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }

    /// The `value`s of headlines or descriptions, the extension's left out.
    func values(_ list: Any?) -> [String] {
        (list as? [[String: Any]] ?? []).filter { $0["role"] as? String != NinjsExtension.role }.compactMap { $0["value"] as? String }
    }

    /// The parsed presskit extension of an item; there must be exactly one.
    func extensionPayload(_ item: [String: Any]) throws -> [String: Any] {
        let found = (item["descriptions"] as? [[String: Any]] ?? []).filter { $0["role"] as? String == NinjsExtension.role }
        try #require(found.count == 1)
        #expect((found[0]["contentType"] ?? found[0]["contenttype"]) as? String == "application/json")
        let text = try #require(found[0]["value"] as? String)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(parsed as? [String: Any])
    }
}
