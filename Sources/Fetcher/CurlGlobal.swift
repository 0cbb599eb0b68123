import CCurl
import Dispatch

/// libcurl's process-wide initialisation, done once before the first handle is made.
///
/// `curl_global_init` is not thread-safe against itself (https://curl.se/libcurl/c/curl_global_init.html);
/// a Swift global's lazy initialiser runs exactly once, guarded by the runtime (`swift_once`),
/// which makes it the natural place. It is never cleaned up: the process's exit does that.
let curlGlobalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

/// libcurl loaded and initialised on another thread while the caller does the rest of its start
/// (a check opens its database, takes its lock and counts its links meanwhile): loading libcurl
/// and the libraries it needs is about 5 ms that a check otherwise spends before its first request.
///
/// The process must not exit while that thread is inside `curl_global_init`: the TLS library's
/// exit handlers would run against its half-done initialisation. A load started and not awaited
/// crashed a check refused at once (SIGSEGV, 9 runs in 300). So whoever starts one waits for it
/// (`wait()`) on every way out of the work it overlaps, and before anything that may end the
/// process (its signal handling, its output).
public final class LibcurlPreload: Sendable {
    private let loaded = DispatchGroup()

    public init() {
        loaded.enter()
        DispatchQueue.global(qos: .userInitiated).async { [loaded] in
            _ = curlGlobalInit
            loaded.leave()
        }
    }

    /// Returns once libcurl is loaded and initialised (at once after that).
    public func wait() { loaded.wait() }
}

/// The libcurl version presskit runs on, e.g. "7.88.1".
public var libcurlVersion: String { String(cString: presskit_curl_version_info().pointee.version) }

/// Why the engine could not set up or drive libcurl. These are programming or environment errors
/// (an option this libcurl does not know, out of memory), never a verdict about a link.
public enum FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `curl_global_init` failed.
    case globalInit(code: Int)
    /// A handle could not be created (out of memory).
    case handleCreation(String)
    /// `curl_easy_setopt` refused an option; `option` is the CURLOPT number.
    case easyOption(option: Int, code: Int, message: String)
    /// `curl_multi_*` or `curl_share_*` failed.
    case multi(operation: String, code: Int, message: String)
    /// The engine was shut down before the request could run.
    case engineStopped

    public var description: String {
        switch self {
        case .globalInit(let code): "libcurl failed to initialise (code \(code))"
        case .handleCreation(let what): "libcurl could not create a \(what) handle"
        case .easyOption(let option, let code, let message): "libcurl refused option \(option): \(message) (\(code))"
        case .multi(let operation, let code, let message): "\(operation) failed: \(message) (\(code))"
        case .engineStopped: "the fetch engine was shut down"
        }
    }
}

/// Throws unless libcurl is initialised; call before creating any handle.
func ensureCurlInitialised() throws(FetchError) {
    let code = curlGlobalInit
    guard code == CURLE_OK else { throw .globalInit(code: Int(code.rawValue)) }
}

/// Throws the typed error for a failed `curl_easy_setopt`.
func check(_ code: CURLcode, option: CURLoption) throws(FetchError) {
    guard code != CURLE_OK else { return }
    throw .easyOption(option: Int(option.rawValue), code: Int(code.rawValue),
                      message: String(cString: curl_easy_strerror(code)))
}

/// Throws the typed error for a failed multi-handle call.
func check(_ code: CURLMcode, _ operation: String) throws(FetchError) {
    guard code != CURLM_OK else { return }
    throw .multi(operation: operation, code: Int(code.rawValue), message: String(cString: curl_multi_strerror(code)))
}
