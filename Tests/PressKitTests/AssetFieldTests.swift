import Foundation
import Testing
import TestSupport
@testable import Catalogue
@testable import PressKit

/// An asset's fields are declared by the keys the catalogue reader knows. The other places that
/// spell them out (store columns, listing JSON and CSV, the kit and its schema) are checked against
/// those keys here: adding a field (say `thumbnail`) and missing one of them fails this suite
/// instead of leaving the field silently out of an output.
@Suite struct AssetFieldTests {
    static let catalogueKeys = Set(CatalogueReader.assetKeys)

    @Test func theStoreHasAColumnForEveryField() {
        #expect(Set(AssetRecord.columns) == Self.catalogueKeys.union(["event_id", "story_id", "position"]))
    }

    @Test func listingsCarryEveryField() {
        let json = Set(AssetJSON.CodingKeys.allCases.map(\.stringValue))
        #expect(json == Self.catalogueKeys.union(["event", "story", "health", "media"]))
        // CSV has no nested lists: the shot list stays out, speakers are one cell.
        #expect(Set(Listings.assetCSVHeader) == Self.catalogueKeys.subtracting(["shotlist"]).union(["event", "story"]))
        #expect(Listings.assetCSVHeader.count == Set(Listings.assetCSVHeader).count)
    }

    @Test func kitsCarryEveryFieldButTheNotes() throws {
        let kit = Set(KitAsset.CodingKeys.allCases.map(\.stringValue))
        // Notes are for staff only; size, health, flags and media come from the link's checks.
        #expect(kit == Self.catalogueKeys.subtracting(["notes"]).union(["size", "health", "flags", "media"]))
        let schemaURL = Repository.root.appendingPathComponent("Sources/PressKit/Manifest/Schemas/presskit.manifest-1.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let asset = try #require(definitions["asset"] as? [String: Any])
        let properties = try #require(asset["properties"] as? [String: Any])
        #expect(Set(properties.keys) == kit)
    }
}
