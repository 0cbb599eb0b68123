@testable import MediaProbe
import MediaSamples
import Testing

@Suite("Audio")
struct AudioTests {
    @Test(arguments: [false, true])
    func wave(extensible: Bool) {
        let outcome = MediaProbe.probe(SampleFiles.wave(seconds: 2, extensible: extensible))
        #expect(outcome == .properties(MediaProperties(format: "WAV", duration: 2, audioCodec: "PCM", sampleRate: 8000, channels: 1)))
    }

    @Test func waveDurationFromTheDeclaredSizeWithoutTheSamples() {
        let file = SampleFiles.wave(seconds: 60)
        let outcome = MediaProbe.probe(Array(file.prefix(200)), totalSize: Int64(file.count))
        #expect(outcome.properties?.duration == 60)
    }

    @Test func mp3ConstantBitrateFromSizeAndBitrate() {
        let file = SampleFiles.mp3(frames: 20)
        let outcome = MediaProbe.probe(file, totalSize: Int64(file.count))
        let expected = Double(file.count) * 8 / 128_000
        #expect(outcome == .properties(MediaProperties(format: "MP3", duration: expected, audioCodec: "MP3", sampleRate: 44_100, channels: 2)))
    }

    @Test func mp3VariableBitrateWithoutAHeaderFromTheMeanBitrate() throws {
        // Given a VBR stream without Xing/VBRI whose first frame (128 kbit/s) is twice the bitrate of every other
        let file = SampleFiles.mp3WithoutVBRHeader(frames: 400)
        let truth = 400.0 * 1152 / 44_100
        // When the fetcher has its first 16 KiB, then the whole file
        for head in [16_384, file.count] {
            let duration = try #require(MediaProbe.probe(Array(file.prefix(head)), totalSize: Int64(file.count)).properties?.duration)
            // Then the estimate is the mean bitrate's (within 1 %), not the first frame's (25 % short)
            #expect(abs(duration - truth) / truth < 0.01, "head \(head): \(duration) s, not \(truth) s")
        }
    }

    @Test(arguments: [SampleFiles.VBRHeader.xing, .vbri])
    func mp3VariableBitrateFromTheFrameCount(header: SampleFiles.VBRHeader) throws {
        let file = SampleFiles.mp3(frames: 3, id3Bytes: 300, vbr: header)
        let properties = try #require(MediaProbe.probe(file, totalSize: Int64(file.count)).properties)
        #expect(properties.duration == 1000.0 * 1152 / 44_100)
        #expect(properties.sampleRate == 44_100)
    }

    @Test func mp3BehindALargeID3TagAsksForTheBytesAfterIt() {
        // Given a 200 KB tag (cover art) of which the fetcher read 4 KiB
        let file = SampleFiles.mp3(frames: 5, id3Bytes: 200_000, vbr: .xing)
        var input = ProbeInput(head: Array(file.prefix(4096)), totalSize: Int64(file.count))
        guard case .needMore(let range, _) = MediaProbe.probe(input) else {
            Issue.record("expected needMore")
            return
        }
        #expect(range.lowerBound == 200_000)
        input.add(Array(file[200_000...]), at: 200_000)
        #expect(MediaProbe.probe(input).properties?.duration == 1000.0 * 1152 / 44_100)
    }
}
