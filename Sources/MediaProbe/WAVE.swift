/// WAV: RIFF/WAVE (Microsoft "Multimedia Programming Interface and Data Specifications 1.0",
/// WAVE chunks) and RF64 (EBU Tech 3306) for files past 4 GiB.
///
/// `fmt ` gives the channels, rate and bytes per second; the `data` chunk's size over the bytes per
/// second is the duration. Only chunk headers are read on the way, never the samples.
enum WAVEParser {
    private static let maxChunks = 1_000
    private static let chunkRequest: Int64 = 64 * 1024

    /// wFormatTag values (RFC 2361 and mmreg.h).
    private static let codecNames: [UInt16: String] = [
        0x0001: "PCM", 0x0003: "PCM", 0x0002: "MS ADPCM", 0x0011: "IMA ADPCM", 0x0006: "G.711 A-law",
        0x0007: "G.711 µ-law", 0x0050: "MP2", 0x0055: "MP3", 0x2000: "AC-3", 0x00FF: "AAC", 0x1610: "AAC",
    ]

    private struct Format {
        var codec: String
        var channels: Int
        var sampleRate: Int
        var bytesPerSecond: Int
    }

    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        let isRF64 = input.head.matches("RF64")
        var format: Format?
        var sixtyFourBitDataSize: UInt64?
        var factSamples: UInt32?
        var offset: Int64 = 12  // After "RIFF", the form size and "WAVE".
        for _ in 0..<maxChunks {
            guard let header = input.view(at: offset, maxCount: 8), header.count == 8,
                  let id = header.fourCC(0), let size = header.uint32LE(4) else {
                if !input.mayHaveBytes(at: offset) { break }
                let fetchedEnd = input.view(at: offset).map { offset + Int64($0.count) } ?? offset
                return .needMore(range: input.range(from: fetchedEnd, length: chunkRequest), partial: partial(format))
            }
            let payloadOffset = offset + 8
            if id == "fmt " || id == "ds64" || id == "fact" {
                let wanted = min(Int64(size), 40)
                guard let payload = input.view(at: payloadOffset, maxCount: wanted) ?? (wanted == 0 ? ByteView([]) : nil),
                      Int64(payload.count) == wanted else {
                    let fetchedEnd = input.view(at: payloadOffset).map { payloadOffset + Int64($0.count) } ?? payloadOffset
                    return .needMore(range: input.range(from: fetchedEnd, length: chunkRequest), partial: partial(format))
                }
                switch id {
                case "fmt ": format = readFormat(payload)
                case "ds64": sixtyFourBitDataSize = payload.uint64LE(8)  // riffSize, then dataSize (EBU 3306 §4).
                default: factSamples = payload.uint32LE(0)  // dwSampleLength: frames, for compressed data.
                }
            } else if id == "data" {
                guard let format else { return .unknown(reason: "malformed WAV: the data chunk comes before fmt") }
                var dataSize: UInt64? = UInt64(size)
                if isRF64 && size == .max { dataSize = sixtyFourBitDataSize }
                if size == 0 || (!isRF64 && size == .max) { dataSize = nil }  // Written while streaming.
                if let total = input.totalSize, total > payloadOffset {
                    let present = UInt64(total - payloadOffset)
                    dataSize = min(dataSize ?? present, present)
                }
                var properties = partial(format)
                if let factSamples, factSamples > 0, format.codec != "PCM" {
                    properties.duration = Double(factSamples) / Double(format.sampleRate)
                } else if let dataSize, format.bytesPerSecond > 0 {
                    properties.duration = Double(dataSize) / Double(format.bytesPerSecond)
                }
                return .properties(properties)
            }
            // Chunks are padded to an even length (RIFF §"Chunks").
            offset = payloadOffset + Int64(size) + Int64(size & 1)
        }
        if let format { return .properties(partial(format)) }
        return .unknown(reason: "malformed WAV: no fmt chunk")
    }

    /// WAVEFORMATEX: wFormatTag, nChannels, nSamplesPerSec, nAvgBytesPerSec, nBlockAlign,
    /// wBitsPerSample; WAVE_FORMAT_EXTENSIBLE (0xFFFE) names the real format in the first two
    /// bytes of its SubFormat GUID at 24.
    private static func readFormat(_ payload: ByteView) -> Format? {
        guard var tag = payload.uint16LE(0), let channels = payload.uint16LE(2), let rate = payload.uint32LE(4),
              let bytesPerSecond = payload.uint32LE(8), channels > 0, rate > 0 else { return nil }
        if tag == 0xFFFE, let subFormat = payload.uint16LE(24) { tag = subFormat }
        let codec = codecNames[tag] ?? "WAVE format 0x" + String(tag, radix: 16)
        return Format(codec: codec, channels: Int(channels), sampleRate: Int(rate), bytesPerSecond: Int(bytesPerSecond))
    }

    private static func partial(_ format: Format?) -> MediaProperties {
        MediaProperties(format: "WAV", audioCodec: format?.codec, sampleRate: format?.sampleRate, channels: format?.channels)
    }
}
