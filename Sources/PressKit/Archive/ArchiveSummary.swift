import Catalogue
import Foundation

/// What one link came to in an archive run.
public struct ArchiveItem: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Downloaded and stored for the first time.
        case archived
        /// The server's file changed since the copy: the new one is stored.
        case replaced
        /// The validators say the file is the copy already held (304).
        case unchanged
        /// Not downloaded: the link does not work, or a limit or the policy's kinds leave it out.
        case skipped
        /// The download did not complete (what arrived is kept to resume from, when it can be).
        case failed
    }

    public var url: String
    public var status: Status
    public var reason: String?
    /// The copy held after the run, if any.
    public var copy: ArchivedCopy?
    /// Bytes kept from an earlier, interrupted download.
    public var resumedFrom: Int64 = 0
    /// "already stored" when identical bytes were in the store already (from another URL).
    public var stored: String?
    /// Whether it counts as a problem (exit 1): not for kinds the policy does not archive.
    public var counts = true

    public init(url: String, status: Status, reason: String? = nil, copy: ArchivedCopy? = nil, counts: Bool = true) {
        self.url = url
        self.status = status
        self.reason = reason
        self.copy = copy
        self.counts = counts
    }

    public var isProblem: Bool { counts && (status == .skipped || status == .failed) }
}

/// The outcome of `presskit archive`, for its text and JSON reports.
public struct ArchiveSummary: Sendable {
    public var archiveDirectory: String
    public var items: [ArchiveItem] = []
    /// Links downloads were attempted for.
    public var planned = 0
    /// Bytes written this run (resumed prefixes not counted).
    public var downloadedBytes: Int64 = 0
    /// What the store holds after the run, each file once.
    public var storeBytes: Int64 = 0
    public var elapsed: Duration = .zero

    public init(archiveDirectory: String) {
        self.archiveDirectory = archiveDirectory
    }

    mutating func add(_ item: ArchiveItem) { items.append(item) }

    mutating func sort() { items.sort { $0.url.utf8.lexicographicallyPrecedes($1.url.utf8) } }

    public func count(_ status: ArchiveItem.Status) -> Int { items.filter { $0.status == status }.count }

    /// Links that could not be archived (exit 1).
    public var problems: Int { items.filter(\.isProblem).count }

    static func day(_ date: Date) -> String { String(Timestamp.text(date).prefix(10)) }

    /// For people: one line per link that was not simply kept, then the totals.
    public func text() -> String {
        var out = ""
        for item in items where item.status != .unchanged {
            let reason = item.reason.map { ": \($0)" } ?? ""
            var what = ""
            if let copy = item.copy, item.status == .archived || item.status == .replaced {
                what = " sha256 \(copy.sha256.prefix(12))…, \(ByteSize.text(copy.size))"
                if item.resumedFrom > 0 { what += ", resumed at \(ByteSize.text(item.resumedFrom))" }
                if let stored = item.stored { what += ", \(stored)" }
            }
            out += "\(item.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(PlainTextEscaping.oneLine(item.url))\(what)\(PlainTextEscaping.oneLine(reason))\n"
        }
        let counts = ArchiveItem.Status.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
        out += "\(items.count) link\(items.count == 1 ? "" : "s"): \(counts). Downloaded \(ByteSize.text(downloadedBytes)); "
            + "the archive holds \(ByteSize.text(storeBytes)) in \(archiveDirectory).\n"
        return out
    }

    /// For programs: `presskit.archive/1` (README.md, "presskit archive"), keys sorted, links in URL
    /// order, written as every other report is (`JSONText`).
    public func json() -> String {
        JSONText.encode(Document(summary: self))
    }

    private struct Document: Encodable {
        let schema = "presskit.archive/1"
        var archiveDirectory: String
        var counts: [String: Int]
        var downloadedBytes: Int64
        var storeBytes: Int64
        var links: [Link]

        struct Link: Encodable {
            var url: String
            var status: String
            var reason: String?
            var sha256: String?
            var size: Int64?
            var archivedAt: String?
            var contentType: String?
            var resumedFrom: Int64?

            enum CodingKeys: String, CodingKey {
                case url, status, reason, sha256, size, archivedAt = "archived_at", contentType = "content_type"
                case resumedFrom = "resumed_from"
            }
        }

        enum CodingKeys: String, CodingKey {
            case schema, archiveDirectory = "archive_dir", counts, downloadedBytes = "downloaded_bytes"
            case storeBytes = "store_bytes", links
        }

        init(summary: ArchiveSummary) {
            archiveDirectory = summary.archiveDirectory
            counts = Dictionary(uniqueKeysWithValues: ArchiveItem.Status.allCases.map { ($0.rawValue, summary.count($0)) })
            downloadedBytes = summary.downloadedBytes
            storeBytes = summary.storeBytes
            links = summary.items.map { item in
                Link(url: item.url, status: item.status.rawValue, reason: item.reason, sha256: item.copy?.sha256,
                     size: item.copy?.size, archivedAt: item.copy.map { Timestamp.text($0.fetchedAt) },
                     contentType: item.copy?.contentType, resumedFrom: item.resumedFrom > 0 ? item.resumedFrom : nil)
            }
        }
    }
}

/// `presskit archive --format`.
public enum ArchiveFormat: String, CaseIterable, Sendable {
    case text, json
}
