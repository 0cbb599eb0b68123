import Foundation

/// Python, as the independent validators the tests lean on run it (jsonschema, markdown-it-py).
enum Python {
    /// The first Python on the PATH, else Debian's own (where apt installs python3-* packages), for
    /// which `probe` (arguments after the interpreter) exits 0; nil when none does.
    static func interpreter(passing probe: [String]) async throws -> [String]? {
        for candidate in [["/usr/bin/env", "python3"], ["/usr/bin/python3"]]
        where FileManager.default.isExecutableFile(atPath: candidate[0]) {
            if try await run(candidate, probe).status == 0 { return candidate }
        }
        return nil
    }

    /// Runs `command + arguments` to completion off the cooperative pool; its status and combined output.
    static func run(_ command: [String], _ arguments: [String]) async throws -> (status: Int32, output: String) {
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
