import CCurl

/// One libcurl easy handle, owning its `CURL*` and everything the handle points at.
///
/// libcurl keeps raw pointers to the header list, the error buffer and the callback data; this type
/// keeps those alive exactly as long as the handle and frees all of it in `deinit`. Not `Sendable`:
/// a handle lives and dies on the engine thread. One method per option, each throwing a typed error
/// instead of crashing, each linking its curl option page.
///
/// A handle serves one request at a time and is reused for later ones (`reuse(sink:)`): creating
/// and freeing a handle per request was a tenth of the engine thread's time.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    /// Where the callbacks write; referenced unretained from libcurl, retained here.
    private(set) var sink: TransferSink
    /// The buffer `setHeaders` builds the header list in, and whether the handle points at it.
    private var headerStorage: UnsafeMutableRawPointer?
    private var headerCapacity = 0
    private var sendsHeaderList = false
    /// CURLOPT_BUFFERSIZE as last set, nil for libcurl's default: libcurl may refuse a new size on a
    /// handle that has transferred, so a handle changes size only after a full `reset(sink:)`.
    var bufferSize: Int?
    /// CURL_ERROR_SIZE bytes libcurl fills with a specific message on failure.
    let errorBuffer: UnsafeMutablePointer<CChar>

    init(sink: TransferSink) throws(FetchError) {
        try ensureCurlInitialised()
        guard let raw = curl_easy_init() else { throw .handleCreation("easy") }
        self.raw = raw
        self.sink = sink
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    /// Makes the handle as new for the next request: every option back to its default
    /// (https://curl.se/libcurl/c/curl_easy_reset.html; live connections, the DNS cache and TLS
    /// sessions stay), no extra headers, an empty error message, and a fresh `sink`. The caller
    /// then sets every option the request needs, as for a new handle.
    func reset(sink: TransferSink) {
        curl_easy_reset(raw)
        sendsHeaderList = false
        bufferSize = nil
        errorBuffer[0] = 0
        self.sink = sink
    }

    /// Readies the handle for the next request keeping its options: an empty error message, and the
    /// callbacks pointed at a fresh `sink` (the old one is released here, so they must be). The caller
    /// then sets every option that varies between requests; the rest stay as first set. Resetting
    /// and setting every option again was about 18,000 instructions per request.
    func reuse(sink: TransferSink) throws(FetchError) {
        errorBuffer[0] = 0
        self.sink = sink
        try pointCallbacks()
    }

    deinit {
        curl_easy_cleanup(raw)
        headerStorage?.deallocate()
        errorBuffer.deallocate()
    }

    /// The message libcurl wrote into the error buffer, or its generic text for `code`.
    func errorMessage(for code: CURLcode) -> String {
        let specific = String(cString: errorBuffer)
        return specific.isEmpty ? String(cString: curl_easy_strerror(code)) : specific
    }

    // MARK: Typed setters (one per argument type of the variadic curl_easy_setopt)

    func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(presskit_easy_setopt_long(raw, option, value), option: option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(FetchError) {
        try set(option, value ? 1 : 0)
    }

    func set(_ option: CURLoption, _ value: String?) throws(FetchError) {
        try check(presskit_easy_setopt_string(raw, option, value), option: option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(FetchError) {
        try check(presskit_easy_setopt_pointer(raw, option, value), option: option)
    }

    // MARK: Options the engine uses

    /// https://curl.se/libcurl/c/CURLOPT_URL.html
    func setURL(_ url: String) throws(FetchError) { try set(CURLOPT_URL, url) }

    /// Never use signals: libcurl runs on our own thread among others, and signal-based DNS
    /// timeouts are unsafe there. https://curl.se/libcurl/c/CURLOPT_NOSIGNAL.html
    func setNoSignal() throws(FetchError) { try set(CURLOPT_NOSIGNAL, true) }

    /// http and https only, for the first request and for anything libcurl might follow.
    /// https://curl.se/libcurl/c/CURLOPT_PROTOCOLS_STR.html
    /// https://curl.se/libcurl/c/CURLOPT_REDIR_PROTOCOLS_STR.html
    func restrictProtocolsToHTTP() throws(FetchError) {
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
    }

    /// Redirects are followed by the engine, hop by hop, so each hop is recorded, scheduled and
    /// address-checked. https://curl.se/libcurl/c/CURLOPT_FOLLOWLOCATION.html
    func setFollowLocation(_ follow: Bool) throws(FetchError) { try set(CURLOPT_FOLLOWLOCATION, follow) }

    /// `HEAD` when true. https://curl.se/libcurl/c/CURLOPT_NOBODY.html
    func setNoBody(_ noBody: Bool) throws(FetchError) { try set(CURLOPT_NOBODY, noBody) }

    /// `"0-16383"` sends `Range: bytes=0-16383`. https://curl.se/libcurl/c/CURLOPT_RANGE.html
    func setRange(_ range: String?) throws(FetchError) { try set(CURLOPT_RANGE, range) }

    /// https://curl.se/libcurl/c/CURLOPT_USERAGENT.html
    func setUserAgent(_ agent: String) throws(FetchError) { try set(CURLOPT_USERAGENT, agent) }

    /// An extra request header: `name: value`.
    struct HeaderField {
        let name: StaticString
        let value: String
    }

    /// Extra request headers (conditional requests). https://curl.se/libcurl/c/CURLOPT_HTTPHEADER.html
    /// An empty list sends none.
    ///
    /// The `curl_slist` libcurl reads is built here, nodes and lines together in one buffer the
    /// handle keeps from request to request: libcurl only reads the list, during the transfer, and
    /// leaves it to its owner (the page above); `curl_slist_append` made two allocations and a copy
    /// per line, and freed them again, on every recheck.
    func setHeaders(_ fields: [HeaderField]) throws(FetchError) {
        guard !fields.isEmpty else {
            if sendsHeaderList {
                try set(CURLOPT_HTTPHEADER, pointer: nil)
                sendsHeaderList = false
            }
            return
        }
        let nodes = fields.count * MemoryLayout<curl_slist>.stride
        let size = fields.reduce(nodes) { $0 + $1.name.utf8CodeUnitCount + 2 + $1.value.utf8.count + 1 }
        if size > headerCapacity {
            // Not while libcurl may read the old list: the handle is between transfers here.
            headerStorage?.deallocate()
            headerCapacity = max(size, 256)
            headerStorage = .allocate(byteCount: headerCapacity, alignment: MemoryLayout<curl_slist>.alignment)
        }
        let storage = headerStorage!
        let list = storage.bindMemory(to: curl_slist.self, capacity: fields.count)
        var text = (storage + nodes).assumingMemoryBound(to: CChar.self)
        for (index, field) in fields.enumerated() {
            let line = text
            field.name.withUTF8Buffer { name in
                UnsafeMutableRawPointer(text).copyMemory(from: name.baseAddress!, byteCount: name.count)
                text += name.count
            }
            (text[0], text[1]) = (CChar(UInt8(ascii: ":")), CChar(UInt8(ascii: " ")))
            text += 2
            var value = field.value
            value.withUTF8 { bytes in
                if let base = bytes.baseAddress { UnsafeMutableRawPointer(text).copyMemory(from: base, byteCount: bytes.count) }
                text += bytes.count
            }
            text.pointee = 0
            text += 1
            (list + index).initialize(to: curl_slist(data: line, next: index + 1 < fields.count ? list + index + 1 : nil))
        }
        try set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list))
        sendsHeaderList = true
    }

    /// https://curl.se/libcurl/c/CURLOPT_CONNECTTIMEOUT_MS.html
    func setConnectTimeout(_ timeout: Duration) throws(FetchError) {
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, timeout.milliseconds))
    }

    /// https://curl.se/libcurl/c/CURLOPT_TIMEOUT_MS.html
    func setTotalTimeout(_ timeout: Duration) throws(FetchError) {
        try set(CURLOPT_TIMEOUT_MS, max(1, timeout.milliseconds))
    }

    /// Abort when slower than `bytesPerSecond` for `seconds`.
    /// https://curl.se/libcurl/c/CURLOPT_LOW_SPEED_LIMIT.html
    /// https://curl.se/libcurl/c/CURLOPT_LOW_SPEED_TIME.html
    func setLowSpeed(bytesPerSecond: Int, seconds: Int) throws(FetchError) {
        try set(CURLOPT_LOW_SPEED_LIMIT, bytesPerSecond)
        try set(CURLOPT_LOW_SPEED_TIME, seconds)
    }

    /// `""` offers every encoding libcurl can decode, and libcurl decodes before our write callback,
    /// which therefore counts decoded bytes (a gzip bomb hits the byte bound, not memory).
    /// `nil` sends no Accept-Encoding. https://curl.se/libcurl/c/CURLOPT_ACCEPT_ENCODING.html
    func setAcceptEncoding(_ encodings: String?) throws(FetchError) { try set(CURLOPT_ACCEPT_ENCODING, encodings) }

    /// HTTP/2 over TLS when the server offers it via ALPN, HTTP/1.1 otherwise.
    /// https://curl.se/libcurl/c/CURLOPT_HTTP_VERSION.html
    func preferHTTP2() throws(FetchError) { try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)) }

    /// Wait for a connection that can multiplex instead of opening another one.
    /// https://curl.se/libcurl/c/CURLOPT_PIPEWAIT.html
    func setPipeWait(_ wait: Bool) throws(FetchError) { try set(CURLOPT_PIPEWAIT, wait) }

    /// Verification is always on: peer certificate and host name.
    /// https://curl.se/libcurl/c/CURLOPT_SSL_VERIFYPEER.html
    /// https://curl.se/libcurl/c/CURLOPT_SSL_VERIFYHOST.html
    func verifyTLS(extraAuthorities: String?) throws(FetchError) {
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let extraAuthorities { try set(CURLOPT_CAINFO, extraAuthorities) }
    }

    /// Collect certificate details (for the expiry date). https://curl.se/libcurl/c/CURLOPT_CERTINFO.html
    func setCertificateInfo(_ collect: Bool) throws(FetchError) { try set(CURLOPT_CERTINFO, collect) }

    /// Ignore `http_proxy` and friends from the environment: the address policy must judge the
    /// server itself, not a proxy. https://curl.se/libcurl/c/CURLOPT_PROXY.html
    func disableProxy() throws(FetchError) { try set(CURLOPT_PROXY, "") }

    /// https://curl.se/libcurl/c/CURLOPT_SHARE.html
    func setShare(_ share: UnsafeMutableRawPointer?) throws(FetchError) {
        try set(CURLOPT_SHARE, pointer: share)
    }

    /// https://curl.se/libcurl/c/CURLOPT_ERRORBUFFER.html
    func installErrorBuffer() throws(FetchError) {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
    }

    /// Routes the body, the header lines and socket creation through `sink`.
    /// https://curl.se/libcurl/c/CURLOPT_WRITEFUNCTION.html
    /// https://curl.se/libcurl/c/CURLOPT_HEADERFUNCTION.html
    /// https://curl.se/libcurl/c/CURLOPT_OPENSOCKETFUNCTION.html
    func installCallbacks() throws(FetchError) {
        try check(presskit_easy_setopt_write_callback(raw, CURLOPT_WRITEFUNCTION, TransferSink.onBody),
                  option: CURLOPT_WRITEFUNCTION)
        try check(presskit_easy_setopt_write_callback(raw, CURLOPT_HEADERFUNCTION, TransferSink.onHeader),
                  option: CURLOPT_HEADERFUNCTION)
        try check(presskit_easy_setopt_opensocket_callback(raw, CURLOPT_OPENSOCKETFUNCTION, TransferSink.onOpenSocket),
                  option: CURLOPT_OPENSOCKETFUNCTION)
        try pointCallbacks()
    }

    /// The callbacks' data: the current `sink`, unretained (the handle retains it).
    /// https://curl.se/libcurl/c/CURLOPT_WRITEDATA.html
    private func pointCallbacks() throws(FetchError) {
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try set(CURLOPT_WRITEDATA, pointer: context)
        try set(CURLOPT_HEADERDATA, pointer: context)
        try set(CURLOPT_OPENSOCKETDATA, pointer: context)
    }
}
