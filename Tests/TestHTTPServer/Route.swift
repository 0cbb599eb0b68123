import Foundation

/// What a path does when requested. A route gets the request, how many times its path has been
/// requested (from 1) and the connection, and says whether the connection stays open.
public struct Route: Sendable {
    public enum After: Sendable { case keepAlive, close }
    public let respond: @Sendable (RecordedRequest, Int, Connection) -> After

    public init(_ respond: @escaping @Sendable (RecordedRequest, Int, Connection) -> After) {
        self.respond = respond
    }

    /// A normal response; HEAD gets the same head without the body. Keeps the connection open.
    public static func status(_ status: Int, headers: [(String, String)] = [], body: String = "") -> Route {
        Route { request, _, connection in
            let bytes = Array(body.utf8)
            connection.writeHead(status: status, headers: headers, contentLength: bytes.count)
            if request.method != "HEAD" { connection.write(bytes) }
            return .keepAlive
        }
    }

    /// A file-like 200 with a content type, answering `Range: bytes=a-b` with 206 and Content-Range.
    public static func file(size: Int, contentType: String, headers: [(String, String)] = []) -> Route {
        .bytes([UInt8](repeating: 0x41, count: size), contentType: contentType, headers: headers)
    }

    /// Serves `body` like a static file server: `Range: bytes=a-b` or `bytes=a-` gets 206 with
    /// Content-Range (416 past the end), unless `honoursRange` is false, when every GET gets the
    /// whole body with 200, as from servers that ignore Range.
    public static func bytes(_ body: [UInt8], contentType: String, headers: [(String, String)] = [],
                             honoursRange: Bool = true) -> Route {
        Route { request, _, connection in
            var status = 200, first = 0, last = body.count - 1
            var extra = headers + [("Content-Type", contentType)]
            if honoursRange { extra.append(("Accept-Ranges", "bytes")) }
            if honoursRange, let range = request.headers["range"], range.hasPrefix("bytes=") {
                let bounds = range.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
                if bounds.count == 2, let from = Int(bounds[0]) {
                    guard from < body.count else {
                        connection.writeHead(status: 416, headers: [("Content-Range", "bytes */\(body.count)")], contentLength: 0)
                        return .keepAlive
                    }
                    status = 206
                    first = from
                    last = min(Int(bounds[1]) ?? body.count - 1, body.count - 1)
                    extra.append(("Content-Range", "bytes \(first)-\(last)/\(body.count)"))
                }
            }
            connection.writeHead(status: status, headers: extra, contentLength: last - first + 1)
            if request.method != "HEAD", last >= first { connection.write(Array(body[first...last])) }
            return .keepAlive
        }
    }

    /// Different behaviour for HEAD and for everything else.
    public static func methods(head: Route, get: Route) -> Route {
        Route { request, nth, connection in
            (request.method == "HEAD" ? head : get).respond(request, nth, connection)
        }
    }

    /// The nth request of the path gets the nth route; the last one repeats.
    public static func sequence(_ routes: [Route]) -> Route {
        Route { request, nth, connection in
            routes[min(nth, routes.count) - 1].respond(request, nth, connection)
        }
    }

    /// A redirect to `location` (absolute or relative).
    public static func redirect(_ status: Int, to location: String) -> Route {
        .status(status, headers: [("Location", location)])
    }

    /// Waits `seconds` before answering at all.
    public static func slowFirstByte(_ seconds: Double, then route: Route = .status(200)) -> Route {
        Route { request, nth, connection in
            guard connection.pause(seconds) else { return .close }
            return route.respond(request, nth, connection)
        }
    }

    /// Answers only once `gate` opens (or after `limit` seconds), so a test decides when a request
    /// ends instead of guessing how long the machine needs to reach the next step.
    public static func held(by gate: Gate, limit: Double = 120, then route: Route = .status(200)) -> Route {
        Route { request, nth, connection in
            let end = Date().addingTimeInterval(limit)
            while !gate.isOpen, Date() < end {
                guard connection.pause(0.02) else { return .close }
            }
            return route.respond(request, nth, connection)
        }
    }

    /// Sends a head promising a large body, then one byte every `interval` for as long as it can.
    public static func drip(every interval: Double) -> Route {
        Route { _, _, connection in
            connection.writeHead(status: 200, headers: [("Content-Type", "video/mp4")], contentLength: 1_000_000)
            while connection.pause(interval), connection.write([0x41]) {}
            return .close
        }
    }

    /// Sends a complete-looking head promising a body, then resets the connection.
    public static let resetAfterHeaders = Route { _, _, connection in
        connection.writeHead(status: 200, headers: [("Content-Type", "video/mp4")], contentLength: 100_000)
        connection.write([UInt8](repeating: 0x41, count: 100))
        connection.reset()
        return .close
    }

    /// Writes `text` verbatim and closes, e.g. something that is not HTTP at all.
    public static func raw(_ text: String) -> Route {
        Route { _, _, connection in
            connection.write(text)
            return .close
        }
    }

    /// Declares `declared` bytes, sends `sent`, and closes.
    public static func lyingContentLength(declared: Int, sent: Int) -> Route {
        Route { request, _, connection in
            connection.writeHead(status: 200, headers: [("Content-Type", "image/jpeg")], contentLength: declared)
            if request.method != "HEAD" { connection.write([UInt8](repeating: 0x42, count: sent)) }
            return .close
        }
    }

    /// A chunked body that never ends (until the client gives up or the server stops).
    public static let endlessChunked = Route { _, _, connection in
        connection.writeHead(status: 200, headers: [("Content-Type", "video/mp4"), ("Transfer-Encoding", "chunked")],
                             contentLength: nil)
        let chunk = Array("1000\r\n".utf8) + [UInt8](repeating: 0x43, count: 4_096) + Array("\r\n".utf8)
        while !connection.server.isStopped, connection.write(chunk) {}
        return .close
    }

    /// `Content-Encoding: gzip` whose body inflates without end (see `GzipBomb`).
    public static let gzipBomb = Route { _, _, connection in
        connection.writeHead(status: 200, headers: [("Content-Type", "image/png"), ("Content-Encoding", "gzip"),
                                                    ("Transfer-Encoding", "chunked")], contentLength: nil)
        var first = true
        while !connection.server.isStopped {
            let piece = first ? GzipBomb.head + GzipBomb.repeatingUnit(times: 2_000) : GzipBomb.repeatingUnit(times: 2_000)
            first = false
            let chunk = Array(String(piece.count, radix: 16).utf8) + Array("\r\n".utf8) + piece + Array("\r\n".utf8)
            guard connection.write(chunk) else { break }
        }
        return .close
    }

    /// A status line followed by header lines without end.
    public static let endlessHeaders = Route { _, _, connection in
        connection.write("HTTP/1.1 200 OK\r\n")
        let line = "X-Padding: " + String(repeating: "p", count: 1_000) + "\r\n"
        while !connection.server.isStopped, connection.write(line) {}
        return .close
    }

    /// Serves `etag`; answers 304 when the request's If-None-Match names it.
    public static func etag(_ etag: String) -> Route {
        Route { request, nth, connection in
            if request.headers["if-none-match"] == etag {
                connection.writeHead(status: 304, headers: [("ETag", etag)], contentLength: nil)
                return .keepAlive
            }
            return Route.status(200, headers: [("ETag", etag), ("Content-Type", "image/jpeg"),
                                               ("Last-Modified", "Tue, 24 Nov 2026 12:00:00 GMT")],
                                body: "jpeg").respond(request, nth, connection)
        }
    }
}
