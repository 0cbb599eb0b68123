import Foundation
import Testing

/// Reads ZIP files with Python's `zipfile` (`testzip`) and validates the BagIt bags inside with the
/// `bagit` module, through `check_bundle.py` beside this file.
///
/// bagit is not packaged by Debian: `.ci/run` installs it from PyPI into `.build/bagit-venv`, which
/// is tried first; else any python3 that can import it. Tests cancel themselves, saying why, without it.
public enum PythonBundle {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("check_bundle.py")
    static let venvPython = Repository.root.appendingPathComponent(".build/bagit-venv/bin/python3").path

    public struct Outcome: Sendable {
        public var status: Int32
        /// The entry names, one a line, or the problems.
        public var output: String
        public var isValid: Bool { status == 0 }
        public var names: [String] { output.split(separator: "\n").map(String.init) }
    }

    /// `zipfile.testzip` only: any python3 does.
    public static func testZip(_ path: String) async throws -> Outcome {
        guard let python = try await Python.interpreter(passing: ["-c", "import zipfile"]) else {
            try Test.cancel("no python3 to read the ZIP with zipfile")
        }
        let (status, output) = try await Python.run(python, [script.path, path])
        return Outcome(status: status, output: output)
    }

    /// `zipfile.testzip`, then the unzipped bag validated by `bagit` (every checksum re-computed).
    public static func validateBag(_ path: String) async throws -> Outcome {
        guard let python = try await interpreter.value else {
            try Test.cancel("no python3 with the bagit module: .ci/run installs it into .build/bagit-venv (pip install bagit)")
        }
        let (status, output) = try await Python.run(python, [script.path, "--bag", path])
        return Outcome(status: status, output: output)
    }

    static let interpreter = Task<[String]?, any Error> {
        if FileManager.default.isExecutableFile(atPath: venvPython),
           try await Python.run([venvPython], [script.path, "--probe"]).status == 0 {
            return [venvPython]
        }
        return try await Python.interpreter(passing: [script.path, "--probe"])
    }
}
