import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx on 127.0.0.1 with TLS and HTTP/2, for tests that need a real HTTP/2 server
/// (the Swift test server speaks HTTP/1.1 only). Runs as one process (`master_process off`) so
/// killing its pid stops all of it; every file it writes lives in a temporary directory.
public final class NginxTestServer: @unchecked Sendable {  // immutable after init
    public let port: UInt16
    /// The self-signed certificate to trust.
    public let certificatePath: String
    private let process: Process
    private let directory: URL

    public static let nginxPath: String? = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    public enum Failure: Error { case nginxMissing, notListening }

    /// Starts nginx answering every path with 200 and `contentType`.
    /// Starts nginx as `init` does, waiting for it off the cooperative pool.
    public static func start(contentType: String = "video/mp4", proxyingTo upstream: UInt16? = nil) async throws -> NginxTestServer {
        try await onOwnThread { try NginxTestServer(contentType: contentType, proxyingTo: upstream) }
    }

    /// With `upstream`, nginx passes every request on to http://127.0.0.1:upstream (a `TestHTTPServer`
    /// whose routes stall, drip or fail) and answers clients over TLS and HTTP/2 itself.
    public init(contentType: String = "video/mp4", proxyingTo upstream: UInt16? = nil) throws {
        guard let nginx = Self.nginxPath else { throw Failure.nginxMissing }
        let tls = try TLSTestServer.makeCertificate(subjectAltName: "IP:127.0.0.1")
        directory = tls.directory
        certificatePath = tls.certificate
        port = try TLSTestServer.freePort()
        let dir = directory.path
        let configuration = """
            master_process off; daemon off; pid \(dir)/nginx.pid; error_log \(dir)/error.log;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(dir); proxy_temp_path \(dir); fastcgi_temp_path \(dir);
                uwsgi_temp_path \(dir); scgi_temp_path \(dir);
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(tls.certificate); ssl_certificate_key \(tls.key);
                    \(upstream.map { "location / { proxy_pass http://127.0.0.1:\($0); proxy_read_timeout 60s; }" }
                        ?? "location / { default_type \(contentType); return 200 \"asset\"; }")
                }
            }
            """
        let configurationPath = directory.appendingPathComponent("nginx.conf").path
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        guard let process = try launchServer(nginx, ["-p", dir, "-c", configurationPath], port: port) else {
            try? FileManager.default.removeItem(at: directory)
            throw Failure.notListening
        }
        self.process = process
    }

    public func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// Kills nginx by its own pid and removes its directory.
    public func stop() { stopServer(process, removing: directory) }

    deinit { stop() }
}
