/// The first sample entry of a track's `stsd` (ISO/IEC 14496-12 §8.5.2, §12.1.3, §12.2.3): its
/// four-character code names the codec; visual entries carry the coded size, audio entries the
/// channel count and sample rate.
struct SampleEntry {
    let code: String
    var width: Int?
    var height: Int?
    var channels: Int?
    var sampleRate: Int?
    /// For `mp4a`: the MPEG-4 objectTypeIndication of the `esds` decoder config (ISO/IEC 14496-1 §7.2.6.6).
    var objectType: UInt8?
    /// For `mp4a` carrying MPEG-4 audio: the channels its AudioSpecificConfig announces, which
    /// outrank the sample entry's channelcount (ffmpeg, among others, writes 2 there in every MP4).
    var configuredChannels: Int?

    /// Sample-entry codes by codec. Codes not listed are shown as written.
    private static let codecNames: [String: String] = [
        "avc1": "H.264", "avc3": "H.264", "hvc1": "H.265", "hev1": "H.265", "dvh1": "H.265", "dvhe": "H.265",
        "av01": "AV1", "vp09": "VP9", "vp08": "VP8", "mp4v": "MPEG-4 Visual", "s263": "H.263", "jpeg": "Motion JPEG",
        "mjpa": "Motion JPEG", "apcn": "ProRes", "apch": "ProRes", "apcs": "ProRes", "apco": "ProRes",
        "ap4h": "ProRes", "ap4x": "ProRes", "dvh5": "DV", "dvc ": "DV", "dvcp": "DV",
        "mp4a": "AAC", "ac-3": "AC-3", "ec-3": "E-AC-3", "ac-4": "AC-4", "Opus": "Opus", "fLaC": "FLAC",
        "alac": "ALAC", ".mp3": "MP3", "samr": "AMR", "sawb": "AMR-WB", "lpcm": "PCM", "sowt": "PCM",
        "twos": "PCM", "in24": "PCM", "in32": "PCM", "fl32": "PCM", "fl64": "PCM", "raw ": "PCM", "ipcm": "PCM",
        "fpcm": "PCM", "ulaw": "G.711 µ-law", "alaw": "G.711 A-law",
    ]
    /// Entries whose layout is the visual one (§12.1.3); anything else with a `soun` handler is audio.
    private static let audioCodes: Set<String> = [
        "mp4a", "ac-3", "ec-3", "ac-4", "Opus", "fLaC", "alac", ".mp3", "samr", "sawb", "lpcm", "sowt", "twos",
        "in24", "in32", "fl32", "fl64", "raw ", "ipcm", "fpcm", "ulaw", "alaw", "enca",
    ]

    init(code: String, payload: ByteView) {
        self.code = code
        // Every sample entry opens with 6 reserved bytes and a 16-bit data_reference_index (§8.5.2.2).
        if Self.audioCodes.contains(code) {
            readAudio(payload)
        } else {
            // VisualSampleEntry: pre_defined, reserved, pre_defined[3], then width and height (§12.1.3.2).
            width = payload.uint16BE(24).map(Int.init)
            height = payload.uint16BE(26).map(Int.init)
        }
    }

    var codecName: String {
        if code == "mp4a", let objectType {
            switch objectType {
            case 0x69, 0x6B: return "MP3"  // MPEG-2 / MPEG-1 audio carried in MP4.
            case 0xA5: return "AC-3"
            case 0xA6: return "E-AC-3"
            case 0xDD: return "Vorbis"
            default: return "AAC"
            }
        }
        return Self.codecNames[code] ?? code.filter { $0 != " " }
    }

    /// AudioSampleEntry (§12.2.3): channelcount at 16, samplesize at 18, samplerate (16.16) at 24.
    /// QuickTime sound description version 2 keeps 3 / 0x10000 there and the real values later: the
    /// rate as a 64-bit float at 32 and the channel count at 40 (QuickTime File Format, "Sound
    /// Sample Description (Version 2)").
    private mutating func readAudio(_ payload: ByteView) {
        let quickTimeVersion = payload.uint16BE(8)
        if quickTimeVersion == 2, let bits = payload.uint64BE(32), let count = payload.uint32BE(40) {
            let rate = Double(bitPattern: bits)
            sampleRate = rate.isFinite && rate > 0 && rate < 10_000_000 ? Int(rate) : nil
            channels = count > 0 && count < 1024 ? Int(count) : nil
        } else {
            channels = payload.uint16BE(16).flatMap { $0 > 0 ? Int($0) : nil }
            sampleRate = payload.uint32BE(24).flatMap { $0 >> 16 > 0 ? Int($0 >> 16) : nil }
        }
        // Version 1 adds 16 bytes of sound-description fields before the child boxes.
        let children = quickTimeVersion == 1 ? 44 : quickTimeVersion == 2 ? 64 : 28
        guard code == "mp4a", let boxes = payload.slice(children, payload.count) else { return }
        BoxHeader.forEach(in: boxes, maxBoxes: 16) { type, box in
            if type == "esds" { readDecoderConfig(esds: box) }
            if type == "wave" {  // QuickTime nests `esds` in `wave`.
                BoxHeader.forEach(in: box, maxBoxes: 16) { type, box in
                    if type == "esds" { readDecoderConfig(esds: box) }
                }
            }
        }
        if let configuredChannels { channels = configuredChannels }
    }

    private mutating func readDecoderConfig(esds: ByteView) {
        let config = Self.decoderConfig(esds: esds)
        objectType = config.objectType
        configuredChannels = config.channels
    }

    /// The objectTypeIndication of an `esds` box — version/flags, then an ES_Descriptor (tag 3) whose
    /// DecoderConfigDescriptor (tag 4) starts with it (ISO/IEC 14496-1 §7.2.6.5–6) — and, for MPEG-4
    /// audio (0x40), the channels of the AudioSpecificConfig in its DecoderSpecificInfo (tag 5).
    static func decoderConfig(esds: ByteView) -> (objectType: UInt8?, channels: Int?) {
        var offset = 4
        guard esds[offset] == 0x03, let afterTag = descriptorPayloadStart(esds, tagAt: offset) else { return (nil, nil) }
        offset = afterTag + 2  // ES_ID
        guard let flags = esds[offset] else { return (nil, nil) }
        offset += 1
        if flags & 0x80 != 0 { offset += 2 }  // streamDependenceFlag: dependsOn_ES_ID
        if flags & 0x40 != 0 { offset += 1 + Int(esds[offset] ?? 0) }  // URL_Flag: URLlength, URLstring
        if flags & 0x20 != 0 { offset += 2 }  // OCRstreamFlag: OCR_ES_Id
        guard esds[offset] == 0x04, let config = descriptorPayloadStart(esds, tagAt: offset),
              let objectType = esds[config] else { return (nil, nil) }
        // objectTypeIndication, streamType, bufferSizeDB (3), maxBitrate (4), avgBitrate (4): 13 bytes.
        let specific = config + 13
        guard objectType == 0x40, esds[specific] == 0x05, let start = descriptorPayloadStart(esds, tagAt: specific),
              let audioConfig = esds.slice(start, 8) else { return (objectType, nil) }
        return (objectType, AudioSpecificConfig.channels(audioConfig))
    }

    /// Descriptor sizes are 1–4 bytes of 7 bits with a continuation bit (§8.3.3 expandable class).
    private static func descriptorPayloadStart(_ view: ByteView, tagAt offset: Int) -> Int? {
        var position = offset + 1
        for _ in 0..<4 {
            guard let byte = view[position] else { return nil }
            position += 1
            if byte & 0x80 == 0 { return position }
        }
        return nil
    }
}

/// The start of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1): audioObjectType (5 bits,
/// 31 escapes to 6 more), samplingFrequencyIndex (4 bits, 15 escapes to a 24-bit frequency), then
/// channelConfiguration (4 bits, Table 1.19).
enum AudioSpecificConfig {
    /// Channels by channelConfiguration; 0 means "in a program config element", left to the sample entry.
    private static let channelsByConfiguration: [Int: Int] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 8, 11: 7, 12: 8, 13: 24, 14: 8]
    /// Parametric stereo (HE-AAC v2) decodes a mono core to two channels.
    private static let parametricStereo = 29

    static func channels(_ config: ByteView) -> Int? {
        var reader = BitReader(config)
        guard var objectType = reader.read(5) else { return nil }
        if objectType == 31 {
            guard let extended = reader.read(6) else { return nil }
            objectType = 32 + extended
        }
        guard let frequencyIndex = reader.read(4) else { return nil }
        if frequencyIndex == 15, reader.read(24) == nil { return nil }
        guard let configuration = reader.read(4), let channels = channelsByConfiguration[configuration] else { return nil }
        return objectType == parametricStereo && channels == 1 ? 2 : channels
    }
}

/// Reads a window most significant bit first; nil past its end.
struct BitReader {
    private let view: ByteView
    private var position = 0

    init(_ view: ByteView) { self.view = view }

    mutating func read(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let byte = view[position >> 3] else { return nil }
            value = value << 1 | Int(byte >> (7 - UInt8(position & 7)) & 1)
            position += 1
        }
        return value
    }
}

