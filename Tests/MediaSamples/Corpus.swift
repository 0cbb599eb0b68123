import MediaProbe

/// Every sample with the Content-Type a server would send, for tests that run over all of them.
public struct Sample: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let contentType: String

    public static let all: [Sample] = [
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
        Sample(name: "pdf cross-reference", bytes: SampleFiles.pdfWithCrossReference(pages: 4, addedPages: 2), contentType: "application/pdf"),
        Sample(name: "pdf linearized", bytes: SampleFiles.linearizedPDF(pages: 9), contentType: "application/pdf"),
        Sample(name: "html", bytes: SampleFiles.html, contentType: "text/html; charset=utf-8"),
    ]
}

