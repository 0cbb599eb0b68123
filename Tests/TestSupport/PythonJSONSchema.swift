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
        let (status, output) = try await run(python, [script.path, schema.path] + files)
        // Error lines name the temporary files; shorten them to the names the caller gave.
        return Outcome(status: status, output: output.replacingOccurrences(of: folder.path + "/", with: ""))
    }

    /// The first Python on the PATH, else Debian's own (where apt installs python3-jsonschema), that can
    /// import jsonschema; probed once per test run.
    static let interpreter = Task<[String]?, any Error> {
        for candidate in [["/usr/bin/env", "python3"], ["/usr/bin/python3"]]
        where FileManager.default.isExecutableFile(atPath: candidate[0]) {
            if try await run(candidate, [script.path, "--probe"]).0 == 0 { return candidate }
        }
        return nil
    }

    /// Runs `command + arguments` to completion off the cooperative pool; its status and combined output.
    private static func run(_ command: [String], _ arguments: [String]) async throws -> (Int32, String) {
        try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst()) + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // Drain before waiting, so a long error list never blocks the child on a full pipe.
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}
