import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One accepted TCP connection, with the byte-level misbehaviours routes need.
public final class Connection {
    let fd: Int32
    unowned let server: TestHTTPServer
    private var buffer: [UInt8] = []

    init(fd: Int32, server: TestHTTPServer) {
        self.fd = fd
        self.server = server
    }

    /// Reads one request: its head, and a body when Content-Length announces one (a webhook POST).
    func readRequest() -> RecordedRequest? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let end = buffer.firstRange(of: terminator) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<end.upperBound)
                let lines = head.components(separatedBy: "\r\n")
                let parts = lines[0].split(separator: " ")
                guard parts.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                let target = String(parts[1])
                let path = String(target.split(separator: "?", maxSplits: 1).first ?? "")
                guard let body = readBody(length: headers["content-length"].flatMap { Int($0) } ?? 0) else { return nil }
                return RecordedRequest(method: String(parts[0]), path: path, target: target, headers: headers, body: body)
            }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    /// The next `length` bytes after the head; nil when the client goes away first.
    private func readBody(length: Int) -> [UInt8]? {
        while buffer.count < length {
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
        defer { buffer.removeSubrange(..<length) }
        return Array(buffer[..<length])
    }

    /// Writes all bytes; `false` once the peer is gone (never raises SIGPIPE).
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Writes a status line and headers (adding Content-Length when given).
    @discardableResult
    public func writeHead(status: Int, headers: [(String, String)], contentLength: Int?) -> Bool {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let contentLength { head += "Content-Length: \(contentLength)\r\n" }
        return write(head + "\r\n")
    }

    /// Sleeps up to `seconds`, waking early when the server stops; `false` if it stopped.
    public func pause(_ seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if server.isStopped { return false }
            usleep(20_000)
        }
        return !server.isStopped
    }

    /// Arms a TCP RST: with SO_LINGER at zero, the close after the route returns aborts the connection.
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
