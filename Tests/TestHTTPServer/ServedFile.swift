import Foundation
import Synchronization

/// A file a test serves and may replace between requests, with the validators and faults an
/// archive's downloads meet: ETag and Last-Modified, conditional GET (`If-None-Match` → 304),
/// `Range` honoured only while `If-Range` still names the current file (RFC 9110 §13.1.5), servers
/// that ignore Range, and connections cut after some bytes of a given request.
public final class ServedFile: Sendable {
    struct State {
        var body: [UInt8]
        var version: Int
        var honoursRange: Bool
        var cutAfter: [Int: Int]
        var sendsValidators: Bool
        var contentType: String
        var gone = false
    }

    private let state: Mutex<State>

    /// `cutAfter`: request number (from 1) → bytes of the body sent before the connection is reset.
    public init(_ body: [UInt8], contentType: String = "video/mp4", honoursRange: Bool = true, cutAfter: [Int: Int] = [:],
                sendsValidators: Bool = true) {
        state = Mutex(State(body: body, version: 1, honoursRange: honoursRange, cutAfter: cutAfter, sendsValidators: sendsValidators,
                            contentType: contentType))
    }

    /// Replaces the file: new bytes, a new ETag and Last-Modified.
    public func replace(with body: [UInt8]) {
        state.withLock {
            $0.body = body
            $0.version += 1
        }
    }

    /// Cuts the connection of request `nth` after `bytes` bytes of body.
    public func cut(request nth: Int, after bytes: Int) {
        state.withLock { $0.cutAfter[nth] = bytes }
    }

    /// Takes the file down: every request gets 404 from now on.
    public func remove() {
        state.withLock { $0.gone = true }
    }

    public var etag: String { state.withLock { "\"v\($0.version)\"" } }

    public var route: Route {
        Route { request, nth, connection in
            let current = self.state.withLock { $0 }
            if current.gone {
                connection.writeHead(status: 404, headers: [], contentLength: 0)
                return .keepAlive
            }
            let etag = "\"v\(current.version)\""
            let lastModified = "Mon, \(10 + current.version) Nov 2023 10:00:00 GMT"
            var headers: [(String, String)] = [("Content-Type", current.contentType)]
            if current.sendsValidators { headers += [("ETag", etag), ("Last-Modified", lastModified)] }
            if current.sendsValidators, let match = request.headers["if-none-match"], match == etag {
                connection.writeHead(status: 304, headers: headers.filter { $0.0 != "Content-Type" }, contentLength: nil)
                return .keepAlive
            }
            let body = current.body
            var status = 200, first = 0
            if current.honoursRange {
                headers.append(("Accept-Ranges", "bytes"))
                let ifRange = request.headers["if-range"]
                if let range = request.headers["range"], range.hasPrefix("bytes="), ifRange == nil || ifRange == etag || ifRange == lastModified,
                   let from = Int(range.dropFirst(6).split(separator: "-").first ?? ""), from < body.count {
                    status = 206
                    first = from
                    headers.append(("Content-Range", "bytes \(from)-\(body.count - 1)/\(body.count)"))
                }
            }
            let part = Array(body[first...])
            connection.writeHead(status: status, headers: headers, contentLength: part.count)
            guard request.method != "HEAD" else { return .keepAlive }
            if let cut = current.cutAfter[nth] {
                connection.write(Array(part.prefix(cut)))
                connection.reset()
                return .close
            }
            connection.write(part)
            return .keepAlive
        }
    }
}
