import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// An https server on 127.0.0.1 for TLS tests: Debian's `openssl s_server -www` with a fresh
/// self-signed certificate. It answers `GET` with an HTTP/1.0 status page and ignores `HEAD`,
/// so tests that need a response use a ranged GET.
public final class TLSTestServer: @unchecked Sendable {  // immutable after init
    public let port: UInt16
    /// The certificate, PEM; trusting it makes the server verifiable.
    public let certificatePath: String
    private let process: Process
    private let directory: URL

    /// Where openssl lives, or `nil` when it is not installed (tests then skip, saying why).
    public static let opensslPath: String? = ["/usr/bin/openssl", "/bin/openssl", "/usr/local/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    public enum Failure: Error { case opensslMissing, certificate(Int32), notListening }

    /// Starts a server whose certificate names `subjectAltName` (e.g. `IP:127.0.0.1` or
    /// `DNS:press.example.org` for a wrong-host certificate).
    public init(subjectAltName: String) throws {
        let files = try Self.makeCertificate(subjectAltName: subjectAltName)
        directory = files.directory
        certificatePath = files.certificate
        let keyPath = files.key
        port = try Self.freePort()
        guard let process = try launchServer(Self.opensslPath ?? "openssl",
                                             ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificatePath,
                                              "-key", keyPath, "-www", "-quiet"], port: port) else {
            try? FileManager.default.removeItem(at: directory)
            throw Failure.notListening
        }
        self.process = process
    }

    /// Starts a server as `init` does, waiting for openssl off the cooperative pool.
    public static func start(subjectAltName: String) async throws -> TLSTestServer {
        try await onOwnThread { try TLSTestServer(subjectAltName: subjectAltName) }
    }

    public func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// Makes a fresh self-signed EC certificate and key in a new temporary directory.
    public static func makeCertificate(subjectAltName: String) throws
        -> (directory: URL, certificate: String, key: String) {
        guard let openssl = opensslPath else { throw Failure.opensslMissing }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("presskit-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let status = try run(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=presskit test",
            "-addext", "subjectAltName=\(subjectAltName)",
        ])
        guard status == 0 else { throw Failure.certificate(status) }
        return (directory, certificate, key)
    }

    /// Kills the openssl process and removes the certificate files.
    public func stop() { stopServer(process, removing: directory) }

    deinit { stop() }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// An ephemeral port the kernel just handed out, bound and let go at once for a server about to
    /// take it (a small race is accepted); `RefusingPort` for a port that must stay dead.
    public static func freePort() throws -> UInt16 {
        try RefusingPort().port
    }

    static func waitUntilListening(_ port: UInt16) -> Bool {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = port.bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return true }
            usleep(50_000)
        }
        return false
    }
}
