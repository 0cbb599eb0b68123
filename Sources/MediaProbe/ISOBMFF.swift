/// MP4, MOV and M4A: the ISO base media file format (ISO/IEC 14496-12) and QuickTime, its ancestor.
///
/// The file is a sequence of top-level boxes (§4.2); the properties live in the `moov` box, which
/// sits either before the media data (`mdat`) or after it. The top-level walk reads only box
/// headers, so it needs the bytes of `moov` and of each header before it — nothing of `mdat`.
enum ISOBMFFParser {
    /// Top-level box types that can open a file. `wide`, `free` and `mdat` first occur in QuickTime
    /// files written without `ftyp`.
    private static let openingBoxes: Set<String> = ["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot"]
    /// Most top-level boxes a walk reads before giving up: real files have fewer than ten.
    private static let maxTopLevelBoxes = 1_000
    /// What to ask for when the file size is unknown and the next box header is missing.
    private static let unknownSizeRequest: Int64 = 64 * 1024
    /// The most of a `moov` asked for at once: all of a movie's up to some minutes long (under 128
    /// KiB), the first tracks' headers of a longer one, whose sample tables are then skipped.
    private static let wholeMovieRequest: Int64 = 128 * 1024
    /// What to ask for at the start of a track, or of a box header, inside a large `moov`.
    private static let trackRequest: Int64 = 16 * 1024

    /// The range to ask for when the bytes at `offset` are missing: to the end of the file when its
    /// size is known (a `moov` after `mdat` is normally the last box) up to `wholeMovieRequest`,
    /// else a fixed amount.
    private static func nextRequest(_ input: ProbeInput, from offset: Int64) -> ClosedRange<Int64> {
        if let total = input.totalSize, total > offset { return input.range(from: offset, length: min(total - offset, wholeMovieRequest)) }
        return input.range(from: offset, length: unknownSizeRequest)
    }

    static func recognises(_ head: ByteView) -> Bool {
        guard let type = head.fourCC(4), openingBoxes.contains(type), let size = head.uint32BE(0) else { return false }
        return size == 0 || size == 1 || size >= 8
    }

    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        var offset: Int64 = 0
        var brand: FileBrand = .quickTime  // No `ftyp`: a QuickTime file from before ISO BMFF.
        for _ in 0..<maxTopLevelBoxes {
            if let total = input.totalSize, offset >= total {
                if offset > total {
                    return .unknown(reason: "truncated MP4/MOV: its last box runs past the end of the file and no moov came before it")
                }
                break
            }
            guard let view = input.view(at: offset, maxCount: 16) else {
                return .needMore(range: nextRequest(input, from: offset), partial: brand.properties)
            }
            guard let header = BoxHeader(view, at: 0) else {
                let fetchedEnd = offset + Int64(view.count)
                if view.count < 16 && input.mayHaveBytes(at: fetchedEnd) {
                    return .needMore(range: nextRequest(input, from: fetchedEnd), partial: brand.properties)
                }
                return .unknown(reason: "malformed MP4/MOV: invalid box header at byte \(offset)")
            }
            let boxSize: Int64
            if let declared = header.size {
                boxSize = declared
            } else if let total = input.totalSize {
                boxSize = total - offset  // Size 0: the box runs to the end of the file (§4.2).
            } else {
                // Size 0 and no known file size: the bytes we hold are all we can assume.
                boxSize = Int64(input.view(at: offset)?.count ?? view.count)
            }
            switch header.type {
            case "ftyp":
                guard let box = input.view(at: offset, maxCount: min(boxSize, 4096)) else { break }
                brand = FileBrand(ftypPayload: box.slice(header.headerSize, box.count) ?? box)
                if case .unsupported(let name) = brand {
                    return .unknown(reason: "\(name) is an ISO BMFF image, which presskit does not probe yet")
                }
            case "moov":
                let (movie, needed) = MovieBox.read(input, at: offset, size: boxSize, headerSize: header.headerSize)
                var properties = movie.properties
                properties.format = brand.formatName
                if let needed {
                    // Part of `moov` is here: ask for the rest if it is small, else for what comes next.
                    let rest = offset + boxSize - needed
                    return .needMore(range: input.range(from: needed, length: rest <= wholeMovieRequest ? rest : trackRequest), partial: properties)
                }
                guard movie.hasTracks || properties.duration != nil else {
                    return .unknown(reason: "malformed MP4/MOV: the moov box holds no tracks")
                }
                return .properties(properties)
            case "mdat" where header.size == nil:
                return .unknown(reason: "MP4/MOV whose media data runs to the end of the file without a moov box before it")
            default:
                break
            }
            let (next, overflow) = offset.addingReportingOverflow(boxSize)
            guard !overflow, boxSize >= Int64(header.headerSize), boxSize > 0 else {
                return .unknown(reason: "malformed MP4/MOV: box '\(header.type)' at byte \(offset) claims an impossible size")
            }
            offset = next
        }
        return .unknown(reason: "MP4/MOV without a moov box (is it a fragment or still being written?)")
    }
}

/// A box header (§4.2): 32-bit size and type, a 64-bit `largesize` when size is 1, to the end of
/// the enclosing space when size is 0, and 16 more bytes of user type for `uuid`.
struct BoxHeader {
    let type: String
    /// Bytes before the payload: 8, 16 with `largesize`, 16 more for `uuid`.
    let headerSize: Int
    /// Whole box size including the header; nil when it runs to the end of its container or file.
    let size: Int64?

    init?(_ view: ByteView, at offset: Int) {
        guard let size32 = view.uint32BE(offset), let type = view.fourCC(offset + 4) else { return nil }
        var headerSize = 8
        var size: Int64?
        switch size32 {
        case 0:
            size = nil
        case 1:
            guard let large = view.uint64BE(offset + 8), let large = Int64(exactly: large) else { return nil }
            headerSize = 16
            size = large
        default:
            size = Int64(size32)
        }
        if type == "uuid" { headerSize += 16 }
        if let size, size < Int64(headerSize) { return nil }
        self.type = type
        self.headerSize = headerSize
        self.size = size
    }

    /// Calls `body` with the type and payload of each box in `container`, payloads clipped to the
    /// bytes present so that a truncated `moov` still yields the boxes it holds whole. Stops at the
    /// first malformed header; every step advances at least 8 bytes, so the walk ends.
    static func forEach(in container: ByteView, maxBoxes: Int = 10_000, _ body: (String, ByteView) -> Void) {
        var offset = 0
        var visited = 0
        while visited < maxBoxes, container.contains(offset, 8), let header = BoxHeader(container, at: offset) {
            visited += 1
            let length = header.size.flatMap { Int(exactly: $0) } ?? (container.count - offset)
            if let payload = container.slice(offset + header.headerSize, length - header.headerSize) {
                body(header.type, payload)
            }
            guard let next = adding(offset, length), next > offset else { return }
            offset = next
        }
    }
}

/// What `ftyp` says the file is (§4.3): the major brand, and compatible brands for QuickTime.
enum FileBrand {
    case mp4, quickTime, m4a, threeGP
    case unsupported(String)

    init(ftypPayload payload: ByteView) {
        let major = payload.fourCC(0) ?? ""
        var brands = [major]
        var offset = 8
        while brands.count < 64, let compatible = payload.fourCC(offset) {
            brands.append(compatible)
            offset += 4
        }
        switch major {
        case "qt  ": self = .quickTime
        case "M4A ", "M4B ", "M4P ", "F4A ": self = .m4a
        case _ where major.hasPrefix("3g"): self = .threeGP
        case "heic", "heix", "mif1", "msf1", "avif", "avis": self = .unsupported(major == "avif" || major == "avis" ? "AVIF" : "HEIF")
        default: self = brands.contains("qt  ") && !brands.contains("isom") ? .quickTime : .mp4
        }
    }

    var formatName: String {
        switch self {
        case .mp4: "MP4"
        case .quickTime: "MOV"
        case .m4a: "M4A"
        case .threeGP: "3GP"
        case .unsupported(let name): name
        }
    }

    var properties: MediaProperties { MediaProperties(format: formatName) }
}
