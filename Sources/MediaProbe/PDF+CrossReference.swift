/// The page count by the book, for a PDF whose page tree root is neither in its first bytes nor in
/// its last: `startxref` names the newest cross-reference table (ISO 32000-1 §7.5.4–7.5.5), its
/// trailer the catalogue (`/Root`, §7.7.2), whose `/Pages` is the page tree root with the `/Count`
/// (§7.7.3.2). The table gives both objects' offsets, so the walk costs two small reads after the
/// tail, however large the file. Incremental updates (§7.5.6) are followed through `/Prev`.
///
/// Cross-reference streams (§7.5.8) and object streams (§7.5.7) are Flate-compressed: a file that
/// uses them is reported as such, not guessed at.
enum PDFCrossReference {
    /// Why the walk stopped before a page count: it needs bytes it lacks, or the file cannot say.
    enum Stop: Error {
        case needMore(ClosedRange<Int64>)
        case unknown(String)
    }

    /// Bytes asked for when an object or a table line is missing; objects are rarely longer.
    private static let request: Int64 = 4096
    /// The longest object read whole (a page tree root listing thousands of kids).
    private static let maxObject = 64 * 1024
    /// Cross-reference sections followed through `/Prev`, and subsections read in each.
    private static let maxSections = 16
    private static let maxSubsections = 4096

    /// One cross-reference section: where each subsection's entries start, and its trailer's keys.
    private struct Section {
        var subsections: [(first: Int, count: Int, entries: Int64)] = []
        var entryLength: Int64 = 20
        var root: Int?
        var previous: Int64?
        var hybrid = false
    }

    /// The page count, given the file's last bytes (`tail`, which hold `startxref`).
    static func pageCount(_ input: ProbeInput, tail: ByteView) throws(Stop) -> Int {
        guard let keyword = findLast(Array("startxref".utf8), in: tail.all),
              let start = PDFParser.integer(after: "startxref", in: tail.all[keyword...]) else {
            throw .unknown("PDF without startxref in its last bytes (damaged or cut short)")
        }
        var sections: [Section] = []
        var offset: Int64? = Int64(start)
        var visited: Set<Int64> = []
        while let next = offset, sections.count < maxSections, visited.insert(next).inserted {
            let section = try read(at: next, in: input)
            sections.append(section)
            offset = section.previous
        }
        guard let root = sections.lazy.compactMap(\.root).first else {
            throw .unknown("PDF whose trailer names no catalogue (/Root)")
        }
        let catalogue = try object(root, sections: sections, in: input)
        guard let pages = reference(after: "/Pages", in: catalogue) else {
            throw .unknown("PDF whose catalogue names no page tree")
        }
        let tree = try object(pages, sections: sections, in: input)
        guard let count = PDFParser.integer(after: "/Count", in: tree) else {
            throw .unknown("PDF whose page tree root has no /Count")
        }
        return count
    }

    /// The cross-reference section at `offset`: "xref", subsections of "first count" and fixed-length
    /// entries, then "trailer" and its dictionary.
    private static func read(at offset: Int64, in input: ProbeInput) throws(Stop) -> Section {
        guard try window(input, at: offset, count: 4).matches("xref") else {
            throw .unknown("PDF with a compressed cross-reference stream: its page count needs Flate decoding")
        }
        var section = Section()
        var position = offset + 4
        for _ in 0..<maxSubsections {
            let line = try window(input, at: position, count: 64)
            var index = skipWhitespace(line, from: 0)
            if line.matches("trailer", at: index) {
                let trailer = try window(input, at: position + Int64(index) + 7, until: "startxref", count: Int(request)).all
                let end = find(Array("startxref".utf8), in: trailer) ?? trailer.endIndex
                let dictionary = trailer[..<end]
                section.root = reference(after: "/Root", in: dictionary)
                section.previous = PDFParser.integer(after: "/Prev", in: dictionary).map(Int64.init)
                section.hybrid = find(Array("/XRefStm".utf8), in: dictionary) != nil
                return section
            }
            guard let (first, afterFirst) = number(line, at: index),
                  let (count, afterCount) = number(line, at: skipWhitespace(line, from: afterFirst)) else {
                throw .unknown("malformed PDF cross-reference table at byte \(position + Int64(index))")
            }
            index = skipWhitespace(line, from: afterCount)
            guard index < line.count || !input.mayHaveBytes(at: position + Int64(index)) else {
                throw .needMore(input.range(from: position + Int64(line.count), length: request))
            }
            let entries = position + Int64(index)
            if count > 0, section.subsections.isEmpty {
                // §7.5.4 says 20 bytes with a two-byte end of line; some writers end entries with one.
                let entry = try window(input, at: entries, count: 20)
                if entry[18] == 0x0A || (entry[18] == 0x0D && entry[19] != 0x0A) { section.entryLength = 19 }
            }
            section.subsections.append((first, count, entries))
            let (length, overflow) = Int64(count).multipliedReportingOverflow(by: section.entryLength)
            guard !overflow, entries <= Int64.max - length else {
                throw .unknown("malformed PDF cross-reference table at byte \(position)")
            }
            position = entries + length
        }
        throw .unknown("PDF cross-reference table with more than \(maxSubsections) subsections")
    }

    /// The bytes of object `number` from "obj" to "endobj", found through the newest section that lists it.
    private static func object(_ wanted: Int, sections: [Section], in input: ProbeInput) throws(Stop) -> ArraySlice<UInt8> {
        for section in sections {
            guard let subsection = section.subsections.first(where: { wanted >= $0.first && wanted - $0.first < $0.count }) else { continue }
            let entry = try window(input, at: subsection.entries + Int64(wanted - subsection.first) * section.entryLength, count: 18)
            // "oooooooooo ggggg n": a ten-digit offset, a five-digit generation, n (in use) or f (free).
            guard entry[17] == UInt8(ascii: "n"), let (offset, _) = number(entry, at: 0) else { break }
            var bytes = try window(input, at: Int64(offset), until: "endobj", count: Int(request)).all
            if find(Array("endobj".utf8), in: bytes) == nil, bytes.count == Int(request) {
                bytes = try window(input, at: Int64(offset), until: "endobj", count: maxObject).all
            }
            // The object must be the one the table says: "number generation obj".
            let start = ByteView(Array(bytes.prefix(32)))
            guard let (found, _) = number(start, at: skipWhitespace(start, from: 0)), found == wanted,
                  let body = find(Array("obj".utf8), in: bytes.prefix(32)) else {
                throw .unknown("PDF whose cross-reference table does not match its objects (damaged)")
            }
            let rest = bytes[(body + 3)...]
            return rest[..<(find(Array("endobj".utf8), in: rest) ?? rest.endIndex)]
        }
        if sections.contains(where: \.hybrid) {
            throw .unknown("PDF whose page tree is in a compressed object stream: its page count needs Flate decoding")
        }
        throw .unknown("PDF whose cross-reference table does not list object \(wanted)")
    }

    /// At least `count` bytes from `offset`, fewer only where the file ends; asks for them when missing.
    private static func window(_ input: ProbeInput, at offset: Int64, count: Int) throws(Stop) -> ByteView {
        guard offset >= 0, input.mayHaveBytes(at: offset) else {
            throw .unknown("PDF whose cross-reference points past the end of the file")
        }
        let view = input.view(at: offset, maxCount: Int64(count))
        let held = view?.count ?? 0
        if let view, held >= count || !input.mayHaveBytes(at: offset + Int64(held)) { return view }
        throw .needMore(input.range(from: offset + Int64(held), length: max(Int64(count - held), request)))
    }

    /// The bytes from `offset` through `marker` when they are here, else as `window` gives them: so a
    /// short object or trailer at the end of a fetched range costs no further request.
    private static func window(_ input: ProbeInput, at offset: Int64, until marker: String, count: Int) throws(Stop) -> ByteView {
        if let held = input.view(at: offset, maxCount: Int64(count)), find(Array(marker.utf8), in: held.all) != nil {
            return held
        }
        return try window(input, at: offset, count: count)
    }

    /// An indirect reference "number generation R" after `key`: the object number.
    static func reference(after key: String, in bytes: ArraySlice<UInt8>) -> Int? {
        guard let found = find(Array(key.utf8), in: bytes) else { return nil }
        let view = ByteView(Array(bytes[(found + key.utf8.count)...].prefix(40)))
        guard view[0].map(PDFParser.isDelimiter) == true,
              let (object, afterObject) = number(view, at: skipWhitespace(view, from: 0)),
              let (_, afterGeneration) = number(view, at: skipWhitespace(view, from: afterObject)),
              view[skipWhitespace(view, from: afterGeneration)] == UInt8(ascii: "R") else { return nil }
        return object
    }

    /// A run of at most 10 digits at `index` and the index after it.
    private static func number(_ view: ByteView, at index: Int) -> (Int, Int)? {
        var value = 0
        var position = index
        while position - index < 10, let byte = view[position], (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            position += 1
        }
        return position > index ? (value, position) : nil
    }

    private static func skipWhitespace(_ view: ByteView, from index: Int) -> Int {
        var position = index
        while let byte = view[position], PDFParser.isWhitespace(byte) { position += 1 }
        return position
    }
}
