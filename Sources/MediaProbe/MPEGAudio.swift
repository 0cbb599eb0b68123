/// MP3 and its kin: MPEG-1 (ISO/IEC 11172-3 §2.4.1.3) and MPEG-2/2.5 (ISO/IEC 13818-3) audio frames,
/// behind any ID3v2 tags (id3.org "ID3 tag version 2.4.0 – Main Structure" §3.1).
///
/// Duration comes from the first frame: a Xing/Info header (LAME) or a VBRI header (Fraunhofer)
/// counts the frames of a variable-bitrate file; otherwise it is the audio bytes over the mean
/// bitrate of the frames fetched — exact for constant bitrate, an estimate for a VBR stream
/// without a header (whose first frame alone may be off by a factor of three).
enum MPEGAudioParser {
    /// Frames whose bitrates are averaged at most: 4,096 frames is well over a minute of audio.
    private static let maxAveragedFrames = 4_096
    /// Bytes after the tags searched for the first frame: encoders may leave a little junk there.
    private static let syncSearch = 8 * 1024
    private static let maxTags = 8
    private static let request: Int64 = 16 * 1024

    static func recognises(_ head: ByteView, declaredAudio: Bool) -> Bool {
        if head.matches("ID3") { return true }
        guard let first = FrameHeader(head, at: 0) else { return false }
        // Two frames in a row, or one when the server says so: a lone sync word is common in other data.
        if let second = FrameHeader(head, at: first.length) { return second.matches(first) }
        return declaredAudio
    }

    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        // ID3v2: "ID3", version, flags, then a 28-bit syncsafe size not counting the 10-byte header
        // or the 10-byte footer that flag 0x10 announces (§3.1, §3.4). Tags may follow each other.
        var offset: Int64 = 0
        for _ in 0..<maxTags {
            guard let tag = input.view(at: offset, maxCount: 10), tag.matches("ID3") else { break }
            guard tag.count == 10, let flags = tag[5], let size = syncsafe(tag, at: 6) else {
                return needMore(input, from: offset)
            }
            offset += 10 + Int64(size) + (flags & 0x10 != 0 ? 10 : 0)
        }
        guard let window = input.view(at: offset, maxCount: Int64(syncSearch) + 4096), window.count >= 4 else {
            return needMore(input, from: offset)
        }
        var position = 0
        while position < min(window.count, syncSearch) {
            if let frame = FrameHeader(window, at: position) {
                let next = FrameHeader(window, at: position + frame.length)
                let windowEnd = offset + Int64(window.count)
                if !window.contains(position + frame.length, 4) && input.mayHaveBytes(at: windowEnd) && window.count < syncSearch {
                    // The first frame (with its Xing/VBRI header) or the one after it is cut short.
                    return needMore(input, from: windowEnd)
                }
                // Accept a frame followed by a matching one, or the last frame of the file.
                if next?.matches(frame) == true || !window.contains(position + frame.length, 4) {
                    let frameStart = offset + Int64(position)
                    return .properties(properties(frame, in: window.slice(position, window.count) ?? window, at: frameStart, input: input))
                }
            }
            position += 1
        }
        if window.count < syncSearch && input.mayHaveBytes(at: offset + Int64(window.count)) {
            return needMore(input, from: offset + Int64(window.count))
        }
        return .unknown(reason: "no MPEG audio frame after \(offset) bytes of ID3 tags")
    }

    private static func properties(_ frame: FrameHeader, in bytes: ByteView, at frameStart: Int64, input: ProbeInput) -> MediaProperties {
        var properties = MediaProperties(
            format: frame.layer == 3 ? "MP3" : "MPEG audio", audioCodec: ["MP1", "MP2", "MP3"][frame.layer - 1],
            sampleRate: frame.sampleRate, channels: frame.channels)
        let samplesPerSecond = Double(frame.sampleRate)
        if let frames = vbrFrameCount(frame, in: bytes), frames > 0 {
            properties.duration = Double(frames) * Double(frame.samplesPerFrame) / samplesPerSecond
        } else if let total = input.totalSize, total > frameStart {
            // Audio bytes × 8 / bits per second (an ID3v1 tag's 128 bytes at the end are within a
            // rounding error of a second at 1 kbit/s and below). Every frame lasts as long as the
            // next, so the mean of their bitrates is the stream's.
            let frames = input.view(at: frameStart) ?? bytes
            properties.duration = Double(total - frameStart) * 8 / meanBitrate(from: frame, in: frames)
        }
        return properties
    }

    /// The mean bitrate of the consecutive frames of the stream `first` opens that `bytes` hold.
    private static func meanBitrate(from first: FrameHeader, in bytes: ByteView) -> Double {
        var total = 0
        var count = 0
        var position = 0
        while count < maxAveragedFrames, let frame = FrameHeader(bytes, at: position), frame.matches(first) {
            total += frame.bitrate
            count += 1
            position += frame.length  // At least 4 (FrameHeader refuses shorter frames): the loop ends.
        }
        return count > 0 ? Double(total) / Double(count) : Double(first.bitrate)
    }

    /// The frame count of a Xing/Info header (after the side information, §2.4.1.7 sizes) or a
    /// VBRI header (32 bytes after the frame header), when present.
    private static func vbrFrameCount(_ frame: FrameHeader, in bytes: ByteView) -> UInt32? {
        let sideInformation = frame.isMPEG1 ? (frame.channels == 1 ? 17 : 32) : (frame.channels == 1 ? 9 : 17)
        let xing = 4 + sideInformation
        if bytes.matches("Xing", at: xing) || bytes.matches("Info", at: xing) {
            // Flags: bit 0 says the frame count follows.
            guard let flags = bytes.uint32BE(xing + 4), flags & 1 != 0 else { return nil }
            return bytes.uint32BE(xing + 8)
        }
        if bytes.matches("VBRI", at: 36) {
            // VBRI: version, delay, quality (2 bytes each), bytes (4), frames (4).
            return bytes.uint32BE(36 + 14)
        }
        return nil
    }

    private static func syncsafe(_ view: ByteView, at offset: Int) -> Int? {
        guard let bytes = view.bytes(offset, 4), bytes.allSatisfy({ $0 & 0x80 == 0 }) else { return nil }
        return bytes.reduce(0) { $0 << 7 | Int($1) }
    }

    private static func needMore(_ input: ProbeInput, from offset: Int64) -> ProbeOutcome {
        let fetchedEnd = input.view(at: offset).map { offset + Int64($0.count) } ?? offset
        return .needMore(range: input.range(from: fetchedEnd, length: request), partial: nil)
    }
}

/// One MPEG audio frame header (ISO/IEC 11172-3 §2.4.2.3): 11 sync bits, version, layer,
/// protection, bitrate index, sampling frequency index, padding, private, mode, and more.
struct FrameHeader {
    let isMPEG1: Bool
    let layer: Int
    /// Bits per second.
    let bitrate: Int
    let sampleRate: Int
    let channels: Int
    let samplesPerFrame: Int
    /// Whole frame in bytes, header included.
    let length: Int

    /// Kilobits per second by [MPEG-1, MPEG-2/2.5][layer − 1][index]; index 0 (free format) and 15
    /// (forbidden) are refused.
    private static let bitrates: [[[Int]]] = [
        [[0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
         [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
         [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]],
        [[0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
         [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
         [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]],
    ]
    private static let sampleRates = [44_100, 48_000, 32_000]

    init?(_ view: ByteView, at offset: Int) {
        guard let word = view.uint32BE(offset), word & 0xFFE0_0000 == 0xFFE0_0000 else { return nil }
        let version = (word >> 19) & 3  // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        let layerBits = (word >> 17) & 3  // 1: Layer III, 2: Layer II, 3: Layer I
        let bitrateIndex = Int((word >> 12) & 0xF)
        let rateIndex = Int((word >> 10) & 3)
        guard version != 1, layerBits != 0, (1...14).contains(bitrateIndex), rateIndex != 3 else { return nil }
        isMPEG1 = version == 3
        layer = 4 - Int(layerBits)
        bitrate = Self.bitrates[isMPEG1 ? 0 : 1][layer - 1][bitrateIndex] * 1000
        sampleRate = Self.sampleRates[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2)
        channels = (word >> 6) & 3 == 3 ? 1 : 2
        let padding = Int((word >> 9) & 1)
        switch layer {
        case 1:
            samplesPerFrame = 384
            length = (12 * bitrate / sampleRate + padding) * 4
        case 2:
            samplesPerFrame = 1152
            length = 144 * bitrate / sampleRate + padding
        default:
            samplesPerFrame = isMPEG1 ? 1152 : 576
            length = samplesPerFrame / 8 * bitrate / sampleRate + padding
        }
        guard length >= 4 else { return nil }
    }

    /// Whether another frame belongs to the same stream: same version, layer and sample rate.
    func matches(_ other: FrameHeader) -> Bool {
        isMPEG1 == other.isMPEG1 && layer == other.layer && sampleRate == other.sampleRate
    }
}
