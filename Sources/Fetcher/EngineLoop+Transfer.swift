import CCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Building an easy handle for one request of a check, and reading its response back.
extension EngineLoop {
    /// A handle for the next request of `check`: a reused one or a new one. Options that are the same
    /// for every request of the engine are set when a handle is made (`configure`); every option that
    /// varies is set here for every request, to its default when the request does not use it, so
    /// nothing leaks from one request into the next. A handle whose receive buffer must change size
    /// is reset in full first (see `EasyHandle.bufferSize`).
    func makeHandle(for check: Check) throws(FetchError) -> EasyHandle {
        let probeRange = check.probe?.range
        let maxBodyBytes = probeRange.map { Int($0.upperBound - $0.lowerBound + 1) } ?? configuration.maxBodyBytes
        // A bounded GET of a link to be probed keeps all it reads: the probe starts from those bytes.
        let keptBodyBytes = probeRange != nil || check.request.probe != .off ? maxBodyBytes : configuration.keptBodyBytes
        let sink = TransferSink(
            maxBodyBytes: maxBodyBytes, keptBodyBytes: keptBodyBytes,
            addressPolicy: AddressPolicy(allowPrivateAddresses: configuration.allowPrivateAddresses))
        sink.download = check.download
        // Larger reads than libcurl's 16 KiB default for downloads: fewer callbacks, writes and hash
        // updates per megabyte. https://curl.se/libcurl/c/CURLOPT_BUFFERSIZE.html
        let bufferSize = check.download != nil ? 256 * 1_024 : nil
        let handle: EasyHandle
        if let idle = idleHandles.popLast() {
            if idle.bufferSize == bufferSize {
                try idle.reuse(sink: sink)
            } else {
                idle.reset(sink: sink)
                try configure(idle)
            }
            handle = idle
        } else {
            handle = try EasyHandle(sink: sink)
            try configure(handle)
        }
        if let bufferSize, handle.bufferSize != bufferSize {
            try handle.set(CURLOPT_BUFFERSIZE, bufferSize)
            handle.bufferSize = bufferSize
        }
        let isHTTPS = check.url.scheme == "https"
        try handle.setCertificateInfo(isHTTPS)
        // Waiting for a connection to learn whether it multiplexes only pays where it can (https,
        // HTTP/2 by ALPN); on plain http it held every request to a host behind a stalled first one.
        try handle.setPipeWait(isHTTPS)
        try handle.setURL(check.url.text)
        // No request outlives the link's deadline (set as its first request starts, which is now
        // for a first request).
        let left = check.deadline.map { $0 - ContinuousClock.now } ?? configuration.linkDeadline
        try handle.setConnectTimeout(min(configuration.connectTimeout, left))
        try handle.setTotalTimeout(min(configuration.totalTimeout, left))

        // The request itself: method, range, encoding and extra headers, each set every time.
        var noBody = false
        var range: String?
        var acceptEncoding: String?
        var headers: [EasyHandle.HeaderField] = []
        func conditional(_ request: FetchRequest) {
            if let etag = request.ifNoneMatch { headers.append(EasyHandle.HeaderField(name: "If-None-Match", value: etag)) }
            if let date = request.ifModifiedSince { headers.append(EasyHandle.HeaderField(name: "If-Modified-Since", value: date)) }
        }
        if let download = check.download {
            // A download: a GET of the whole file in identity encoding (the bytes stored are the
            // file's), the rest asked for with Range + If-Range when bytes are kept from before, else
            // conditional on the validators the caller gave (a 304 keeps the archived copy).
            if let resume = download.resumeHeaders {
                range = resume.range
                headers = [EasyHandle.HeaderField(name: "If-Range", value: resume.ifRange)]
            } else {
                conditional(check.request)
            }
        } else if let probeRange {
            // Identity encoding: the offsets of a range are offsets in the file itself.
            range = "\(probeRange.lowerBound)-\(probeRange.upperBound)"
        } else {
            switch check.method {
            case .head:
                // No Accept-Encoding on HEAD: the Content-Length then is the file's own size.
                noBody = true
            case .rangedGet:
                range = "0-\(max(configuration.maxBodyBytes, 1) - 1)"
                acceptEncoding = ""
            }
            // A probe asked of every link (`check --probe`) needs the file, not a 304 that says it is unchanged.
            if check.request.probe != .always { conditional(check.request) }
        }
        try handle.setNoBody(noBody)
        try handle.setRange(range)
        try handle.setAcceptEncoding(acceptEncoding)
        try handle.setHeaders(headers)
        return handle
    }

    /// The options every request of this engine shares, set once per handle (and again after a full
    /// reset).
    private func configure(_ handle: EasyHandle) throws(FetchError) {
        try handle.setNoSignal()
        try handle.restrictProtocolsToHTTP()
        try handle.setFollowLocation(false)
        try handle.disableProxy()
        try handle.verifyTLS(extraAuthorities: configuration.certificateAuthorityFile)
        try handle.preferHTTP2()
        try handle.setShare(share)
        try handle.installErrorBuffer()
        try handle.installCallbacks()
        try handle.setUserAgent(configuration.userAgent)
        try handle.setLowSpeed(bytesPerSecond: configuration.lowSpeedLimit, seconds: configuration.lowSpeedTime)
    }

    /// Reads everything worth recording off a finished handle.
    /// `isHTTPS`: the request's scheme (redirects are followed hop by hop, so it is the URL requested).
    func makeResponse(_ handle: EasyHandle, code: CURLcode, host: String, isHTTPS: Bool) -> HopResponse {
        let sink = handle.sink
        var curlCode = Int(code.rawValue)
        // Our write callback stopping at the byte bound is how a GET is meant to end.
        if sink.stoppedAtBodyLimit, code == CURLE_WRITE_ERROR { curlCode = 0 }
        var expiry: Date?
        if isHTTPS {
            expiry = handle.certificateExpiry
            if let expiry {
                certificateExpiries[host] = expiry
            } else if curlCode == 0 {
                // A reused or multiplexed connection reports no certificate; the handshake that made
                // it did, and is either cached or (an HTTP/2 stream finishing first) still running.
                expiry = certificateExpiries[host] ?? handshakeExpiry(host: host)
                if let expiry { certificateExpiries[host] = expiry }
            }
        }
        return HopResponse(
            curlCode: curlCode,
            curlMessage: curlCode == 0 ? "" : handle.errorMessage(for: code),
            blockedReason: curlCode == 0 ? nil : sink.blockedReason,
            status: handle.responseCode,
            headers: sink.headers,
            redirectURL: handle.redirectURL,
            contentType: handle.contentType,
            httpVersion: handle.httpVersion,
            remoteIP: handle.primaryIP,
            timings: handle.timings,
            certificateExpiry: expiry,
            bodyBytesRead: sink.bodyBytesRead,
            bodyPrefix: sink.bodyPrefix,
            stoppedAtBodyLimit: sink.stoppedAtBodyLimit,
            stoppedAtHeaderLimit: sink.stoppedAtHeaderLimit)
    }
}
