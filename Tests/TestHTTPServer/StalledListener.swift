import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A port on 127.0.0.1 where TCP connects hang: it listens with a backlog of zero, never accepts,
/// and its queue is filled up front, so the kernel drops further SYNs. Tests the connect timeout
/// without leaving loopback.
public final class StalledListener {
    public let port: UInt16
    private let listener: Int32
    private var fillers: [Int32]

    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 0) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard ok else {
            close(listener)
            fillers = []
            throw TestHTTPServer.ServerError.socket(errno)
        }
        port = UInt16(bigEndian: address.sin_port)
        var fillers: [Int32] = []
        // Fill the accept queue with non-blocking connects that are never accepted.
        for _ in 0..<4 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            var target = address
            _ = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fillers.append(fd)
        }
        self.fillers = fillers
        usleep(50_000)
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    public func stop() {
        for fd in fillers { close(fd) }
        fillers.removeAll()
        close(listener)
    }
}
