@testable import MediaProbe
import MediaSamples
import Testing

@Suite("Images")
struct ImageTests {
    @Test(arguments: [false, true])
    func jpegWithEXIFOrientation6IsShownOnItsSide(bigEndian: Bool) {
        let outcome = MediaProbe.probe(SampleFiles.jpeg(orientation: 6, bigEndianEXIF: bigEndian))
        #expect(outcome == .properties(MediaProperties(format: "JPEG", width: 480, height: 640)))
    }

    @Test(arguments: [nil, 1, 3, 4] as [Int?])
    func jpegUprightOrientationsKeepTheSize(orientation: Int?) {
        let outcome = MediaProbe.probe(SampleFiles.jpeg(orientation: orientation))
        #expect(outcome == .properties(MediaProperties(format: "JPEG", width: 640, height: 480)))
    }

    @Test func jpegFrameHeaderBehindALargeEXIFSegmentAsksForIt() {
        let file = SampleFiles.jpeg(orientation: 8, exifPadding: 30_000)
        var input = ProbeInput(head: Array(file.prefix(1024)), totalSize: Int64(file.count))
        guard case .needMore(let range, _) = MediaProbe.probe(input) else {
            Issue.record("expected needMore")
            return
        }
        #expect(range.lowerBound == 1024)
        input.add(Array(file[1024...]), at: 1024)
        #expect(MediaProbe.probe(input) == .properties(MediaProperties(format: "JPEG", width: 480, height: 640)))
    }

    @Test func xmpSegmentIsSkippedWithoutReadingIt() {
        // Given a 60 KB XMP APP1 segment before the frame header, and only its first 100 bytes
        let xmp = Bytes.ascii("http://ns.adobe.com/xap/1.0/\0") + Bytes.zeros(60_000)
        let file = [0xFF, 0xD8, 0xFF, 0xE1] + Bytes.be16(xmp.count + 2) + xmp + Array(SampleFiles.jpeg(orientation: nil).dropFirst(2))
        let outcome = MediaProbe.probe(Array(file.prefix(100)), totalSize: Int64(file.count))
        // Then the probe asks for the bytes after the segment, not for the segment
        guard case .needMore(let range, _) = outcome else {
            Issue.record("expected needMore, got \(outcome)")
            return
        }
        #expect(range.lowerBound == Int64(4 + xmp.count + 2))
    }

    @Test func png() {
        #expect(MediaProbe.probe(SampleFiles.png) == .properties(MediaProperties(format: "PNG", width: 1200, height: 800)))
    }

    @Test func gif() {
        #expect(MediaProbe.probe(SampleFiles.gif) == .properties(MediaProperties(format: "GIF", width: 320, height: 240)))
    }

    @Test(arguments: SampleFiles.WebPKind.allCases)
    func webP(kind: SampleFiles.WebPKind) {
        #expect(MediaProbe.probe(SampleFiles.webP(kind)) == .properties(MediaProperties(format: "WebP", width: 400, height: 300)))
    }
}
