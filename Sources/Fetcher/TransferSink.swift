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

    // The sink lives on the engine thread alone (see above): the callbacks' fields are exempt from
    // the runtime's exclusivity checks, which were 40% of the header callback's own work.
    @exclusivity(unchecked) var headers = ResponseHeaders()
    var bodyBytesRead = 0
    var bodyPrefix: [UInt8] = []
    /// The write callback refused more bytes on purpose; libcurl then reports CURLE_WRITE_ERROR.
    var stoppedAtBodyLimit = false
    /// Why the open-socket callback refused an address, if it did.
    var blockedReason: String?
    /// Header bytes received, all responses of the request included (interim 1xx too).
    @exclusivity(unchecked) var headerBytesRead = 0
    /// The header callback refused a line past `maxHeaderBytes`; libcurl then reports CURLE_WRITE_ERROR.
    var stoppedAtHeaderLimit = false
    /// For a download: where the body goes (its partial file and hash), instead of being counted and dropped.
    var download: DownloadWriter?
    /// The status of the response being received (from its status line), for the download's decision.
    @exclusivity(unchecked) var status = 0

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
        if let download = sink.download {
            return sink.keep(data, length, in: download)
        }
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
            let line = UnsafeBufferPointer(start: $0, count: length)
            if line[...].hasPrefix("HTTP/") {
                sink.status = statusCode(line)
                sink.download?.responseStarted()
            }
            sink.headers.consume(line: line)
        }
        return length
    }

    /// The status of a status line (`HTTP/1.1 206 Partial Content`, `HTTP/2 200`), 0 if unreadable.
    static func statusCode(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return 0 }
        var status = 0
        for byte in line[(space + 1)...].prefix(3) {
            guard (0x30...0x39).contains(byte) else { return 0 }
            status = status * 10 + Int(byte - 0x30)
        }
        return status
    }

    /// A download's body bytes: kept in its file (and the first few here, as for any GET, for the
    /// classifier's sniffing); a refusal (too large, a disk error) cuts the transfer on purpose.
    private func keep(_ data: UnsafeMutablePointer<CChar>?, _ length: Int, in download: DownloadWriter) -> Int {
        guard let data, length > 0 else { return length }
        if bodyPrefix.count < keptBodyBytes {
            let keep = min(length, keptBodyBytes - bodyPrefix.count)
            data.withMemoryRebound(to: UInt8.self, capacity: keep) { bodyPrefix.append(contentsOf: UnsafeBufferPointer(start: $0, count: keep)) }
        }
        guard download.accept(UnsafeRawPointer(data), count: length, status: status, headers: headers) else {
            stoppedAtBodyLimit = true
            return 0
        }
        bodyBytesRead += length
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
