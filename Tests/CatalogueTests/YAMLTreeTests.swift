import StrictYAML
import Foundation
import Testing

/// The YAML tree and mapping reader at sizes and in corners the catalogue tests do not reach.
@Suite struct YAMLTreeTests {
    func mapping(keys: Int, then extra: String = "") -> String {
        (0..<keys).map { "k\($0): \($0)\n" }.joined() + extra
    }

    @Test func findsDuplicateKeysInShortAndLongMappings() {
        // Searched while short, then through a set: a duplicate is found on either side of the switch.
        for (keys, duplicate) in [(3, "k1"), (31, "k0"), (32, "k5"), (40, "k39"), (40, "k2")] {
            let text = mapping(keys: keys, then: "\(duplicate): again\n")
            guard case .failure(let problem) = YAMLTree.parse(text, maximumDepth: 8) else {
                Issue.record("no duplicate found among \(keys) keys"); continue
            }
            #expect(problem.message == "duplicate key '\(duplicate)' in the same mapping; keep one")
            #expect(problem.position == Position(line: keys + 1, column: 1))
        }
        if case .failure(let problem) = YAMLTree.parse(mapping(keys: 40), maximumDepth: 8) {
            Issue.record("no duplicate, yet: \(problem.message)")
        }
    }

    @Test func readsLongMappingsByKey() throws {
        var diagnostics: [Diagnostic] = []
        let root = try #require(try YAMLTree.parse(mapping(keys: 40, then: "kk: [a]\n"), maximumDepth: 8).get())
        let map = try #require(MappingReader(root, what: "test", path: "t.yaml", diagnostics: &diagnostics))
        #expect(map.text("k0", into: &diagnostics) == "0")
        #expect(map.text("k39", into: &diagnostics) == "39")
        #expect(map.position(of: "k20") == Position(line: 21, column: 6))
        #expect(!map.has("k40"))
        map.reportUnknownKeys(known: (0..<40).map { "k\($0)" }, into: &diagnostics)
        #expect(diagnostics.map(\.description) == ["t.yaml:41:1: error: unknown key 'kk' in test; did you mean 'k0'?"])
    }

    @Test func placesReaderErrorsInScalarsAfterNonASCIIText() {
        // A control character YAML forbids, after two-byte and four-byte characters on its line.
        guard case .failure(let problem) = YAMLTree.parse("a: 1\nb: é😀\u{07}\n", maximumDepth: 8) else {
            Issue.record("a control character was accepted")
            return
        }
        #expect(problem.position == Position(line: 2, column: 6))
        #expect(problem.message.hasPrefix("YAML cannot read the text: control characters are not allowed"))
    }

    @Test func readsNothingAsAnEmptyDocument() throws {
        let root = try YAMLTree.parse("", maximumDepth: 8).get()
        #expect(root == nil)
    }
}

