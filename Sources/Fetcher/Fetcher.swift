import CCurl

/// The libcurl version presskit runs on, e.g. "7.88.1".
public var libcurlVersion: String { String(cString: presskit_curl_version_info().pointee.version) }
