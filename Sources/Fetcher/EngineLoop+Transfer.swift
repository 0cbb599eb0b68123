import CCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Building an easy handle for one request of a check, and reading its response back.
extension EngineLoop {
    /// A handle for the next request of `check`: a reused one, reset, or a new one. Every option,
    /// every time: a reset handle holds only libcurl's defaults, so nothing leaks between requests.
    func makeHandle(for check: Check) throws(FetchError) -> EasyHandle {
        let probeRange = check.probe?.range
        let maxBodyBytes = probeRange.map { Int($0.upperBound - $0.lowerBound + 1) } ?? configuration.maxBodyBytes
        // A bounded GET of a link to be probed keeps all it reads: the probe starts from those bytes.
        let keptBodyBytes = probeRange != nil || check.request.probe != .off ? maxBodyBytes : configuration.keptBodyBytes
        let sink = TransferSink(
            maxBodyBytes: maxBodyBytes, keptBodyBytes: keptBodyBytes,
            addressPolicy: AddressPolicy(allowPrivateAddresses: configuration.allowPrivateAddresses))
        sink.download = check.download
        let handle: EasyHandle
        if let idle = idleHandles.popLast() {
            idle.reset(sink: sink)
            handle = idle
        } else {
            handle = try EasyHandle(sink: sink)
        }
        try handle.setNoSignal()
        try handle.restrictProtocolsToHTTP()
        try handle.setFollowLocation(false)
        try handle.disableProxy()
        try handle.verifyTLS(extraAuthorities: configuration.certificateAuthorityFile)
        try handle.setCertificateInfo(check.url.scheme == "https")
        try handle.preferHTTP2()
        // Waiting for a connection to learn whether it multiplexes only pays where it can (https,
        // HTTP/2 by ALPN); on plain http it held every request to a host behind a stalled first one.
        if check.url.scheme == "https" { try handle.setPipeWait() }
        try handle.setShare(share)
        try handle.installErrorBuffer()
        try handle.installCallbacks()
        try handle.setURL(check.url.text)
        try handle.setUserAgent(configuration.userAgent)
        // No request outlives the link's deadline (set as its first request starts, which is now
        // for a first request).
        let left = check.deadline.map { $0 - ContinuousClock.now } ?? configuration.linkDeadline
        try handle.setConnectTimeout(min(configuration.connectTimeout, left))
        try handle.setTotalTimeout(min(configuration.totalTimeout, left))
        try handle.setLowSpeed(bytesPerSecond: configuration.lowSpeedLimit, seconds: configuration.lowSpeedTime)
        if let download = check.download {
            try configureDownload(handle, download, request: check.request)
            return handle
        }
        if let probeRange {
            // Identity encoding: the offsets of a range are offsets in the file itself.
            try handle.setNoBody(false)
            try handle.setRange("\(probeRange.lowerBound)-\(probeRange.upperBound)")
            try handle.setAcceptEncoding(nil)
            return handle
        }
        switch check.method {
        case .head:
            try handle.setNoBody(true)
            // No Accept-Encoding on HEAD: the Content-Length then is the file's own size.
            try handle.setAcceptEncoding(nil)
        case .rangedGet:
            try handle.setNoBody(false)
            try handle.setRange("0-\(max(configuration.maxBodyBytes, 1) - 1)")
            try handle.setAcceptEncoding("")
        }
        var headers: [String] = []
        // A probe asked of every link (`check --probe`) needs the file, not a 304 that says it is unchanged.
        guard check.request.probe != .always else { return handle }
        if let etag = check.request.ifNoneMatch { headers.append("If-None-Match: \(etag)") }
        if let date = check.request.ifModifiedSince { headers.append("If-Modified-Since: \(date)") }
        if !headers.isEmpty { try handle.setHeaders(headers) }
        return handle
    }

    /// A download: a GET of the whole file in identity encoding (the bytes stored are the file's),
    /// the rest asked for with Range + If-Range when bytes are kept from before, else conditional on
    /// the validators the caller gave (a 304 keeps the archived copy).
    private func configureDownload(_ handle: EasyHandle, _ download: DownloadWriter, request: FetchRequest) throws(FetchError) {
        try handle.setNoBody(false)
        try handle.setAcceptEncoding(nil)
        // Larger reads than libcurl's 16 KiB default: fewer callbacks, writes and hash updates per
        // megabyte. https://curl.se/libcurl/c/CURLOPT_BUFFERSIZE.html
        try handle.set(CURLOPT_BUFFERSIZE, 256 * 1_024)
        if let resume = download.resumeHeaders {
            try handle.setRange(resume.range)
            try handle.setHeaders([resume.ifRange])
            return
        }
        var headers: [String] = []
        if let etag = request.ifNoneMatch { headers.append("If-None-Match: \(etag)") }
        if let date = request.ifModifiedSince { headers.append("If-Modified-Since: \(date)") }
        if !headers.isEmpty { try handle.setHeaders(headers) }
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
