import Crypto
#if canImport(Glibc)
import Glibc
#endif

/// Streams one download's body into its partial file and hashes it on the way (SHA-256), across
/// the requests of a check: redirects, retries after a cut connection, resumes.
///
/// Lives on the engine thread (owned by its `Check`, fed by `TransferSink`'s write callback), so
/// it needs no lock. The file descriptor stays open between the requests of a check and is closed
/// by `finish` or `deinit`.
final class DownloadWriter {
    let target: DownloadTarget
    private var descriptor: Int32 = -1
    private var hasher = SHA256()
    /// Bytes in the file that the hasher has seen (or will see, for a prefix not yet hashed).
    private(set) var offset: Int64 = 0
    /// Bytes already in the file before this run's first request, to resume from.
    private var prefixToHash: Int64 = 0
    private(set) var resumeValidator: String?
    private(set) var resumedFrom: Int64 = 0
    /// Why the body was refused, if it was; the transfer then stops.
    private(set) var refusal: DownloadOutcome.State?
    /// Whether the current response's body goes to the file (a 2xx) or is discarded (anything else).
    private var keeping = false
    private var discarded = 0
    private var decided = false

    /// Error pages are read this far, no further.
    static let discardLimit = 64 * 1_024

    init(target: DownloadTarget) {
        self.target = target
        resumeValidator = target.resumeValidator
        var info = stat()
        if target.resumeValidator != nil, stat(target.partialPath, &info) == 0, info.st_size > 0 {
            offset = Int64(info.st_size)
            prefixToHash = offset
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The Range and If-Range a request should send: only with bytes to keep and their validator.
    var resumeHeaders: (range: String, ifRange: String)? {
        guard offset > 0, let resumeValidator else { return nil }
        return ("\(offset)-", resumeValidator)
    }

    /// Called by the sink as a new response's headers begin.
    func responseStarted() {
        decided = false
        keeping = false
        discarded = 0
    }

    /// The first body bytes of a response: decide from its status and headers whether they are
    /// appended, start the file over, or are discarded. Returns false to refuse the body.
    private func decide(status: Int, headers: ResponseHeaders) -> Bool {
        decided = true
        guard (200...299).contains(status) else { return true }  // an error page: read a little, keep nothing
        let validator = Self.validator(headers)
        if status == 206, let range = Self.contentRangeStart(headers["content-range"]), range == offset, offset > 0 {
            // The server continues the same file (If-Range matched): append.
            if validator != nil { resumeValidator = validator }
            resumedFrom = offset
        } else {
            // A 200 (changed file, or no Range support), or a 206 for some other range: start over.
            offset = 0
            prefixToHash = 0
            resumedFrom = 0
            hasher = SHA256()
            resumeValidator = validator
            if descriptor >= 0 { close(descriptor); descriptor = -1 }
            guard open(truncate: true) else { return false }
            saveValidator()
        }
        if let total = headers.declaredLength, total > target.maxBytes {
            refusal = .tooLarge(declared: total)
            return false
        }
        if descriptor < 0, !open(truncate: false) { return false }
        if prefixToHash > 0, !hashPrefix() { return false }
        keeping = true
        return true
    }

    /// Write callback body: true when all `count` bytes were taken.
    func accept(_ bytes: UnsafeRawPointer, count: Int, status: Int, headers: ResponseHeaders) -> Bool {
        if !decided, !decide(status: status, headers: headers) { return false }
        guard keeping else {
            discarded += count
            return discarded <= Self.discardLimit
        }
        guard offset + Int64(count) <= target.maxBytes else {
            refusal = .tooLarge(declared: nil)
            return false
        }
        var written = 0
        while written < count {
            let result = write(descriptor, bytes + written, count - written)
            if result < 0 {
                if errno == EINTR { continue }
                refusal = .incomplete(reason: "cannot write '\(target.partialPath)': \(String(cString: strerror(errno)))")
                return false
            }
            written += result
        }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: bytes, count: count))
        offset += Int64(count)
        target.progress?.add(Int64(count))
        return true
    }

    /// The outcome once the check is over: a complete body is closed (not yet fsynced).
    func finish(status: Int?, curlCode: Int, headers: ResponseHeaders) -> DownloadOutcome {
        defer {
            if descriptor >= 0 { close(descriptor); descriptor = -1 }
        }
        func outcome(_ state: DownloadOutcome.State) -> DownloadOutcome {
            DownloadOutcome(state: state, resumedFrom: resumedFrom, resumeValidator: resumeValidator)
        }
        if let refusal {
            if case .tooLarge = refusal { unlink(target.partialPath) }
            return outcome(refusal)
        }
        if status == 304 { return outcome(.notModified) }
        guard let status, (200...299).contains(status), keeping || offset == 0 else {
            return outcome(.incomplete(reason: status.map { "HTTP \($0)" } ?? "no HTTP response"))
        }
        guard curlCode == 0 else { return outcome(.incomplete(reason: "the transfer was cut after \(offset) bytes")) }
        if !decided {
            // An empty body: no write callback ran. It is a file all the same.
            guard open(truncate: true) else { return outcome(refusal ?? .incomplete(reason: "cannot create the partial file")) }
            offset = 0
            hasher = SHA256()
        }
        if let total = headers.declaredLength, total != offset {
            return outcome(.incomplete(reason: "\(offset) of \(total) bytes arrived"))
        }
        // No fsync here: it would hold every other transfer of the engine thread while the disk
        // catches up. The caller makes the file durable before it relies on it (ArchiveStore.admit).
        return outcome(.complete(sha256: Self.hex(hasher.finalize()), size: offset))
    }

    /// Writes (or removes) `target.validatorPath`: one line, the If-Range validator.
    private func saveValidator() {
        guard let path = target.validatorPath else { return }
        guard let validator = resumeValidator, !validator.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
            unlink(path)
            return
        }
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let line = Array((validator + "\n").utf8)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    private func open(truncate: Bool) -> Bool {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND)
        descriptor = Glibc.open(target.partialPath, flags, 0o644)
        if descriptor < 0 {
            refusal = .incomplete(reason: "cannot open '\(target.partialPath)': \(String(cString: strerror(errno)))")
            return false
        }
        return true
    }

    /// Hashes the bytes kept from an earlier request before appending (once per resume). On the
    /// engine thread: a multi-GB prefix costs a second or two of the loop, once per resumed file.
    private func hashPrefix() -> Bool {
        let reading = Glibc.open(target.partialPath, O_RDONLY | O_CLOEXEC)
        guard reading >= 0 else {
            refusal = .incomplete(reason: "cannot read '\(target.partialPath)'")
            return false
        }
        defer { close(reading) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var left = prefixToHash
        while left > 0 {
            let count = read(reading, buffer.baseAddress, Int(min(Int64(buffer.count), left)))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                refusal = .incomplete(reason: "the partial file '\(target.partialPath)' is shorter than it was")
                return false
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            left -= Int64(count)
        }
        prefixToHash = 0
        return true
    }

    /// A strong ETag, else Last-Modified: what If-Range may carry (a weak ETag may not, RFC 9110 §13.1.5).
    static func validator(_ headers: ResponseHeaders) -> String? {
        if let etag = headers["etag"], !etag.hasPrefix("W/"), !etag.isEmpty { return etag }
        return headers["last-modified"]
    }

    /// N of `bytes N-M/T`.
    static func contentRangeStart(_ header: String?) -> Int64? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        let rest = header.dropFirst(6)
        guard let dash = rest.firstIndex(of: "-") else { return nil }
        return Int64(rest[..<dash].trimmingCharacters(in: " "))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
