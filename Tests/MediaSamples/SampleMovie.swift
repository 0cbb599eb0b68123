import MediaProbe

/// A minimal MP4 written box by box (ISO/IEC 14496-12): ftyp, mdat and moov with one H.264 video
/// track (1920×1080, 30000/1001 fps) and one AAC audio track (48 kHz stereo); 12.5 s long.
public struct SampleMovie: Sendable {
    public enum Layout: Sendable { case moovFirst, moovLast }
    public var layout: Layout = .moovFirst
    public var majorBrand = "isom"
    public var mvhdVersion: UInt8 = 0
    /// Quarter turns of the video track matrix: 1 (90°) and 3 (270°) swap width and height.
    public var quarterTurns = 0
    public var mediaBytes = 2_000
    /// Write `mdat` with a 64-bit largesize (size field 1).
    public var largeSizeMediaData = false
    public var videoCode = "avc1"
    /// The AudioSpecificConfig's channelConfiguration (ISO/IEC 14496-3 Table 1.19: 1–6 that many
    /// channels, 7 eight); the sample entry's channelcount says 2 whatever it is, as ffmpeg writes it.
    public var audioChannelConfiguration = 2
    /// Entries of the video track's sample size table (`stsz`, 4 bytes each): a long recording's
    /// tables put hundreds of kilobytes between the video track's header and the sound track.
    public var videoSampleSizes = 0

    public init(layout: Layout = .moovFirst, majorBrand: String = "isom", mvhdVersion: UInt8 = 0, quarterTurns: Int = 0,
                mediaBytes: Int = 2_000, largeSizeMediaData: Bool = false, videoCode: String = "avc1",
                audioChannelConfiguration: Int = 2, videoSampleSizes: Int = 0) {
        (self.layout, self.majorBrand, self.mvhdVersion, self.quarterTurns) = (layout, majorBrand, mvhdVersion, quarterTurns)
        (self.mediaBytes, self.largeSizeMediaData, self.videoCode) = (mediaBytes, largeSizeMediaData, videoCode)
        (self.audioChannelConfiguration, self.videoSampleSizes) = (audioChannelConfiguration, videoSampleSizes)
    }

    public static let expected = MediaProperties(
        format: "MP4", width: 1920, height: 1080, duration: 12.5, frameRate: 29.97, videoCodec: "H.264",
        audioCodec: "AAC", sampleRate: 48_000, channels: 2)

    public var bytes: [UInt8] {
        let ftyp = box("ftyp", Bytes.ascii(majorBrand) + Bytes.be32(0x200) + Bytes.ascii("isommp41"))
        let mdat: [UInt8]
        if largeSizeMediaData {
            mdat = Bytes.be32(1) + Bytes.ascii("mdat") + Bytes.be64(UInt64(16 + mediaBytes)) + Bytes.zeros(mediaBytes)
        } else {
            mdat = box("mdat", Bytes.zeros(mediaBytes))
        }
        return layout == .moovFirst ? ftyp + moov + mdat : ftyp + mdat + moov
    }

    /// Where `moov` starts in `bytes`.
    public var moovOffset: Int { layout == .moovFirst ? 24 : 24 + (largeSizeMediaData ? 16 : 8) + mediaBytes }

    public var moov: [UInt8] {
        box("moov", mvhd + videoTrack + audioTrack)
    }

    private var mvhd: [UInt8] {
        // §8.2.2: times, timescale 1000, duration 12,500, rate, volume, reserved, matrix, pre_defined, next_track_ID.
        let times = mvhdVersion == 1
            ? Bytes.zeros(16) + Bytes.be32(1000) + Bytes.be64(12_500)
            : Bytes.zeros(8) + Bytes.be32(1000) + Bytes.be32(12_500)
        let rest = Bytes.be32(0x10000) + Bytes.be16(0x100) + Bytes.zeros(10) + matrix(turns: 0) + Bytes.zeros(24) + Bytes.be32(3)
        return fullBox("mvhd", version: mvhdVersion, times + rest)
    }

    private var videoTrack: [UInt8] {
        let tkhd = fullBox("tkhd", flags: 3, Bytes.zeros(8) + Bytes.be32(1) + Bytes.zeros(4) + Bytes.be32(12_500)
            + Bytes.zeros(8) + Bytes.zeros(8) + matrix(turns: quarterTurns) + Bytes.be32(1920 << 16) + Bytes.be32(1080 << 16))
        // VisualSampleEntry §12.1.3: reserved, data_reference_index, pre_defined/reserved, width, height, resolutions,
        // reserved, frame_count, compressorname, depth, pre_defined.
        let entry = box(videoCode, Bytes.zeros(6) + Bytes.be16(1) + Bytes.zeros(16) + Bytes.be16(1920) + Bytes.be16(1080)
            + Bytes.be32(0x48_0000) + Bytes.be32(0x48_0000) + Bytes.zeros(4) + Bytes.be16(1) + Bytes.zeros(32)
            + Bytes.be16(0x18) + Bytes.be16(0xFFFF))
        // 375 frames of 1001 ticks at 30,000 ticks per second: 29.97 fps.
        let stts = fullBox("stts", Bytes.be32(1) + Bytes.be32(375) + Bytes.be32(1001))
        return track(tkhd: tkhd, timescale: 30_000, duration: 375_375, handler: "vide", entry: entry, extra: stts,
                     sampleSizes: videoSampleSizes)
    }

    private var audioTrack: [UInt8] {
        let tkhd = fullBox("tkhd", flags: 3, Bytes.zeros(8) + Bytes.be32(2) + Bytes.zeros(4) + Bytes.be32(12_500)
            + Bytes.zeros(8) + Bytes.be16(0) + Bytes.be16(1) + Bytes.be16(0x100) + Bytes.zeros(2) + matrix(turns: 0)
            + Bytes.be32(0) + Bytes.be32(0))
        // esds: ES_Descriptor (tag 3) › DecoderConfigDescriptor (tag 4) with objectTypeIndication 0x40 (AAC),
        // streamType, buffer size and bitrates, then DecoderSpecificInfo (tag 5): an AudioSpecificConfig
        // of AAC LC (object type 2, 5 bits), 48 kHz (index 3, 4 bits) and the channel configuration (4 bits).
        let audioSpecificConfig: [UInt8] = [0x11, UInt8((audioChannelConfiguration & 0xF) << 3)]
        let esds = fullBox("esds", [0x03, 0x80, 0x80, 0x80, 0x19] + Bytes.be16(1) + [0x00]
            + [0x04, 0x11, 0x40, 0x15] + Bytes.zeros(11) + [0x05, 0x02] + audioSpecificConfig + [0x06, 0x01, 0x02])
        // AudioSampleEntry §12.2.3: reserved, data_reference_index, reserved, channelcount, samplesize,
        // pre_defined, reserved, samplerate 16.16.
        let entry = box("mp4a", Bytes.zeros(6) + Bytes.be16(1) + Bytes.zeros(8) + Bytes.be16(2) + Bytes.be16(16)
            + Bytes.zeros(4) + Bytes.be32(48_000 << 16) + esds)
        return track(tkhd: tkhd, timescale: 48_000, duration: 600_000, handler: "soun", entry: entry, extra: [])
    }

    private func track(tkhd: [UInt8], timescale: Int, duration: Int, handler: String, entry: [UInt8], extra: [UInt8],
                       sampleSizes: Int = 0) -> [UInt8] {
        let mdhd = fullBox("mdhd", Bytes.zeros(8) + Bytes.be32(timescale) + Bytes.be32(duration) + Bytes.be16(0x55C4) + Bytes.zeros(2))
        let hdlr = fullBox("hdlr", Bytes.zeros(4) + Bytes.ascii(handler) + Bytes.zeros(12) + Bytes.ascii("presskit\0"))
        let stsd = fullBox("stsd", Bytes.be32(1) + entry)
        // stsz: sample_size 0 (sizes listed), sample_count, then one 32-bit size per sample.
        let stsz = fullBox("stsz", Bytes.zeros(4) + Bytes.be32(sampleSizes) + [UInt8](repeating: 0x11, count: 4 * sampleSizes))
        let stbl = box("stbl", stsd + extra + stsz + fullBox("stco", Bytes.zeros(4)))
        let minf = box("minf", box("dinf", []) + stbl)
        return box("trak", tkhd + box("mdia", mdhd + hdlr + minf))
    }

    /// The transformation matrix {a b u, c d v, x y w} of §8.2.2 / §8.3.2 for 0–3 quarter turns.
    private func matrix(turns: Int) -> [UInt8] {
        let one: Int32 = 0x10000
        let (a, b, c, d): (Int32, Int32, Int32, Int32) = switch turns % 4 {
        case 1: (0, one, -one, 0)
        case 2: (-one, 0, 0, -one)
        case 3: (0, -one, one, 0)
        default: (one, 0, 0, one)
        }
        return [a, b, 0, c, d, 0, 0, 0, 0x4000_0000].flatMap { Bytes.be32(signed: $0) }
    }
}

public func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
    Bytes.be32(8 + payload.count) + Bytes.ascii(type) + payload
}

public func fullBox(_ type: String, version: UInt8 = 0, flags: Int = 0, _ payload: [UInt8]) -> [UInt8] {
    box(type, [version] + Bytes.be24(flags) + payload)
}
