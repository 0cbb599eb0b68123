import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server on 127.0.0.1 for notification tests: Debian's python3-aiosmtpd with its
/// Mailbox handler, which stores every message it accepts in a Maildir (adding `X-MailFrom` and
/// `X-RcptTo` with the envelope). With `startTLS` it offers STARTTLS with a fresh self-signed
/// certificate for 127.0.0.1 and refuses mail before it (aiosmtpd's `require_starttls`).
public final class SMTPTestServer: @unchecked Sendable {  // immutable after init
    public let port: UInt16
    /// The certificate to trust (`ca_file`) when started with STARTTLS.
    public let certificatePath: String?
    private let process: Process
    private let directory: URL

    public enum Failure: Error { case notListening }

    /// Debian's Python (where apt installs aiosmtpd) when it can import aiosmtpd; nil otherwise, and
    /// tests cancel themselves saying so. Probed once, off the cooperative pool.
    public static let python = Task<String?, Never> {
        let candidate = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: candidate) else { return nil }
        let ok = try? await onOwnThread {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: candidate)
            probe.arguments = ["-c", "import aiosmtpd"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            try probe.run()
            probe.waitUntilExit()
            return probe.terminationStatus == 0
        }
        return ok == true ? candidate : nil
    }

    /// Starts a server, waiting for it to listen off the cooperative pool; nil without aiosmtpd.
    public static func start(startTLS: Bool = false) async throws -> SMTPTestServer? {
        guard let python = await python.value else { return nil }
        return try await onOwnThread { try SMTPTestServer(python: python, startTLS: startTLS) }
    }

    init(python: String, startTLS: Bool) throws {
        var arguments: [String] = []
        if startTLS {
            let tls = try TLSTestServer.makeCertificate(subjectAltName: "IP:127.0.0.1")
            directory = tls.directory
            certificatePath = tls.certificate
            arguments = ["--tlscert", tls.certificate, "--tlskey", tls.key]
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("presskit-smtp-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            certificatePath = nil
        }
        port = try TLSTestServer.freePort()
        let mail = directory.appendingPathComponent("mail").path
        guard let process = try launchServer(python, ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)"] + arguments
                                                + ["-c", "aiosmtpd.handlers.Mailbox", mail], port: port) else {
            try? FileManager.default.removeItem(at: directory)
            throw Failure.notListening
        }
        self.process = process
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The raw messages received so far, as stored (LF line ends), in no particular order.
    public func messages() -> [String] {
        let folder = directory.appendingPathComponent("mail/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    /// Kills the server by its own pid and removes its files.
    public func stop() { stopServer(process, removing: directory) }

    deinit { stop() }
}
