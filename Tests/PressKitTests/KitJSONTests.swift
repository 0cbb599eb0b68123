import Catalogue
import Foundation
import Testing
@testable import PressKit

/// `KitJSON` must write exactly what `JSONEncoder` writes: kits are compared byte for byte.
@Suite struct KitJSONTests {
    struct Sample: Codable {
        var zeta: String
        var alpha: Int
        var nested: [String: Int]
        var list: [String]
        var empty: [String] = []
        var emptyObject: [String: Int] = [:]
        var optional: String?
        var missing: String?
        var flag: Bool
        var big: Int64
        var small: UInt8
        var kind: AssetKind
        var listOfLists: [[Int]]
        var nulls: [String?]

        enum CodingKeys: String, CodingKey {
            case zeta, alpha, nested, list, empty, emptyObject = "empty_object", optional, missing, flag, big, small, kind
            case listOfLists = "list_of_lists", nulls
        }
    }

    static let tricky = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{7} nul \u{0} us \u{1F} del \u{7F} "
        + "é 中文 🇱🇹 e\u{301} \u{2028} \u{FEFF} </script>"

    static let sample = Sample(
        zeta: tricky, alpha: -42, nested: ["b": 2, "a": 1, "B": 3, "a_b": 4, "ab": 5, "é": 6], list: ["x", tricky],
        optional: "", missing: nil, flag: true, big: Int64.max, small: 255, kind: .bRoll,
        listOfLists: [[], [1, 2]], nulls: [nil, "y"])

    func foundation<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + (pretty ? "\n" : "")
    }

    @Test func matchesJSONEncoderPrettyAndCompact() throws {
        #expect(KitJSON.encode(Self.sample) == (try foundation(Self.sample, pretty: true)))
        #expect(KitJSON.encode(Self.sample, pretty: false) == (try foundation(Self.sample, pretty: false)))
        #expect(KitJSON.encode([Self.sample], pretty: true) == (try foundation([Self.sample], pretty: true)))
        #expect(KitJSON.encode([String]()) == (try foundation([String](), pretty: true)))
        #expect(KitJSON.literal(Self.tricky) == (try foundation(Self.tricky, pretty: false)))
    }

    struct Timed: Encodable {
        var at = Date(timeIntervalSince1970: 1_700_000_000)
        var ratio = 0.1
    }

    struct Measured: Encodable {
        var duration = 12.5
        var whole = 3.0
        var list: [Double] = [29.97, 23.976, 0.1, 1e21, 1e-7, 5e15, 1e16, 1.2345678901234568e17, -0.5, 0, 192.04]
        var optional: Double? = 0.001
        var missing: Double?
    }

    @Test func leavesDatesAndNonFiniteNumbersToJSONEncoder() throws {
        #expect(throws: KitJSON.Unsupported.self) { try KitJSON.tree(Timed()) }
        #expect(KitJSON.encode(Timed()) == (try foundation(Timed(), pretty: true)))
        #expect(throws: KitJSON.Unsupported.self) { try KitJSON.tree([Double.infinity]) }
    }

    @Test func writesFiniteNumbersAsJSONEncoderDoes() throws {
        _ = try KitJSON.tree(Measured())  // written by KitJSON itself, not by the fallback
        #expect(KitJSON.encode(Measured()) == (try foundation(Measured(), pretty: true)))
        #expect(KitJSON.encode(Measured(), pretty: false) == (try foundation(Measured(), pretty: false)))
    }

    @Test func markdownEscapingAgreesWithTheCharacterRules() {
        // An escapable character carrying a combining mark is one grapheme cluster, left as it is.
        #expect(MarkdownEscaping.inline("a *\u{301} b") == "a *\u{301} b")
        #expect(MarkdownEscaping.inline("Asset 1 — *b-roll*") == "Asset 1 — \\*b-roll\\*")
        #expect(MarkdownEscaping.inline("é*") == "é\\*")
        #expect(MarkdownEscaping.inline("  two  spaces\u{2028}and <LS>  ") == "two spaces and \\<LS\\>")
    }

    @Test func sizesMatchPrintf() {
        for bytes: Int64 in [999, 1_000, 1_049, 1_050, 1_051, 9_949, 9_950, 9_951, 9_999, 10_000, 10_500, 11_500,
                             999_499, 999_500, 1_234_567, 45_000_000_000, 5_000_000_000_000_000] {
            var value = Double(bytes), unit = 0
            let units = ["B", "KB", "MB", "GB", "TB"]
            while value >= 1_000 && unit < units.count - 1 { value /= 1_000; unit += 1 }
            let expected = unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
            #expect(ByteSize.text(bytes) == expected, "\(bytes)")
        }
    }
}
