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

    /// For programs: `presskit.archive/1` (README.md, "presskit archive"), keys sorted, links in URL order.
    public func json() -> String {
        let links: [[String: JSONValue]] = items.map { item in
            var link: [String: JSONValue] = ["url": .string(item.url), "status": .string(item.status.rawValue)]
            if let reason = item.reason { link["reason"] = .string(reason) }
            if let copy = item.copy {
                link["sha256"] = .string(copy.sha256)
                link["size"] = .int(copy.size)
                link["archived_at"] = .string(Timestamp.text(copy.fetchedAt))
                if let type = copy.contentType { link["content_type"] = .string(type) }
            }
            if item.resumedFrom > 0 { link["resumed_from"] = .int(item.resumedFrom) }
            return link
        }
        var counts: [String: JSONValue] = [:]
        for status in ArchiveItem.Status.allCases { counts[status.rawValue] = .int(Int64(count(status))) }
        let document: [String: JSONValue] = [
            "schema": .string("presskit.archive/1"),
            "archive_dir": .string(archiveDirectory),
            "counts": .object(counts),
            "downloaded_bytes": .int(downloadedBytes),
            "store_bytes": .int(storeBytes),
            "links": .array(links.map(JSONValue.object)),
        ]
        return JSONValue.object(document).text + "\n"
    }
}

/// A small JSON value written with sorted keys and two-space indentation, as the other reports are.
enum JSONValue: Sendable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])

    var text: String {
        var out = ""
        write(to: &out, indent: "")
        return out
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .string(let text): out += Self.quoted(text)
        case .int(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .array(let values):
            guard !values.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, value) in values.enumerated() {
                out += indent + "  "
                value.write(to: &out, indent: indent + "  ")
                out += index == values.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{\n"
            let keys = fields.keys.sorted()
            for (index, key) in keys.enumerated() {
                out += indent + "  " + Self.quoted(key) + ": "
                fields[key]!.write(to: &out, indent: indent + "  ")
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// `presskit archive --format`.
public enum ArchiveFormat: String, CaseIterable, Sendable {
    case text, json
}
