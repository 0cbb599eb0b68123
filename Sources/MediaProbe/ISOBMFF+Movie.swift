/// The `moov` box (ISO/IEC 14496-12 §8.2.1) and the tracks in it.
///
/// The walk descends a fixed path — moov › trak › mdia › minf › stbl › stsd — rather than recursing
/// into any container, so its depth is bounded by the code, not by the file.
struct MovieBox {
    private var timescale: UInt32?
    private var movieDuration: UInt64?
    private var fragmentDuration: UInt64?
    private var tracks: [Track] = []
    /// More tracks than any press asset has; the rest are ignored.
    private static let maxTracks = 64

    init(_ payload: ByteView) {
        BoxHeader.forEach(in: payload) { type, box in read(type, box) }
    }

    private init() {}

    /// One child box of `moov`.
    private mutating func read(_ type: String, _ box: ByteView) {
        switch type {
        case "mvhd": readMovieHeader(box)
        case "trak" where tracks.count < Self.maxTracks: tracks.append(Track(box))
        case "mvex":
            // Fragmented MP4: `mvhd` often says 0 and the movie extends header holds the duration (§8.8.2).
            BoxHeader.forEach(in: box, maxBoxes: 64) { type, box in
                guard type == "mehd", let version = box[0] else { return }
                fragmentDuration = version == 1 ? box.uint64BE(4) : box.uint32BE(4).map(UInt64.init)
            }
        default: break
        }
    }

    var hasTracks: Bool { !tracks.isEmpty }

    /// Whether the movie header gave the duration and a video and a sound track all the probe reads
    /// of them: later boxes can change nothing it reports (a fragmented movie's `mvex`, after the
    /// tracks, matters only when `mvhd` has no duration).
    private var isReadEnough: Bool {
        guard let timescale, timescale > 0, let movieDuration, movieDuration > 0, movieDuration != .max else { return false }
        return tracks.contains { $0.handler == "vide" && $0.isReadEnough } && tracks.contains { $0.handler == "soun" && $0.isReadEnough }
    }

    /// Most children of `moov` walked: real files have a handful.
    private static let maxChildren = 1_000

    /// The `moov` box at `offset`, read from every range fetched so far rather than from one run of
    /// bytes: each child at the offset its predecessor's size gives, each track from its own first
    /// bytes. A long recording's sample tables (`stsz`, `ctts`, `stco`: about 0.9 MB for 20 minutes)
    /// then need not be fetched to reach the track after them. `needed` is the first offset of
    /// bytes still wanted — a child's header, or the rest of a track read only in part — if any.
    static func read(_ input: ProbeInput, at offset: Int64, size: Int64, headerSize: Int) -> (movie: MovieBox, needed: Int64?) {
        var movie = MovieBox()
        var needed: Int64?
        var position = offset + Int64(headerSize)
        let end = offset + size
        for _ in 0..<maxChildren where position < end && !movie.isReadEnough {
            guard let view = input.view(at: position, maxCount: end - position), let header = BoxHeader(view, at: 0) else {
                needed = needed ?? position
                break
            }
            let childSize = header.size ?? (end - position)
            guard childSize >= Int64(header.headerSize), let box = view.slice(header.headerSize, view.count) else { break }
            movie.read(header.type, box)
            // A header or a track cut short by the end of the bytes fetched: the rest is wanted, unless
            // the track has already given what the probe reads.
            let wanted = header.type == "mvhd" || header.type == "mvex" || (header.type == "trak" && movie.tracks.last?.isReadEnough == false)
            if Int64(view.count) < childSize, wanted {
                needed = needed ?? position + Int64(view.count)
            }
            guard position <= Int64.max - childSize else { break }
            position += childSize
        }
        return (movie, movie.isReadEnough ? nil : needed)
    }

    /// `mvhd` (§8.2.2): version 1 has 64-bit times and duration, version 0 32-bit ones.
    private mutating func readMovieHeader(_ box: ByteView) {
        guard let version = box[0] else { return }
        if version == 1 {
            timescale = box.uint32BE(20)
            movieDuration = box.uint64BE(24)
        } else {
            timescale = box.uint32BE(12)
            movieDuration = box.uint32BE(16).map { $0 == .max ? UInt64.max : UInt64($0) }
        }
    }

    var properties: MediaProperties {
        var properties = MediaProperties()
        if let timescale, timescale > 0 {
            // All ones means "unknown duration" (§8.2.2.3); 0 is what fragmented files write.
            let duration = [movieDuration, fragmentDuration].compactMap { $0 }.first { $0 > 0 && $0 != .max }
            properties.duration = duration.map { Double($0) / Double(timescale) }
        }
        if properties.duration == nil {
            properties.duration = tracks.compactMap(\.duration).max()
        }
        if let video = tracks.first(where: { $0.handler == "vide" && $0.codec != nil }) ?? tracks.first(where: { $0.handler == "vide" }) {
            properties.videoCodec = video.codec
            properties.width = video.displayedWidth
            properties.height = video.displayedHeight
            properties.frameRate = video.frameRate
        }
        if let audio = tracks.first(where: { $0.handler == "soun" }) {
            properties.audioCodec = audio.codec
            properties.sampleRate = audio.sampleRate
            properties.channels = audio.channels
        }
        return properties
    }
}

/// One `trak` (§8.3.1): its header, media header, handler, first sample entry and decoding times.
struct Track {
    var handler: String?
    var trackWidth: Double?
    var trackHeight: Double?
    var rotatedQuarterTurn = false
    var timescale: UInt32?
    var mediaDuration: UInt64?
    var sampleEntry: SampleEntry?
    var sampleCount: UInt64 = 0
    var sampleDeltaTotal: UInt64 = 0
    /// Whether `stsd`'s first entry and `stts` were whole in the bytes read.
    var sampleEntryIsWhole = false
    var timeToSampleIsWhole = false

    init(_ payload: ByteView) {
        BoxHeader.forEach(in: payload, maxBoxes: 256) { type, box in
            switch type {
            case "tkhd": readTrackHeader(box)
            case "mdia": readMedia(box)
            default: break
            }
        }
    }

    /// Whether the track has given what the probe reports of it: the sample entry, and for video
    /// the size and the frame timing; the sample tables after them are not read.
    var isReadEnough: Bool {
        switch handler {
        case "vide": sampleEntryIsWhole && timeToSampleIsWhole && trackWidth != nil && timescale != nil
        case "soun": sampleEntryIsWhole
        case nil: false
        default: true
        }
    }

    var codec: String? { sampleEntry?.codecName }
    var sampleRate: Int? { sampleEntry?.sampleRate }
    var channels: Int? { sampleEntry?.channels }

    var duration: Double? {
        guard let timescale, timescale > 0, let mediaDuration, mediaDuration > 0, mediaDuration != .max else { return nil }
        return Double(mediaDuration) / Double(timescale)
    }

    /// `tkhd` width and height are the presentation size (16.16 fixed point); the sample entry's are
    /// the coded size, used only when the track header says 0.
    var displayedWidth: Int? { displayed(swap: rotatedQuarterTurn) }
    var displayedHeight: Int? { displayed(swap: !rotatedQuarterTurn) }

    private func displayed(swap: Bool) -> Int? {
        let fromTrack = swap ? trackHeight : trackWidth
        if let fromTrack, fromTrack >= 1 { return Int(fromTrack.rounded()) }
        let fromEntry = swap ? sampleEntry?.height : sampleEntry?.width
        return fromEntry.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Frames per second from `stts` (§8.6.1.2): samples over the summed sample deltas in the media
    /// timescale of `mdhd`.
    var frameRate: Double? {
        guard let timescale, timescale > 0, sampleCount > 0, sampleDeltaTotal > 0 else { return nil }
        let rate = Double(sampleCount) * Double(timescale) / Double(sampleDeltaTotal)
        guard rate.isFinite, rate > 0, rate < 10_000 else { return nil }
        return (rate * 1000).rounded() / 1000
    }

    /// `tkhd` (§8.3.2). The matrix {a b u, c d v, x y w} with a = d = 0 is a quarter turn (90° or
    /// 270°): the picture is shown on its side, so width and height swap.
    private mutating func readTrackHeader(_ box: ByteView) {
        guard let version = box[0] else { return }
        let matrix = version == 1 ? 52 : 40
        let size = matrix + 36
        if let a = box.int32BE(matrix), let b = box.int32BE(matrix + 4),
           let c = box.int32BE(matrix + 12), let d = box.int32BE(matrix + 16) {
            rotatedQuarterTurn = a == 0 && d == 0 && b != 0 && c != 0
        }
        trackWidth = box.uint32BE(size).map { Double($0) / 65536 }
        trackHeight = box.uint32BE(size + 4).map { Double($0) / 65536 }
    }

    /// `mdia` (§8.4): `mdhd` for the timescale, `hdlr` for the kind of track, `minf › stbl` for samples.
    private mutating func readMedia(_ payload: ByteView) {
        BoxHeader.forEach(in: payload, maxBoxes: 256) { type, box in
            switch type {
            case "mdhd":
                // §8.4.2: like `mvhd`, 64-bit fields in version 1.
                guard let version = box[0] else { return }
                timescale = box.uint32BE(version == 1 ? 20 : 12)
                mediaDuration = version == 1 ? box.uint64BE(24) : box.uint32BE(16).map(UInt64.init)
            case "hdlr":
                handler = box.fourCC(8)  // §8.4.3: after version/flags and pre_defined.
            case "minf":
                BoxHeader.forEach(in: box, maxBoxes: 256) { type, box in
                    if type == "stbl" { readSampleTable(box) }
                }
            default: break
            }
        }
    }

    /// `stbl` (§8.5.1): the first entry of `stsd` names the codec; `stts` gives the frame timing.
    private mutating func readSampleTable(_ payload: ByteView) {
        BoxHeader.forEach(in: payload, maxBoxes: 256) { type, box in
            switch type {
            case "stsd":
                // §8.5.2: version/flags, entry_count, then sample entries as boxes; the first is enough.
                guard let entries = box.slice(8, box.count) else { return }
                var first: SampleEntry?
                BoxHeader.forEach(in: entries, maxBoxes: 1) { code, entry in first = SampleEntry(code: code, payload: entry) }
                sampleEntry = first
                if let header = BoxHeader(entries, at: 0), let size = header.size { sampleEntryIsWhole = size <= Int64(entries.count) }
            case "stts":
                readTimeToSample(box)
            default: break
            }
        }
    }

    /// `stts` (§8.6.1.2): entry_count pairs of (sample_count, sample_delta). The declared count is
    /// only trusted as far as the bytes present; sums saturate rather than overflow.
    private mutating func readTimeToSample(_ box: ByteView) {
        guard let declared = box.uint32BE(4) else { return }
        let entries = min(Int(declared), max(0, (box.count - 8) / 8))
        timeToSampleIsWhole = entries == Int(declared)
        for index in 0..<entries {
            guard let count = box.uint32BE(8 + index * 8), let delta = box.uint32BE(12 + index * 8) else { return }
            let (product, productOverflow) = UInt64(count).multipliedReportingOverflow(by: UInt64(delta))
            let (total, totalOverflow) = sampleDeltaTotal.addingReportingOverflow(product)
            guard !productOverflow, !totalOverflow else { return }
            sampleDeltaTotal = total
            sampleCount += UInt64(count)  // At most 2^32 entries of 2^32: no overflow in 64 bits.
        }
    }
}
