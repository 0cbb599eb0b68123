import Foundation
import Testing
import TestSupport
@testable import Catalogue
@testable import PressKit

/// An asset's fields are declared once, by `AssetField`. The reader's keys, the store's columns and
/// the listings' JSON and CSV derive from it; the kit (a public model with its own schema) spells
/// them out. These tests tie every place to the declaration, so a field declared and missed
/// somewhere (say `thumbnail`) fails here instead of leaving the field silently out of an output.
@Suite struct AssetFieldTests {
    static let catalogueKeys = Set(AssetField.allCases.map(\.rawValue))

    /// An asset with every field set, each to a text no other field has.
    static let full = Asset(
        id: "full", kind: .video, title: "Title", url: "https://example.org/full.mp4", language: "en",
        credit: "Credit", rights: "Rights", caption: "Caption", embargo: zoned("2024-02-13T08:00:00+01:00"),
        contentType: "video/mp4", notes: "Notes", filmed: CalendarDate(iso: "2024-02-12"), location: "Location",
        synopsis: "Synopsis", shotlist: [Shot(at: "00:01", shot: "Shot")], speakers: [Speaker(name: "Speaker", language: "fr")],
        thumbnail: "https://example.org/full-poster.jpg")

    static func zoned(_ text: String) -> ZonedDateTime? {
        if case .success(let moment) = ZonedDateTime.parse(text) { moment } else { nil }
    }

    @Test func everyTextFieldHasItsOwnTextAndReadsBack() {
        let texts = AssetField.texts.compactMap { Self.full.text($0) }
        #expect(texts.count == AssetField.texts.count, "a field without text would be stored and listed as absent")
        #expect(Set(texts).count == texts.count)
        var copy = Asset(id: "", kind: .photo, title: "", url: "", shotlist: Self.full.shotlist, speakers: Self.full.speakers)
        for field in AssetField.texts {
            let set = copy.setText(Self.full.text(field), for: field)
            #expect(set, "\(field)")
        }
        #expect(copy == Self.full)
    }

    @Test func theReaderKnowsEveryField() {
        // `translation_of` is read with the asset but kept with the event's translations, not as a field.
        #expect(CatalogueReader.assetKeys == AssetField.allCases.map(\.rawValue) + ["translation_of"])
    }

    @Test func theStoreHasAColumnForEveryFieldAndRoundTripsIt() {
        #expect(Set(AssetRecord.columns) == Self.catalogueKeys.union(["event_id", "story_id", "position"]))
        #expect(AssetRecord.columns.count == Set(AssetRecord.columns).count)
        #expect(AssetRecord(Self.full, eventID: "e", storyID: nil, position: 0).asset == Self.full)
    }

    @Test func listingsCarryEveryField() throws {
        let json = Listings.assets([ListedAsset(eventID: "e", storyID: "s", asset: Self.full)], event: "e", format: .json)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let asset = try #require((object["assets"] as? [[String: Any]])?.first)
        #expect(Set(asset.keys) == Self.catalogueKeys.union(["event", "story"]))
        for field in AssetField.texts { #expect(asset[field.rawValue] as? String == Self.full.text(field)) }
        // CSV has no nested lists: the shot list stays out, speakers are one cell.
        #expect(Set(Listings.assetCSVHeader) == Self.catalogueKeys.subtracting(["shotlist"]).union(["event", "story"]))
        #expect(Listings.assetCSVHeader.count == Set(Listings.assetCSVHeader).count)
        let row = Listings.csvRow(Self.full, event: "e", story: "s")
        for field in AssetField.texts {
            #expect(row[try #require(Listings.assetCSVHeader.firstIndex(of: field.rawValue))] == Self.full.text(field))
        }
    }

    @Test func kitsCarryEveryFieldButTheStaffOnes() throws {
        let kit = Set(KitAsset.CodingKeys.allCases.map(\.stringValue))
        // Size, health, flags and media come from the link's checks.
        let shared = Self.catalogueKeys.subtracting(AssetField.allCases.filter(\.isStaffOnly).map(\.rawValue))
        // Languages: the asset it translates and, with --all-languages, its texts' translations.
        #expect(kit == shared.union(["size", "health", "flags", "media", "translation_of", "translations"]))
        let schemaURL = Repository.root.appendingPathComponent("Sources/PressKit/Manifest/Schemas/presskit.manifest-1.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let asset = try #require(definitions["asset"] as? [String: Any])
        let properties = try #require(asset["properties"] as? [String: Any])
        #expect(Set(properties.keys) == kit)
    }
}
