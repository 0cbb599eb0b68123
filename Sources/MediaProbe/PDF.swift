/// PDF page count (ISO 32000-1): from the linearization dictionary in the first bytes (Annex F.2.2,
/// `/N` is the number of pages), else from the root of the page tree (§7.7.3.2: a `/Type /Pages`
/// dictionary without `/Parent`, whose `/Count` is the number of pages), which many writers put
/// near the end of the file; failing both, through the cross-reference table (PDF+CrossReference).
/// A page tree inside a compressed object stream (§7.5.7) is not read: that needs Flate decoding,
/// so the answer is "unknown" rather than a guess.
enum PDFParser {
    /// The tail requested when the head holds no page tree: where the trailer and, with most
    /// writers, the page tree root sit.
    private static let tailRequest: Int64 = 64 * 1024
    /// The tail requested to see whether the trailer names an earlier section (an update).
    private static let trailerRequest: Int64 = 4096
    /// How far around a `/Type /Pages` the enclosing object is looked for.
    private static let objectReach = 4096
    /// Page-tree nodes examined at most, the last ones in the file.
    private static let maxCandidates = 64

    /// The header "%PDF-" may follow up to 1,024 bytes of junk (§7.5.2 and Annex H implementation notes).
    static func recognises(_ head: ByteView) -> Bool {
        head.slice(0, 1024).map { find(Array("%PDF-".utf8), in: $0.all) != nil } ?? false
    }

    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        let head = input.head.all
        if let pages = linearizedPageCount(head, totalSize: input.totalSize) {
            return found(pages)
        }
        let headCount = rootPageCount(head)
        guard let total = input.totalSize, total > Int64(head.count) else {
            if let headCount { return found(headCount) }
            guard input.totalSize != nil else {
                return .unknown(reason: "PDF page count not in its first bytes, and the file's size is unknown (so is where its end is)")
            }
            return crossReference(input, tail: input.head, fallback: nil)  // The whole file is here.
        }
        if let headCount {
            // An incremental update (§7.5.6) appends a newer page tree after this one; its trailer,
            // in the last bytes, then names the section before it (/Prev).
            let tail: ByteView
            switch fetchedTail(input, total: total, length: trailerRequest) {
            case .success(let view): tail = view
            case .failure(let request): return request.outcome
            }
            let trailer = findLast(Array("trailer".utf8), in: tail.all).map { tail.all[$0...] } ?? tail.all
            if find(Array("/Prev".utf8), in: trailer) == nil { return found(headCount) }
            return crossReference(input, tail: tail, fallback: headCount)
        }
        let tail: ByteView
        switch fetchedTail(input, total: total, length: tailRequest) {
        case .success(let view): tail = view
        case .failure(let request): return request.outcome
        }
        if let count = rootPageCount(tail.all) { return found(count) }
        // Neither end holds the page tree root: the cross-reference table says where it is.
        return crossReference(input, tail: tail, fallback: nil)
    }

    private static func found(_ pages: Int) -> ProbeOutcome {
        .properties(MediaProperties(format: "PDF", pageCount: pages))
    }

    /// A request for the bytes at the end of the file the probe lacks, as an error to carry it.
    private struct Request: Error {
        let range: ClosedRange<Int64>
        var outcome: ProbeOutcome { .needMore(range: range, partial: MediaProperties(format: "PDF")) }
    }

    /// The file's last `length` bytes, when every one of them is here (the head's among them when
    /// they reach that far: fetched ranges that touch are one).
    private static func fetchedTail(_ input: ProbeInput, total: Int64, length: Int64) -> Result<ByteView, Request> {
        let start = max(0, total - length)
        let view = input.view(at: start)
        let end = start + Int64(view?.count ?? 0)
        if let view, end >= total { return .success(view) }
        return .failure(Request(range: input.range(from: end, length: total - end)))
    }

    /// The page count through the cross-reference table; `fallback` (the page tree root in the first
    /// bytes) when the table cannot be read, as that root is then the best the file shows.
    private static func crossReference(_ input: ProbeInput, tail: ByteView, fallback: Int?) -> ProbeOutcome {
        do {
            return found(try PDFCrossReference.pageCount(input, tail: tail))
        } catch {
            switch error {
            case .needMore(let range): return .needMore(range: range, partial: MediaProperties(format: "PDF"))
            case .unknown(let reason): return fallback.map(found) ?? .unknown(reason: reason)
            }
        }
    }

    /// `/N` of a `/Linearized` dictionary, which must be the first object of the file. Its `/L` is
    /// the file's length: when the file is longer, it was updated since (incrementally, so perhaps its
    /// pages too) and Annex F.2.2 says to ignore the dictionary.
    static func linearizedPageCount(_ bytes: ArraySlice<UInt8>, totalSize: Int64?) -> Int? {
        let window = bytes.prefix(2048)
        guard let key = find(Array("/Linearized".utf8), in: window) else { return nil }
        let dictionary = window[key...]
        let end = find(Array(">>".utf8), in: dictionary) ?? dictionary.endIndex
        let entries = dictionary[..<min(end + 2, dictionary.endIndex)]  // with ">>" to end the numbers
        if let totalSize, let length = integer(after: "/L", in: entries), Int64(length) != totalSize { return nil }
        return integer(after: "/N", in: entries)
    }

    /// The `/Count` of the last page-tree root in `bytes` (incremental updates append newer
    /// versions of an object after older ones, §7.5.6).
    static func rootPageCount(_ bytes: ArraySlice<UInt8>) -> Int? {
        var candidates: [(type: Int, after: Int)] = []
        var searchFrom = bytes.startIndex
        let typeKey = Array("/Type".utf8)
        // Every step moves past one `/Type`, so the loop ends within bytes.count / 5 steps.
        while let type = find(typeKey, in: bytes[searchFrom...]) {
            searchFrom = type + typeKey.count
            var value = searchFrom
            while value < bytes.endIndex, isWhitespace(bytes[value]) { value += 1 }
            guard bytes[value...].starts(with: "/Pages".utf8) else { continue }
            let after = value + 6
            if after < bytes.endIndex, !isDelimiter(bytes[after]) { continue }
            candidates.append((type, after))
            // Only the last few matter; keeping a bounded number bounds the work below.
            if candidates.count > maxCandidates { candidates.removeFirst(candidates.count / 2) }
        }
        for (type, after) in candidates.reversed() {
            // The enclosing object: from the last `obj` before to the first `endobj` after.
            let before = bytes[max(bytes.startIndex, type - objectReach)..<type]
            let objectStart = findLast(Array("obj".utf8), in: before).map { $0 + 3 } ?? before.startIndex
            let rest = bytes[after..<min(bytes.endIndex, after + objectReach)]
            let objectEnd = find(Array("endobj".utf8), in: rest) ?? rest.endIndex
            let object = bytes[objectStart..<objectEnd]
            if find(Array("/Parent".utf8), in: object) == nil, let count = integer(after: "/Count", in: object) {
                return count
            }
        }
        return nil
    }

    /// The non-negative integer after `key` (and white space) in `bytes`, if one is there.
    static func integer(after key: String, in bytes: ArraySlice<UInt8>) -> Int? {
        let keyBytes = Array(key.utf8)
        var searchFrom = bytes.startIndex
        while let found = find(keyBytes, in: bytes[searchFrom...]) {
            searchFrom = found + keyBytes.count
            guard searchFrom < bytes.endIndex, isDelimiter(bytes[searchFrom]) else { continue }
            var position = searchFrom
            while position < bytes.endIndex, isWhitespace(bytes[position]) { position += 1 }
            var value = 0
            var digits = 0
            while position < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]), digits < 9 {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                digits += 1
                position += 1
            }
            // A number running into the end of the bytes may be cut short ("/Count 1" of "/Count 12").
            if digits > 0 && position < bytes.endIndex { return value }
        }
        return nil
    }

    /// §7.2.2: white-space characters.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    /// §7.2.2: white space or a delimiter ends a name.
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"): true
        default: isWhitespace(byte)
        }
    }
}
