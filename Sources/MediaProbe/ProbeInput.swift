/// The bytes of one file that the caller has fetched so far: the head, and any later ranges the
/// probe asked for. Probing is stateless: each `probe` re-reads the file from its start over all
/// ranges given, so a second round needs no memory of the first beyond this value.
public struct ProbeInput: Sendable {
    /// Fetched ranges, sorted by offset, merged where they touch or overlap.
    private(set) var ranges: [(offset: Int64, bytes: [UInt8])] = []
    /// The file's full size when known (Content-Range or Content-Length); nil when not.
    public var totalSize: Int64?
    /// The server's Content-Type, a hint for formats without a magic number (HTML, some MP3).
    public var contentType: String?

    /// The first bytes of the file (offset 0), however many were fetched.
    public init(head: [UInt8], totalSize: Int64? = nil, contentType: String? = nil) {
        self.totalSize = totalSize.flatMap { $0 >= 0 ? $0 : nil }
        self.contentType = contentType
        add(head, at: 0)
    }

    /// Adds bytes fetched at `offset` (e.g. the range a `.needMore` asked for).
    public mutating func add(_ bytes: [UInt8], at offset: Int64) {
        guard !bytes.isEmpty, offset >= 0, Int64(bytes.count) <= Int64.max - offset else { return }
        ranges.append((offset, bytes))
        ranges.sort { $0.offset < $1.offset }
        var merged: [(offset: Int64, bytes: [UInt8])] = []
        for range in ranges {
            if let last = merged.last, range.offset <= last.offset + Int64(last.bytes.count) {
                let lastEnd = last.offset + Int64(last.bytes.count)
                let end = range.offset + Int64(range.bytes.count)
                if end > lastEnd {
                    merged[merged.count - 1].bytes.append(contentsOf: range.bytes[Int(lastEnd - range.offset)...])
                }
            } else {
                merged.append(range)
            }
        }
        ranges = merged
    }

    /// The bytes from `offset` for at most `maxCount` bytes, as far as they run without a gap;
    /// nil when the byte at `offset` has not been fetched.
    func view(at offset: Int64, maxCount: Int64 = .max) -> ByteView? {
        guard offset >= 0, maxCount > 0 else { return nil }
        for range in ranges where offset >= range.offset && offset < range.offset + Int64(range.bytes.count) {
            let start = Int(offset - range.offset)
            let available = range.bytes.count - start
            let count = maxCount < Int64(available) ? Int(maxCount) : available
            return ByteView(range.bytes, start: start, count: count, fileOffset: offset)
        }
        return nil
    }

    /// The fetched bytes at the start of the file (empty if none).
    var head: ByteView { view(at: 0) ?? ByteView([], start: 0, count: 0, fileOffset: 0) }

    /// Whether every byte of `range` has been fetched.
    func covers(_ range: ClosedRange<Int64>) -> Bool {
        guard let view = view(at: range.lowerBound) else { return false }
        return range.upperBound < view.fileOffset + Int64(view.count)
    }

    /// Whether the file may hold bytes at `offset` that have not been fetched: true when the size is
    /// unknown, false at or past the end.
    func mayHaveBytes(at offset: Int64) -> Bool {
        guard let totalSize else { return true }
        return offset < totalSize
    }

    /// An inclusive range of `length` bytes from `offset`, clipped to the file's end when known.
    func range(from offset: Int64, length: Int64) -> ClosedRange<Int64> {
        var upper = offset.addingReportingOverflow(max(length, 1) - 1).overflow ? Int64.max : offset + max(length, 1) - 1
        if let totalSize, totalSize > offset { upper = min(upper, totalSize - 1) }
        return offset...upper
    }
}
