@testable import MediaProbe
import MediaSamples
import Testing

@Suite("MP4 and MOV")
struct ISOBMFFTests {
    @Test func moovAtTheStart() {
        #expect(MediaProbe.probe(SampleMovie().bytes) == .properties(SampleMovie.expected))
    }

    @Test func version1MovieHeaderAndLargeSizeMediaData() {
        let movie = SampleMovie(mvhdVersion: 1, largeSizeMediaData: true)
        #expect(MediaProbe.probe(movie.bytes) == .properties(SampleMovie.expected))
    }

    @Test(arguments: [(1, true), (2, false), (3, true)])
    func matrixRotation(quarterTurns: Int, swapped: Bool) {
        let outcome = MediaProbe.probe(SampleMovie(quarterTurns: quarterTurns).bytes)
        #expect(outcome.properties?.width == (swapped ? 1080 : 1920))
        #expect(outcome.properties?.height == (swapped ? 1920 : 1080))
    }

    @Test func brandsNameTheFormatAndCodesTheCodec() {
        let mov = MediaProbe.probe(SampleMovie(majorBrand: "qt  ", videoCode: "apch").bytes).properties
        #expect(mov?.format == "MOV")
        #expect(mov?.videoCodec == "ProRes")
        #expect(MediaProbe.probe(SampleMovie(videoCode: "hvc1").bytes).properties?.videoCodec == "H.265")
        #expect(MediaProbe.probe(SampleMovie(videoCode: "xyz ").bytes).properties?.videoCodec == "xyz")
    }

    /// ffmpeg writes channelcount 2 in every MP4's AAC sample entry (mono and 5.1 alike); the
    /// AudioSpecificConfig in `esds` has the real layout, as ffprobe reports it.
    @Test(arguments: [(1, 1), (2, 2), (6, 6), (7, 8)])
    func aacChannelsComeFromTheAudioSpecificConfig(configuration: Int, channels: Int) {
        let movie = SampleMovie(audioChannelConfiguration: configuration)
        #expect(MediaProbe.probe(movie.bytes).properties?.channels == channels)
    }

    @Test func aacWithoutAChannelConfigurationKeepsTheSampleEntrysCount() {
        // Configuration 0: the layout is in a program config element, which the probe does not read.
        #expect(MediaProbe.probe(SampleMovie(audioChannelConfiguration: 0).bytes).properties?.channels == 2)
    }

    @Test func moovAtTheEndIsReachedWithASecondRangeRequest() throws {
        // Given a file whose moov follows 1 MB of media data, of which the fetcher read the first 4 KiB
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 1_000_000)
        let file = movie.bytes
        var input = ProbeInput(head: Array(file.prefix(4096)), totalSize: Int64(file.count), contentType: "video/mp4")
        // When probing, it asks for the bytes from moov to the end
        guard case .needMore(let range, let partial) = MediaProbe.probe(input) else {
            Issue.record("expected needMore")
            return
        }
        #expect(range == Int64(movie.moovOffset)...Int64(file.count - 1))
        #expect(partial?.format == "MP4")
        // Then with those bytes it knows the properties
        input.add(Array(file[Int(range.lowerBound)...Int(range.upperBound)]), at: range.lowerBound)
        #expect(MediaProbe.probe(input) == .properties(SampleMovie.expected))
    }

    /// A 20-minute recording's moov is about 0.9 MB, mostly the video track's sample tables: the
    /// probe reads the video track's header, then asks for the sound track's, skipping the tables.
    @Test(arguments: [SampleMovie.Layout.moovLast, .moovFirst])
    func longMovieSkipsTheSampleTablesToReachTheSoundTrack(layout: SampleMovie.Layout) {
        // Given a moov whose video track lists 200,000 sample sizes (800 KB)
        let movie = SampleMovie(layout: layout, mediaBytes: 300_000, videoSampleSizes: 200_000)
        let file = movie.bytes
        // When a fetcher reads 16 KiB, then each range the probe asks for
        var input = ProbeInput(head: Array(file.prefix(16_384)), totalSize: Int64(file.count))
        var fetched = 16_384
        var requests = 0
        while case .needMore(let range, _) = MediaProbe.probe(input), requests < 8 {
            requests += 1
            fetched += range.count
            input.add(Array(file[Int(range.lowerBound)...Int(range.upperBound)]), at: range.lowerBound)
        }
        // Then every property is known from at most 3 requests and 256 KiB in all
        #expect(MediaProbe.probe(input) == .properties(SampleMovie.expected))
        #expect(requests <= 3)
        #expect(fetched <= 256 * 1024, "\(fetched) bytes")
    }

    @Test func partOfMoovGivesPartialPropertiesAndAsksForTheRest() {
        let file = SampleMovie().bytes
        let outcome = MediaProbe.probe(Array(file.prefix(400)), totalSize: Int64(file.count))
        guard case .needMore(let range, let partial) = outcome else {
            Issue.record("expected needMore, got \(outcome)")
            return
        }
        #expect(range.lowerBound == 400)
        #expect(partial?.duration == 12.5)
    }

    @Test func unknownSizeAsksForAFixedAmount() {
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 100_000)
        let outcome = MediaProbe.probe(Array(movie.bytes.prefix(1000)))
        #expect(outcome == .needMore(range: Int64(movie.moovOffset)...Int64(movie.moovOffset + 65_535), partial: MediaProperties(format: "MP4")))
    }

    @Test func truncatedFileWithoutMoovIsUnknown() {
        // Given an upload cut inside mdat: the moov that should follow is not in the file
        let file = Array(SampleMovie(layout: .moovLast, mediaBytes: 5000).bytes.prefix(3000))
        guard case .unknown(let reason) = MediaProbe.probe(file, totalSize: Int64(file.count)) else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason.contains("truncated"))
    }

    @Test func truncatedMoovGivesWhatItHolds() {
        // Given a file cut inside moov, after the movie header and the video track
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 100)
        let file = Array(movie.bytes.dropLast(50))
        let outcome = MediaProbe.probe(file, totalSize: Int64(file.count))
        #expect(outcome.properties?.duration == 12.5)
        #expect(outcome.properties?.videoCodec == "H.264")
        if case .properties = outcome {} else { Issue.record("expected properties, got \(outcome)") }
    }
}
