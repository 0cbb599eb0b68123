import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request whose body is kept: streamed to `partialPath` while its SHA-256 is computed, for the
/// archive. The engine knows nothing of the archive's store; it leaves a complete, fsynced file at
/// `partialPath` (closed, not yet fsynced: the caller does that off the engine's thread) and says what it holds (`FetchResult.download`), and the caller moves it into place.
///
/// Resuming: when `partialPath` already holds bytes and `resumeValidator` names the validator the
/// first response sent (a strong ETag, else its Last-Modified), the request asks for the rest with
/// `Range: bytes=N-` and `If-Range: <validator>` (RFC 9110 §13.1.5, §14.2). A `206` whose
/// Content-Range starts at N is appended to the file (its prefix hashed first); a `200` (the file
/// changed, or the server ignores ranges) starts over from byte 0. A cut connection retried within
/// the run resumes the same way, with the validator of the response that was cut.
public struct DownloadTarget: Sendable, Hashable {
    /// Where the body goes; created, appended to or truncated as the responses say.
    public var partialPath: String
    /// The If-Range validator for bytes already in `partialPath`; nil: any bytes there are dropped.
    public var resumeValidator: String?
    /// A body longer than this (declared, or counted while streaming) is refused: the transfer is
    /// cut and the outcome is `.tooLarge`.
    public var maxBytes: Int64
    /// Bytes written by every download sharing it, for a progress display.
    public var progress: DownloadProgress?
    /// Where the validator to resume with is written as soon as a response starts the file (and
    /// removed when it has none), so a process killed mid-download can resume next time.
    public var validatorPath: String?

    public init(partialPath: String, resumeValidator: String? = nil, maxBytes: Int64, progress: DownloadProgress? = nil) {
        self.partialPath = partialPath
        self.resumeValidator = resumeValidator
        self.maxBytes = maxBytes
        self.progress = progress
    }
}

/// A running count of bytes downloaded, shared by the engine thread (which adds) and whoever shows
/// progress (which reads). Compared by identity.
public final class DownloadProgress: Sendable, Hashable {
    private let bytes = Atomic<Int64>(0)

    public init() {}

    public var bytesWritten: Int64 { bytes.load(ordering: .relaxed) }

    func add(_ count: Int64) { bytes.add(count, ordering: .relaxed) }

    public static func == (lhs: DownloadProgress, rhs: DownloadProgress) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// What became of a download's body.
public struct DownloadOutcome: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// `partialPath` holds the whole body, closed but not fsynced: its SHA-256 (lowercase hex) and size.
        case complete(sha256: String, size: Int64)
        /// The server answered 304 to the conditional request: the file has not changed.
        case notModified
        /// The body is larger than `maxBytes` (`declared` when the server said so beforehand);
        /// the partial file was removed.
        case tooLarge(declared: Int64?)
        /// No usable body (an error status, a failure of the transfer, of the disk); the partial file
        /// keeps what arrived, to resume from next time, when `resumeValidator` is set.
        case incomplete(reason: String)
    }

    public var state: State
    /// Bytes of `partialPath` kept from before this request (a resume), 0 when it started over.
    public var resumedFrom: Int64
    /// The validator to resume this body with (strong ETag, else Last-Modified), if the server sent one.
    public var resumeValidator: String?
}
