import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One blocking libcurl transfer that delivers a notification: a webhook POST or an SMTP upload.
///
/// A handle of its own rather than an `EasyHandle`: the link-check handle is built for the multi
/// loop (HEAD, ranged GET, address policy, http/https only), while delivery sends a body, speaks
/// SMTP, and runs with `curl_easy_perform` on a thread of its own. Like `EasyHandle`, it owns the
/// `CURL*` and everything libcurl points at (header and recipient lists, the error buffer, the
/// upload and the response) and frees them in `deinit`. Not `Sendable`: it lives and dies on the
/// delivery thread.
final class DeliveryTransfer {
    let raw: UnsafeMutableRawPointer
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    /// CURL_ERROR_SIZE bytes libcurl fills with a specific message on failure.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// What the server answered (a webhook's body), kept only up to a few KiB for error messages.
    let response = Buffer()
    /// A mail being uploaded, read by libcurl through `onRead`.
    private var upload: Buffer?

    /// Bytes in and out of libcurl's callbacks, handed to them as an unretained opaque pointer.
    final class Buffer {
        var bytes: [UInt8] = []
        var offset = 0
        static let responseLimit = 4_096
    }

    init() throws(FetchError) {
        try ensureCurlInitialised()
        guard let raw = curl_easy_init() else { throw .handleCreation("easy") }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        do {
            try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
            // Never signals: other threads run beside this one. https://curl.se/libcurl/c/CURLOPT_NOSIGNAL.html
            try set(CURLOPT_NOSIGNAL, 1)
            // The answer is kept (bounded), never written to stdout, libcurl's default.
            // https://curl.se/libcurl/c/CURLOPT_WRITEFUNCTION.html
            try check(presskit_easy_setopt_write_callback(raw, CURLOPT_WRITEFUNCTION, Self.onResponse),
                      option: CURLOPT_WRITEFUNCTION)
            try set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(response).toOpaque())
            // No proxy from the environment: a notification (and its token) goes to the server
            // named in the policy and nowhere else. https://curl.se/libcurl/c/CURLOPT_PROXY.html
            try set(CURLOPT_PROXY, "")
        } catch {
            curl_easy_cleanup(raw)
            errorBuffer.deallocate()
            throw error
        }
    }

    deinit {
        curl_easy_cleanup(raw)
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    // MARK: Typed setters

    func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(presskit_easy_setopt_long(raw, option, value), option: option)
    }

    func set(_ option: CURLoption, _ value: String?) throws(FetchError) {
        try check(presskit_easy_setopt_string(raw, option, value), option: option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(FetchError) {
        try check(presskit_easy_setopt_pointer(raw, option, value), option: option)
    }

    func set(_ option: CURLoption, offset value: Int) throws(FetchError) {
        try check(presskit_easy_setopt_off_t(raw, option, curl_off_t(value)), option: option)
    }

    /// A string list option (headers, mail recipients); the list lives as long as the transfer.
    func set(_ option: CURLoption, list items: [String]) throws(FetchError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for item in items { list = curl_slist_append(list, item) }
        if let list { lists.append(list) }
        try set(option, pointer: UnsafeMutableRawPointer(list))
    }

    /// Sends `bytes` as a POST body; libcurl copies them, so nothing needs to outlive the call.
    /// https://curl.se/libcurl/c/CURLOPT_COPYPOSTFIELDS.html
    func setPostBody(_ bytes: [UInt8]) throws(FetchError) {
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: bytes.count)
        var copy = bytes + [0]  // a valid pointer even for an empty body
        let code = copy.withUnsafeMutableBytes { presskit_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
        try check(code, option: CURLOPT_COPYPOSTFIELDS)
    }

    /// Uploads `bytes` (an SMTP message) through the read callback.
    /// https://curl.se/libcurl/c/CURLOPT_READFUNCTION.html https://curl.se/libcurl/c/CURLOPT_UPLOAD.html
    func setUpload(_ bytes: [UInt8]) throws(FetchError) {
        let buffer = Buffer()
        buffer.bytes = bytes
        upload = buffer
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_INFILESIZE_LARGE, offset: bytes.count)
        try check(presskit_easy_setopt_read_callback(raw, CURLOPT_READFUNCTION, Self.onRead), option: CURLOPT_READFUNCTION)
        try set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(buffer).toOpaque())
    }

    /// Runs the transfer to the end on the calling thread, which must not be one of Swift's
    /// cooperative pool (see `Delivery`). https://curl.se/libcurl/c/curl_easy_perform.html
    func perform() -> CURLcode { curl_easy_perform(raw) }

    /// The message libcurl wrote into the error buffer, or its generic text for `code`.
    /// Not yet redacted: callers pass it through `SecretRedactor`.
    func errorMessage(for code: CURLcode) -> String {
        let specific = String(cString: errorBuffer)
        return specific.isEmpty ? String(cString: curl_easy_strerror(code)) : specific
    }

    /// The last HTTP status or SMTP reply code; nil when no answer came.
    /// https://curl.se/libcurl/c/CURLINFO_RESPONSE_CODE.html
    var responseCode: Int? {
        var value = 0
        guard presskit_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &value) == CURLE_OK, value > 0 else { return nil }
        return value
    }

    // MARK: Callbacks (C function pointers: no captures, context through the opaque pointer)

    private static let onResponse: curl_write_callback = { data, size, count, context in
        let total = size * count
        guard let data, let context else { return total }
        let buffer = Unmanaged<Buffer>.fromOpaque(context).takeUnretainedValue()
        let room = max(0, Buffer.responseLimit - buffer.bytes.count)
        if room > 0 {
            data.withMemoryRebound(to: UInt8.self, capacity: total) {
                buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: min(room, total)))
            }
        }
        return total  // keep reading: a long answer is no reason to fail a delivery
    }

    private static let onRead: curl_read_callback = { destination, size, count, context in
        guard let destination, let context else { return 0 }
        let buffer = Unmanaged<Buffer>.fromOpaque(context).takeUnretainedValue()
        let length = min(size * count, buffer.bytes.count - buffer.offset)
        guard length > 0 else { return 0 }
        buffer.bytes.withUnsafeBytes { source in
            UnsafeMutableRawPointer(destination).copyMemory(from: source.baseAddress! + buffer.offset, byteCount: length)
        }
        buffer.offset += length
        return length
    }
}
