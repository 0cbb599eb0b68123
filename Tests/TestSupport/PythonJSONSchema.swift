import Foundation
import Testing

/// Validates documents against a JSON Schema with Python's `jsonschema`, through `validate_json.py`
/// beside this file (format assertions on, remote `$ref`s never fetched).
///
/// Tests that need it cancel themselves, saying why, when no Python with jsonschema is found;
/// `.ci/run` installs Debian's python3-jsonschema so that CI always validates.
public enum PythonJSONSchema {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("validate_json.py")
    /// IPTC's schemas, in `shared/standards` beside the repository.
    public static let standards = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/standards")

    public struct Outcome: Sendable {
        public var status: Int32
        /// One line per error: `FILE: /json/pointer: message`.
        public var output: String
        public var isValid: Bool { status == 0 }
    }

    /// Writes `documents` (file name → text) to a temporary folder and validates them all against `schema`.
    public static func validate(_ documents: [String: String], against schema: URL) async throws -> Outcome {
        guard FileManager.default.fileExists(atPath: schema.path) else {
            try Test.cancel("schema \(schema.path) not found: shared/standards must sit beside the repository")
        }
        guard let python = try await interpreter.value else {
            try Test.cancel("no python3 with jsonschema: install python3-jsonschema (.ci/run does) to validate against schemas")
        }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let files = try documents.keys.sorted().map { try folder.write($0, documents[$0] ?? "") }
        let (status, output) = try await Python.run(python, [script.path, schema.path] + files)
        // Error lines name the temporary files; shorten them to the names the caller gave.
        return Outcome(status: status, output: output.replacingOccurrences(of: folder.path + "/", with: ""))
    }

    /// The first Python on the PATH, else Debian's own (where apt installs python3-jsonschema), that can
    /// import jsonschema; probed once per test run.
    static let interpreter = Task<[String]?, any Error> {
        try await Python.interpreter(passing: [script.path, "--probe"])
    }
}
