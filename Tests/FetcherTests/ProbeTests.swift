@testable import Fetcher
import MediaProbe
import MediaSamples
import TestHTTPServer
import Testing

@Suite("Media probes through range requests")
struct ProbeTests {
    /// Probes `path` once with `routes`, `.always` unless told otherwise.
    private func probe(_ routes: [String: Route], path: String = "/asset", probing: MediaProbing = .always,
                       configuration: FetchConfiguration = testConfiguration(),
                       request adjust: (inout FetchRequest) -> Void = { _ in }) async throws -> (FetchResult, TestHTTPServer) {
        try await checkOnce(routes, path: path, configuration: configuration) {
            $0.probe = probing
            adjust(&$0)
        }
    }

    @Test(arguments: Sample.all)
    func everySampleReadsAsFromTheWholeFile(sample: Sample) async throws {
        let expected = MediaProbe.probe(sample.bytes, totalSize: Int64(sample.bytes.count), contentType: sample.contentType)
        for honoursRange in [true, false] {
            let (result, _) = try await probe(["/asset": .bytes(sample.bytes, contentType: sample.contentType, honoursRange: honoursRange)])
            let media = try #require(result.media, "\(sample.name): no probe")
            #expect(result.verdict == .ok)
            #expect(media.properties == expected.properties, "\(sample.name), Range honoured: \(honoursRange)")
            #expect(media.bytes <= sample.bytes.count)
        }
    }

    @Test func movieWithItsMoovAtTheEndTakesTwoRangesNotTheFile() async throws {
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 3_000_000)
        let (result, server) = try await probe(["/asset": .bytes(movie.bytes, contentType: "video/mp4")])
        let media = try #require(result.media)
        #expect(media.properties == SampleMovie.expected)
        #expect(media.note == nil)
        #expect(media.requests == 2)
        #expect(media.bytes == 16_384 + movie.moov.count)
        let ranges = server.requests("/asset").filter { $0.method == "GET" }.map { $0.headers["range"] }
        #expect(ranges == ["bytes=0-16383", "bytes=\(movie.moovOffset)-\(movie.bytes.count - 1)"])
        // The verdict and its evidence are the HEAD's, not the probe's.
        #expect(result.method == .head && result.httpStatus == 200 && result.contentLength == Int64(movie.bytes.count))
        #expect(server.requests("/asset").allSatisfy { $0.headers["accept-encoding"] == nil })
    }

    @Test func serverIgnoringRangeIsCutOffAtTheBudget() async throws {
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 3_000_000)
        let (result, _) = try await probe(["/asset": .bytes(movie.bytes, contentType: "video/mp4", honoursRange: false)],
                                          configuration: testConfiguration { $0.probeBudget = 64 * 1_024 })
        let media = try #require(result.media)
        #expect(result.verdict == .ok)
        #expect(media.bytes <= 64 * 1_024)
        #expect(media.properties == MediaProperties(format: "MP4"))
        #expect(media.note == "the server ignores Range requests, and the answer lies beyond the probe budget of 65536 bytes")
    }

    @Test func serverIgnoringRangeIsReadFromTheStartAgainWhenTheAnswerFitsTheBudget() async throws {
        let jpeg = SampleFiles.jpeg(exifPadding: 40_000)
        let (result, server) = try await probe(["/asset": .bytes(jpeg, contentType: "image/jpeg", honoursRange: false)])
        let media = try #require(result.media)
        #expect(media.properties?.width == 480 && media.properties?.height == 640)
        #expect(media.requests == 2)
        #expect(media.bytes > 16_384 + 40_000 && media.bytes <= 16_384 + jpeg.count)
        let ranges = server.requests("/asset").filter { $0.method == "GET" }.compactMap { $0.headers["range"] }
        #expect(ranges.count == 2 && ranges.allSatisfy { $0.hasPrefix("bytes=0-") })
    }

    @Test func aMoovLargerThanTheBudgetGivesWhatItsFirstBytesTell() async throws {
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 100_000)
        let budget = 16_384 + movie.moov.count / 2
        let (result, _) = try await probe(["/asset": .bytes(movie.bytes, contentType: "video/mp4")],
                                          configuration: testConfiguration { $0.probeBudget = budget })
        let media = try #require(result.media)
        #expect(media.bytes == budget)
        #expect(media.note?.contains("budget") == true)
        #expect(media.properties?.format == "MP4")
        #expect(media.properties?.duration == 12.5)  // `mvhd` comes first in `moov`
    }

    @Test func headRefusedReusesTheBoundedGetForTheProbe() async throws {
        let jpeg = SampleFiles.jpeg()
        let (result, server) = try await probe(["/asset": .methods(head: .status(405), get: .bytes(jpeg, contentType: "image/jpeg"))])
        let media = try #require(result.media)
        #expect(media.properties?.width == 480 && media.properties?.height == 640)
        #expect(media.requests == 0)
        #expect(media.bytes == jpeg.count)
        #expect(server.requests("/asset").map(\.method) == ["HEAD", "GET"])
        #expect(result.bodyPrefix == jpeg)  // shorter than `keptBodyBytes`
    }

    @Test func aReusedGetThatIgnoredRangeIsNotAskedForALaterRange() async throws {
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 3_000_000)
        let (result, server) = try await probe(["/asset": .methods(
            head: .status(405), get: .bytes(movie.bytes, contentType: "video/mp4", honoursRange: false))])
        let media = try #require(result.media)
        #expect(media.requests == 0, "the moov lies beyond the budget from the start: no request can reach it")
        #expect(media.note == "the server ignores Range requests, and the answer lies beyond the probe budget of 262144 bytes")
        #expect(server.requests("/asset").map(\.method) == ["HEAD", "GET"])
    }

    @Test func truncatedAndCorruptFilesEndInANoteNotACrash() async throws {
        let movie = SampleMovie(layout: .moovLast, mediaBytes: 50_000).bytes
        let truncated = Array(movie.prefix(movie.count - 200))
        var corrupt = SampleFiles.png
        corrupt.replaceSubrange(16..<24, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        let garbage = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        for (name, bytes, type) in [("truncated", truncated, "video/mp4"), ("corrupt", corrupt, "image/png"),
                                    ("garbage", garbage, "application/octet-stream")] {
            let (result, _) = try await probe(["/asset": .bytes(bytes, contentType: type)])
            let media = try #require(result.media, "\(name)")
            #expect(result.verdict == .ok, "\(name)")
            #expect(media.note != nil || media.properties != nil, "\(name)")
            #expect(media.bytes <= FetchConfiguration.Defaults.probeBudget, "\(name)")
        }
    }

    @Test func unchangedFileIsNotProbedAgain() async throws {
        let jpeg = SampleFiles.jpeg()
        let route = Route.bytes(jpeg, contentType: "image/jpeg", headers: [("ETag", "\"v1\"")])
        let size = Int64(jpeg.count)
        let other = FileIdentity(etag: "\"v0\"", lastModified: nil, length: size)
        let (changed, changedServer) = try await probe(["/asset": route], probing: .ifChanged(from: other))
        #expect(changed.media != nil, "a different ETag is a different file")
        #expect(changedServer.requests("/asset").count == 2)
        let same = FileIdentity(etag: "\"v1\"", lastModified: nil, length: size)
        let (unchanged, server) = try await probe(["/asset": route], probing: .ifChanged(from: same))
        #expect(unchanged.media == nil)
        #expect(server.requests("/asset").map(\.method) == ["HEAD"])
        // Without validators the size decides; nothing to compare means a probe.
        let plain = Route.bytes(jpeg, contentType: "image/jpeg")
        let (bySize, _) = try await probe(["/asset": plain], probing: .ifChanged(from: FileIdentity(etag: "\"v1\"", lastModified: nil, length: size)))
        #expect(bySize.media == nil)
        let (resized, _) = try await probe(["/asset": plain], probing: .ifChanged(from: FileIdentity(etag: nil, lastModified: nil, length: size + 1)))
        #expect(resized.media != nil)
        let (unknown, _) = try await probe(["/asset": plain], probing: .ifChanged(from: FileIdentity(etag: nil, lastModified: nil, length: nil)))
        #expect(unknown.media != nil)
    }

    @Test func notModifiedAndBrokenLinksAreNotProbed() async throws {
        let known = FileIdentity(etag: "\"v0\"", lastModified: nil, length: nil)
        let (notModified, _) = try await probe(["/asset": .etag("\"v1\"")], probing: .ifChanged(from: known)) { $0.ifNoneMatch = "\"v1\"" }
        #expect(notModified.httpStatus == 304 && notModified.media == nil)
        let (broken, server) = try await probe(["/asset": .status(404)])
        #expect(broken.verdict == .broken && broken.media == nil)
        #expect(server.requests("/asset").map(\.method) == ["HEAD", "GET"])  // the HEAD fallback only
    }

    @Test func aForcedProbeAsksUnconditionallyWhereA304WouldDo() async throws {
        // Given a server that would answer the known ETag with 304 Not Modified,
        let (forced, server) = try await probe(["/asset": .etag("\"v1\"")], probing: .always) { $0.ifNoneMatch = "\"v1\"" }
        // a probe asked of every link sends no validator, gets the file, and reads it.
        #expect(server.requests("/asset").allSatisfy { $0.headers["if-none-match"] == nil })
        #expect(forced.httpStatus == 200)
        #expect(forced.media != nil)
    }

    @Test func aRangeRequestAnsweredOtherwiseEndsTheProbeWithANote() async throws {
        let head = Route.status(200, headers: [("Content-Type", "video/mp4"), ("Content-Length", "5000000")])
        let (redirected, _) = try await probe(["/asset": .methods(head: head, get: .redirect(302, to: "/elsewhere"))])
        #expect(redirected.verdict == .ok)
        #expect(redirected.media?.note == "the server answered 302 to a range request")
        #expect(redirected.media?.properties == nil)
    }

    @Test func lyingContentRangesEndTheProbeQuietly() async throws {
        let head = Route.status(200, headers: [("Content-Type", "video/mp4"), ("Content-Length", "5000000")])
        for contentRange in ["bytes 9223372036854775000-9223372036854775806/9223372036854775807", "bytes 0-9/3",
                             "bytes 5-1/10", "bytes x-y/z", "bytes 100-109/*"] {
            let lying = Route { request, _, connection in
                connection.writeHead(status: 206, headers: [("Content-Type", "video/mp4"), ("Content-Range", contentRange)],
                                     contentLength: 10)
                connection.write([UInt8](repeating: 0x42, count: 10))
                return .keepAlive
            }
            let (result, _) = try await probe(["/asset": .methods(head: head, get: lying)])
            let media = try #require(result.media, "\(contentRange)")
            #expect(result.verdict == .ok)
            #expect(media.properties == nil, "\(contentRange)")
            #expect(media.note != nil && media.bytes == 10, "\(contentRange): \(media)")
        }
    }

    @Test func probeOffMeansNoBodyIsRead() async throws {
        let (result, server) = try await probe(["/asset": .bytes(SampleFiles.png, contentType: "image/png")], probing: .off)
        #expect(result.media == nil)
        #expect(server.requests("/asset").map(\.method) == ["HEAD"])
    }

    @Test func contentRangeParsing() {
        let range = ContentRange("bytes 100-199/5000")
        #expect(range?.first == 100 && range?.last == 199 && range?.total == 5000)
        #expect(ContentRange("bytes 0-9/*")?.total == nil)
        for bad in ["bytes */5000", "bytes 9-0/10", "items 0-1/2", "bytes -1-5/10", "bytes 0-", ""] {
            #expect(ContentRange(bad) == nil, "\(bad)")
        }
    }
}
