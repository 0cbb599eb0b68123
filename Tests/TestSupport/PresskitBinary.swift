import Foundation

/// Runs the built `presskit` executable, as a person or a cron job would.
public enum PresskitBinary {
    /// `$PRESSKIT_BIN`, else `presskit` beside the test bundle in the build products folder. Throws when
    /// that binary is missing or older than a source file it is built from: a test of another or an
    /// older build passes or fails for reasons no longer in the code.
    public static var url: URL {
        get throws(BinaryProblem) { try located.get() }
    }

    private static let located: Swift.Result<URL, BinaryProblem> = {
        let binary: URL
        if let override = ProcessInfo.processInfo.environment["PRESSKIT_BIN"] {
            binary = URL(fileURLWithPath: override)
        } else {
            // The .xctest bundle where the runner loads one (macOS, under a helper that lives in the
            // toolchain); else the test executable's folder.
            var folder = (Bundle.allBundles.first { $0.bundleURL.pathExtension == "xctest" } ?? Bundle.main).bundleURL
            if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
            binary = folder.appendingPathComponent("presskit")
        }
        if let problem = problem(with: binary, builtFrom: Repository.root) { return .failure(problem) }
        return .success(binary)
    }()

    /// Why `binary` cannot stand for the sources under `root` (missing, or older than a file in
    /// `Sources/` that is compiled into it); nil when it can. Not `Package.swift`: a change there to
    /// another target relinks nothing.
    public static func problem(with binary: URL, builtFrom root: URL) -> BinaryProblem? {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: binary.path),
              let built = try? binary.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate else {
            return BinaryProblem(description: "no presskit binary at \(binary.path): run `swift build` (or set PRESSKIT_BIN)")
        }
        var sources: [URL] = []
        let compiled: Set<String> = ["swift", "h", "c", "modulemap"]
        if let walk = files.enumerator(at: root.appendingPathComponent("Sources"), includingPropertiesForKeys: [.contentModificationDateKey]) {
            for case let file as URL in walk where compiled.contains(file.pathExtension) { sources.append(file) }
        }
        for source in sources {
            guard let changed = try? source.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate,
                  changed > built else { continue }
            return BinaryProblem(description: "\(binary.path) is older than \(source.path): run `swift build` before the tests")
        }
        return nil
    }

    /// The binary the tests would run cannot be trusted to be the code under test.
    public struct BinaryProblem: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            (self.status, self.stdout, self.stderr) = (status, stdout, stderr)
        }
    }

    /// Runs to completion in `directory`, with `environment` added to a clean one (no PRESSKIT_DB leaks
    /// in); under `wrapper` when given (a command that runs the binary, such as `unshare -rn`).
    public static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                           under wrapper: [String] = []) async throws -> Result {
        try await onOwnThread {
            let process = try start(arguments, in: directory, environment: environment, under: wrapper)
            let out = process.standardOutput as! Pipe, err = process.standardError as! Pipe
            // Read both pipes on other threads so a chatty child never blocks on a full pipe.
            let stdout = Reader(out.fileHandleForReading), stderr = Reader(err.fileHandleForReading)
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: stdout.text(), stderr: stderr.text())
        }
    }

    /// Waits for a process from `start` to exit, off the cooperative pool; its exit status.
    public static func wait(for process: Process) async throws -> Int32 {
        return try await onOwnThread {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    public static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                             under wrapper: [String] = []) throws -> Process {
        let process = Process()
        if let command = wrapper.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(wrapper.dropFirst()) + [try url.path] + arguments
        } else {
            process.executableURL = try url
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PRESSKIT_DB")
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// `unshare -rn`, a network namespace with no network at all (not even loopback up), when this
    /// machine lets the tests make one; nil otherwise.
    public static let withoutNetwork: [String]? = {
        let command = ["/usr/bin/unshare", "-rn"]
        guard FileManager.default.isExecutableFile(atPath: command[0]) else { return nil }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: command[0])
        probe.arguments = Array(command.dropFirst()) + ["/bin/true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? command : nil
    }()

    private final class Reader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            DispatchQueue.global().async {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }
        }

        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
