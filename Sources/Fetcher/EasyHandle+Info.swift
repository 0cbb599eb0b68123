import CCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading what libcurl measured about a finished request (https://curl.se/libcurl/c/curl_easy_getinfo.html).
/// A value libcurl cannot give reads as `nil` or zero: these are facts to record, not failures.
extension EasyHandle {
    func long(_ info: CURLINFO) -> Int? {
        var value = 0
        return presskit_easy_getinfo_long(raw, info, &value) == CURLE_OK ? value : nil
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard presskit_easy_getinfo_string(raw, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    func microseconds(_ info: CURLINFO) -> Duration {
        var value: curl_off_t = 0
        guard presskit_easy_getinfo_off_t(raw, info, &value) == CURLE_OK else { return .zero }
        return .microseconds(value)
    }

    /// https://curl.se/libcurl/c/CURLINFO_RESPONSE_CODE.html — 0 when no response arrived.
    var responseCode: Int? { long(CURLINFO_RESPONSE_CODE).flatMap { $0 > 0 ? $0 : nil } }

    /// The redirect target libcurl would have followed, already resolved against the request URL.
    /// https://curl.se/libcurl/c/CURLINFO_REDIRECT_URL.html
    var redirectURL: String? { string(CURLINFO_REDIRECT_URL) }

    /// https://curl.se/libcurl/c/CURLINFO_PRIMARY_IP.html
    var primaryIP: String? { string(CURLINFO_PRIMARY_IP).flatMap { $0.isEmpty ? nil : $0 } }

    /// https://curl.se/libcurl/c/CURLINFO_CONTENT_TYPE.html
    var contentType: String? { string(CURLINFO_CONTENT_TYPE) }

    /// https://curl.se/libcurl/c/CURLINFO_HTTP_VERSION.html
    var httpVersion: String? {
        switch long(CURLINFO_HTTP_VERSION) {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: nil
        }
    }

    /// The `_T` timings. https://curl.se/libcurl/c/CURLINFO_TOTAL_TIME_T.html and its siblings.
    var timings: FetchTimings {
        FetchTimings(
            nameLookup: microseconds(CURLINFO_NAMELOOKUP_TIME_T),
            connect: microseconds(CURLINFO_CONNECT_TIME_T),
            tlsHandshake: microseconds(CURLINFO_APPCONNECT_TIME_T),
            firstByte: microseconds(CURLINFO_STARTTRANSFER_TIME_T),
            total: microseconds(CURLINFO_TOTAL_TIME_T))
    }

    /// The leaf certificate's "Expire date" from CURLINFO_CERTINFO (needs CURLOPT_CERTINFO).
    /// Empty when the connection was reused: libcurl reports certificates at handshake only.
    /// https://curl.se/libcurl/c/CURLINFO_CERTINFO.html
    var certificateExpiry: Date? {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard presskit_easy_getinfo_certinfo(raw, CURLINFO_CERTINFO, &info) == CURLE_OK,
              let info, info.pointee.num_of_certs > 0, let lists = info.pointee.certinfo
        else { return nil }
        var entry = lists[0]
        while let node = entry {
            if let text = node.pointee.data.map({ String(cString: $0) }), text.hasPrefix("Expire date:"),
               let seconds = HTTPDate.parseCertificateTime(String(text.dropFirst("Expire date:".count))) {
                return Date(timeIntervalSince1970: seconds)
            }
            entry = node.pointee.next
        }
        return nil
    }
}
