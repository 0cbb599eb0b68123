@testable import MediaProbe
import Testing

/// Every sample with the Content-Type a server would send, for tests that run over all of them.
struct Sample: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    let contentType: String
    var testDescription: String { name }

    static let all: [Sample] = [
        Sample(name: "mp4 moov first", bytes: SampleMovie(mediaBytes: 300).bytes, contentType: "video/mp4"),
        Sample(name: "mp4 moov last", bytes: SampleMovie(layout: .moovLast, mediaBytes: 300).bytes, contentType: "video/mp4"),
        Sample(name: "mov", bytes: SampleMovie(majorBrand: "qt  ", mvhdVersion: 1, quarterTurns: 1, mediaBytes: 100).bytes, contentType: "video/quicktime"),
        Sample(name: "jpeg", bytes: SampleFiles.jpeg(), contentType: "image/jpeg"),
        Sample(name: "jpeg big-endian exif", bytes: SampleFiles.jpeg(orientation: 5, bigEndianEXIF: true), contentType: "image/jpeg"),
        Sample(name: "png", bytes: SampleFiles.png, contentType: "image/png"),
        Sample(name: "gif", bytes: SampleFiles.gif, contentType: "image/gif"),
        Sample(name: "webp lossy", bytes: SampleFiles.webP(.lossy), contentType: "image/webp"),
        Sample(name: "webp lossless", bytes: SampleFiles.webP(.lossless), contentType: "image/webp"),
        Sample(name: "webp extended", bytes: SampleFiles.webP(.extended), contentType: "image/webp"),
        Sample(name: "wav", bytes: SampleFiles.wave(seconds: 1), contentType: "audio/wav"),
        Sample(name: "mp3 cbr", bytes: SampleFiles.mp3(frames: 6), contentType: "audio/mpeg"),
        Sample(name: "mp3 xing id3", bytes: SampleFiles.mp3(frames: 3, id3Bytes: 600, vbr: .xing), contentType: "audio/mpeg"),
        Sample(name: "mp3 vbri", bytes: SampleFiles.mp3(frames: 3, vbr: .vbri), contentType: "audio/mpeg"),
        Sample(name: "pdf", bytes: SampleFiles.pdf(pages: 12, filler: 300), contentType: "application/pdf"),
        Sample(name: "pdf linearized", bytes: SampleFiles.linearizedPDF(pages: 9), contentType: "application/pdf"),
        Sample(name: "html", bytes: SampleFiles.html, contentType: "text/html; charset=utf-8"),
    ]
}

/// What must hold of every outcome, whatever the input: a request for more bytes asks for bytes
/// the input lacks and the file may have; properties are plausible numbers.
func checkInvariants(_ outcome: ProbeOutcome, _ input: ProbeInput) -> String? {
    switch outcome {
    case .needMore(let range, _):
        if range.lowerBound < 0 { return "negative range \(range)" }
        if input.covers(range) { return "asks for bytes it has: \(range)" }
        if let total = input.totalSize, range.lowerBound >= total { return "asks past the end: \(range) of \(total)" }
    case .unknown(let reason):
        if reason.isEmpty { return "unknown without a reason" }
    case .properties:
        break
    }
    if let properties = outcome.properties {
        for value in [properties.width, properties.height, properties.sampleRate, properties.channels, properties.pageCount] {
            if let value, value < 0 { return "negative count in \(properties)" }
        }
        for value in [properties.duration, properties.frameRate] {
            if let value, !value.isFinite || value < 0 { return "bad number in \(properties)" }
        }
    }
    return nil
}

/// Plays a fetcher: probes, and while the probe asks for more, serves the asked range (at most
/// `budget` bytes of it) from `file`, for at most `rounds` rounds.
func probeLikeAFetcher(_ file: [UInt8], head: Int, contentType: String?, budget: Int = 64 * 1024, rounds: Int = 6) -> ProbeOutcome {
    var input = ProbeInput(head: Array(file.prefix(head)), totalSize: Int64(file.count), contentType: contentType)
    var outcome = MediaProbe.probe(input)
    for _ in 0..<rounds {
        guard case .needMore(let range, _) = outcome, range.lowerBound < file.count else { break }
        let upper = min(Int(range.upperBound), file.count - 1, Int(range.lowerBound) + budget - 1)
        input.add(Array(file[Int(range.lowerBound)...upper]), at: range.lowerBound)
        outcome = MediaProbe.probe(input)
    }
    return outcome
}
