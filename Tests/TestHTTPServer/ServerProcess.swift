import Foundation

/// Starts a server program (nginx, openssl s_server) quietly and waits until it listens on `port`
/// of 127.0.0.1; kills it by its own pid if it never does. Nil then: the caller throws its own error.
func launchServer(_ executable: String, _ arguments: [String], port: UInt16) throws -> Process? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    guard TLSTestServer.waitUntilListening(port) else {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return nil
    }
    return process
}

/// Kills a launched server by its own pid and removes its folder. SIGKILL, not `terminate()`: a
/// child spawned from the test runner may inherit SIGTERM as blocked.
func stopServer(_ process: Process, removing directory: URL) {
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: directory)
}
