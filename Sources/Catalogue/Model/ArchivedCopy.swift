import Foundation

/// The press office's own copy of the file behind one URL, as `presskit archive` stored it: the
/// file lives in the archive's content-addressed store under its SHA-256 (PressKit's `ArchiveStore`),
/// and this row says which bytes a URL served and what its validators were then.
///
/// One copy per URL; several URLs serving the same bytes share one stored file.
public struct ArchivedCopy: Sendable, Equatable, Hashable {
    /// The URL as written in the catalogue (not where redirects ended).
    public var url: String
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    /// The file's size in bytes.
    public var size: Int64
    public var contentType: String?
    /// The validators the server sent with those bytes: the next archive asks with them
    /// (`If-None-Match`, `If-Modified-Since`), and a check compares against them.
    public var etag: String?
    public var lastModified: String?
    /// When these bytes were downloaded ("archived DATE").
    public var fetchedAt: Date

    public init(url: String, sha256: String, size: Int64, contentType: String? = nil, etag: String? = nil,
                lastModified: String? = nil, fetchedAt: Date) {
        self.url = url
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
        self.fetchedAt = fetchedAt
    }
}
