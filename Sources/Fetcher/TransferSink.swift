import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// What libcurl's callbacks learn during one request: header lines, the first body bytes, and
/// whether the address policy refused a connection.
///
/// The callbacks are C function pointers that receive this object as an unretained opaque
/// pointer; the owning `EasyHandle` keeps it alive. They run on the engine thread, inside
/// `curl_multi_perform`, so no locking is needed.
final class TransferSink {
    let maxBodyBytes: Int
    let keptBodyBytes: Int
    let addressPolicy: AddressPolicy

    var headers = ResponseHeaders()
    var bodyBytesRead = 0
    var bodyPrefix: [UInt8] = []
    /// The write callback refused more bytes on purpose; libcurl then reports CURLE_WRITE_ERROR.
    var stoppedAtBodyLimit = false
    /// Why the open-socket callback refused an address, if it did.
    var blockedReason: String?
    /// Header bytes received, all responses of the request included (interim 1xx too).
    var headerBytesRead = 0
    /// The header callback refused a line past `maxHeaderBytes`; libcurl then reports CURLE_WRITE_ERROR.
    var stoppedAtHeaderLimit = false

    /// Header bytes read at most per request, so a server streaming headers without end cannot
    /// grow memory until a timeout. Generous: real responses with large cookies stay far below.
    static let maxHeaderBytes = 256 * 1_024

    init(maxBodyBytes: Int, keptBodyBytes: Int, addressPolicy: AddressPolicy) {
        self.maxBodyBytes = maxBodyBytes
        self.keptBodyBytes = keptBodyBytes
        self.addressPolicy = addressPolicy
    }

    private static func from(_ pointer: UnsafeMutableRawPointer?) -> TransferSink? {
        pointer.map { Unmanaged<TransferSink>.fromOpaque($0).takeUnretainedValue() }
    }

    /// CURLOPT_WRITEFUNCTION: counts decoded body bytes and keeps the first few. Past
    /// `maxBodyBytes` it returns a short count, which makes libcurl abort the transfer — this is
    /// how a server that ignores `Range`, an endless body or a gzip bomb is cut off.
    static let onBody: curl_write_callback = { data, size, count, context in
        guard let sink = from(context) else { return 0 }
        let length = size * count
        let room = sink.maxBodyBytes - sink.bodyBytesRead
        let accepted = min(length, max(room, 0))
        if let data, sink.bodyPrefix.count < sink.keptBodyBytes {
            let keep = min(accepted, sink.keptBodyBytes - sink.bodyPrefix.count)
            data.withMemoryRebound(to: UInt8.self, capacity: keep) { bytes in
                sink.bodyPrefix.append(contentsOf: UnsafeBufferPointer(start: bytes, count: keep))
            }
        }
        sink.bodyBytesRead += accepted
        if accepted < length {
            sink.stoppedAtBodyLimit = true
            return 0
        }
        return length
    }

    /// CURLOPT_HEADERFUNCTION: one complete header line per call, status lines included.
    /// Past `maxHeaderBytes` it returns a short count, which aborts the transfer.
    static let onHeader: curl_write_callback = { data, size, count, context in
        guard let sink = from(context), let data else { return 0 }
        let length = size * count
        sink.headerBytesRead += length
        guard sink.headerBytesRead <= maxHeaderBytes else {
            sink.stoppedAtHeaderLimit = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            sink.headers.consume(line: UnsafeBufferPointer(start: $0, count: length))
        }
        return length
    }

    /// CURLOPT_OPENSOCKETFUNCTION: the address check. libcurl calls it with the resolved address
    /// it is about to connect to (for every connection, so every hop); refusing returns
    /// CURL_SOCKET_BAD, which libcurl reports as "couldn't connect" and we as `blocked`.
    static let onOpenSocket: curl_opensocket_callback = { context, purpose, address in
        guard let sink = from(context), let address else { return CURL_SOCKET_BAD }
        let family = address.pointee.family
        let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr) ?? 16
        let socketAddress = UnsafeRawPointer(address).advanced(by: offset)
        let (category, text) = AddressPolicy.inspect(socketAddress, family: family)
        if let refusal = sink.addressPolicy.refusal(for: category, address: text) {
            sink.blockedReason = refusal
            return CURL_SOCKET_BAD
        }
        // Close-on-exec, so a process spawned meanwhile does not inherit our connections.
        return socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
    }
}
