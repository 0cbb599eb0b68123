import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback port that refuses every connection for as long as this lives: a TCP socket bound to
/// it and never listening, so a connect gets ECONNREFUSED and no other server can take the port.
///
/// A port merely found free (`TLSTestServer.freePort()`) could be taken meanwhile by a server
/// another test starts on a port it found the same way; a "dead host" then answered, slowly or
/// with something else, and a test expecting `refused` saw `broken` after 30 s.
public final class RefusingPort: Sendable {
    public let port: UInt16
    private let socketDescriptor: Int32

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            if fd >= 0 { close(fd) }
            throw TLSTestServer.Failure.notListening
        }
        socketDescriptor = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(socketDescriptor) }
}
