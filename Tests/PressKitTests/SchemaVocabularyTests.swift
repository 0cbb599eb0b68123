import Catalogue
import Foundation
import LinkVocabulary
import Testing
import TestSupport
@testable import PressKit

/// The JSON Schemas spell the closed sets (verdicts, kinds, …) out as enums; the code has them as
/// Swift enums. Adding a verdict must fail here until every schema lists it.
@Suite struct SchemaVocabularyTests {
    /// Every enum of every schema in the repository (build folders and hidden ones aside), by schema
    /// file name and JSON pointer.
    func schemaEnums() throws -> [String: [String]] {
        let walker = try #require(FileManager.default.enumerator(
            at: Repository.root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles, .skipsPackageDescendants]))
        var files: [URL] = []
        for case let url as URL in walker {
            if url.lastPathComponent.hasPrefix(".build") { walker.skipDescendants() }
            else if url.lastPathComponent.hasSuffix(".schema.json") { files.append(url) }
        }
        #expect(files.count >= 2, "the manifest's and the report's schemas are found")
        var enums: [String: [String]] = [:]
        func walk(_ node: Any, _ pointer: String, in file: String) {
            if let object = node as? [String: Any] {
                if let values = object["enum"] as? [String] { enums["\(file)#\(pointer)"] = values }
                for (key, value) in object { walk(value, pointer + "/" + key, in: file) }
            } else if let array = node as? [Any] {
                for (index, value) in array.enumerated() { walk(value, pointer + "/\(index)", in: file) }
            }
        }
        for file in files {
            walk(try JSONSerialization.jsonObject(with: Data(contentsOf: file)), "", in: file.lastPathComponent)
        }
        return enums
    }

    /// What each schema enum must equal. Verdicts and problems in the vocabulary's order (the
    /// documented one); the other sets as sets.
    static let verdicts = LinkVerdict.allCases.map(\.rawValue)
    static let expected: [String: (values: [String], ordered: Bool)] = [
        "presskit.report-1.schema.json#/$defs/verdict": (verdicts, true),
        "presskit.manifest-1.schema.json#/$defs/verdict": (verdicts + [LinkFlag.unchecked.rawValue], true),
        // A problem is anything a policy acts on but `ok`.
        "presskit.manifest-1.schema.json#/$defs/problem":
            (LinkProblem.allCases.filter { $0 != .verdict(.ok) }.map(\.rawValue), true),
        "presskit.report-1.schema.json#/$defs/kind": (AssetKind.allCases.map(\.rawValue), true),
        "presskit.manifest-1.schema.json#/$defs/kind": (AssetKind.allCases.map(\.rawValue), true),
        "presskit.manifest-1.schema.json#/$defs/eventType": (EventType.allCases.map(\.rawValue), false),
        // Reminders go to the digest, not the report.
        "presskit.report-1.schema.json#/$defs/change/properties/kind":
            (ChangeDigest.Kind.allCases.filter { $0 != .reminder }.map(\.rawValue), false),
        "presskit.report-1.schema.json#/properties/since_source": (LinkReport.SinceSource.allCases.map(\.rawValue), false),
        // A violation is never `include`.
        "presskit.manifest-1.schema.json#/$defs/violation/properties/action":
            (PolicyAction.allCases.filter { $0 != .include }.map(\.rawValue), false),
        "presskit.archive-1.schema.json#/properties/links/items/properties/status": (ArchiveItem.Status.allCases.map(\.rawValue), true),
        "presskit.archive-verify-1.schema.json#/properties/failed/items/properties/problem":
            (ArchiveVerification.Failure.Problem.allCases.map(\.rawValue), false),
    ]

    @Test func everySchemaEnumEqualsItsSwiftVocabulary() throws {
        let enums = try schemaEnums()
        #expect(Set(enums.keys) == Set(Self.expected.keys), "a new schema enum needs its vocabulary here")
        for (place, values) in enums.sorted(by: { $0.key < $1.key }) {
            guard let expected = Self.expected[place] else { continue }
            if expected.ordered {
                #expect(values == expected.values, "\(place)")
            } else {
                #expect(Set(values) == Set(expected.values) && values.count == expected.values.count, "\(place)")
            }
        }
    }

    /// A violation's rule is not an enum but "missing-kind", "missing-language" or a link problem.
    @Test func aViolationRuleIsMissingKindOrAProblem() throws {
        let schema = Repository.root.appendingPathComponent("Sources/PressKit/Manifest/Schemas/presskit.manifest-1.schema.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schema)) as? [String: Any])
        let violation = try #require((document["$defs"] as? [String: Any])?["violation"] as? [String: Any])
        let rule = try #require((violation["properties"] as? [String: Any])?["rule"] as? [String: Any])
        let choices = try #require(rule["anyOf"] as? [[String: String]])
        #expect(choices == [["const": ManifestBuilder.missingKindRule], ["const": KitRule.missingLanguage.rawValue],
                            ["$ref": "#/$defs/problem"]])
    }

    @Test func theVocabularyNamesEachVerdictOnceAndAgreesWithTheFetcher() {
        #expect(Set(LinkProblem.allCases.map(\.rawValue)).count == LinkProblem.allCases.count)
        for verdict in LinkVerdict.allCases {
            #expect(LinkVerdict(rawValue: verdict.rawValue) == verdict)
            #expect(LinkProblem(rawValue: verdict.rawValue) == .verdict(verdict))
        }
        #expect(LinkVerdict.working == [.ok, .redirected, .unverifiable])
        // Wording interpolates them: a verdict reads as its name, never as its Swift case.
        for problem in LinkProblem.allCases { #expect("\(problem)" == problem.rawValue) }
        // A name a newer presskit stored says nothing this one can weigh.
        #expect(LinkVerdict(stored: "from-the-future") == .unverifiable && LinkVerdict(stored: "tls") == .tls)
        #expect("\(LinkVerdict.serverError), \(LinkFlag.offSpec), \(KitRule.missingKind)" == "server-error, off-spec, missing-kind")
        let verdicts = LinkVerdict.allCases.map(\.rawValue)
        #expect(Set(FailurePolicy.defaultFailOn.map(\.rawValue)) == Set(verdicts).subtracting(["ok", "redirected", "unverifiable"]))
        #expect(FailurePolicy.names == verdicts + ["off-spec"])
        #expect(PressKitPolicy.linkProblems == verdicts + ["unchecked", "stale", "off-spec"])
    }
}
