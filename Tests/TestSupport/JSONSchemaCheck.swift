import Foundation

/// Validates JSON documents against a JSON Schema (draft 2020-12 or the schema's own `$schema`)
/// with Python's `jsonschema`, formats checked. `.ci/run` installs it; elsewhere tests that need
/// it are skipped with `JSONSchemaCheck.isAvailable`.
public enum JSONSchemaCheck {
    public static let isAvailable: Bool = {
        guard let python = python else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import jsonschema"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        for path in sys.argv[2:]:
            for error in validator.iter_errors(json.load(open(path, encoding="utf-8"))):
                print(path + ": " + "/".join(str(p) for p in error.absolute_path) + ": " + error.message[:300])
        """

    /// Every validation error as `file: json/path: message`; empty when all documents are valid.
    public static func errors(schema: String, documents: [String]) async throws -> [String] {
        guard let python else { return ["python3 not found"] }
        return try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script, schema] + documents
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            return process.terminationStatus == 0 ? lines : lines + ["validator exited with \(process.terminationStatus)"]
        }
    }
}
