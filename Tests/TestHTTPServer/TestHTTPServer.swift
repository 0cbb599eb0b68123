import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for the fetcher's tests.
///
/// Built on POSIX sockets with a thread per connection so a route can misbehave at the byte level
/// (stall, drip, reset, lie) the way real servers do. Routes are fixed at start; every request is
/// recorded per path. `stop()` closes the listener and every open connection and waits for all
/// threads, so nothing outlives the test.
public final class TestHTTPServer: Sendable {
    public let port: UInt16
    private let listener: Int32
    private let routes: [String: Route]
    private let state = Mutex(State())
    private let threads = DispatchGroup()

    private struct State {
        var requests: [String: [RecordedRequest]] = [:]
        var connections: Set<Int32> = []
        var acceptedConnections = 0
        var activeRequests = 0
        var peakActiveRequests = 0
        var stopped = false
    }

    /// Starts listening; `routes` maps a path (without query) to its behaviour. Unknown paths get 404.
    public init(routes: [String: Route]) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket(errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw ServerError.socket(errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        threads.enter()
        Thread.detachNewThread { [self] in
            acceptLoop()
            threads.leave()
        }
    }

    public enum ServerError: Error { case socket(Int32) }

    /// `http://127.0.0.1:PORT/path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Requests received for `path`, in order.
    public func requests(_ path: String) -> [RecordedRequest] {
        state.withLock { $0.requests[path] ?? [] }
    }

    public func requestCount(_ path: String) -> Int { requests(path).count }

    /// TCP connections accepted so far (fewer than requests means connections were reused).
    public var acceptedConnections: Int { state.withLock { $0.acceptedConnections } }

    /// The most requests that were being answered at the same moment.
    public var peakConcurrentRequests: Int { state.withLock { $0.peakActiveRequests } }

    /// Whether the server is shutting down; long-running routes poll it.
    public var isStopped: Bool { state.withLock { $0.stopped } }

    /// Closes the listener and all connections, then waits (up to 5 s) for every thread to end.
    public func stop() {
        let open: Set<Int32>? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.connections
        }
        guard let open else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        _ = threads.wait(timeout: .now() + 5)
        close(listener)
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let accepted = state.withLock { state in
                guard !state.stopped else { return false }
                state.connections.insert(fd)
                state.acceptedConnections += 1
                return true
            }
            guard accepted else { close(fd); return }
            threads.enter()
            Thread.detachNewThread { [self] in
                serve(Connection(fd: fd, server: self))
                state.withLock { _ = $0.connections.remove(fd) }
                close(fd)
                threads.leave()
            }
        }
    }

    /// Reads requests off one connection until a route closes it or the client goes away.
    private func serve(_ connection: Connection) {
        while let request = connection.readRequest() {
            let nth = state.withLock { state in
                state.requests[request.path, default: []].append(request)
                state.activeRequests += 1
                state.peakActiveRequests = max(state.peakActiveRequests, state.activeRequests)
                return state.requests[request.path]!.count
            }
            let route = routes[request.path] ?? .status(404)
            let after = route.respond(request, nth, connection)
            state.withLock { $0.activeRequests -= 1 }
            guard after == .keepAlive, !isStopped else { return }
        }
    }
}

/// One request as the server saw it.
public struct RecordedRequest: Sendable {
    public let method: String
    /// Path without the query string.
    public let path: String
    public let target: String
    /// Header names lowercased.
    public let headers: [String: String]
    /// What a POST or PUT sent (Content-Length bodies only); empty otherwise.
    public var body: [UInt8] = []
}
