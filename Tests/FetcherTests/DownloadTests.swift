import Crypto
import Foundation
@testable import Fetcher
import TestHTTPServer
import Testing

/// The engine's download mode: the body streams to a partial file, hashed on the way; a cut
/// connection resumes with Range + If-Range; a server without Range starts over; limits cut early.
@Suite struct DownloadTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("presskit-download-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Bytes that differ at every offset, so a resume at the wrong place changes the hash.
    static func body(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &+ $0 / 251) }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    func download(_ server: TestHTTPServer, path: String = "/file", partial: String = "f.part", validator: String? = nil,
                  maxBytes: Int64 = 1 << 30, adjust: (inout FetchRequest) -> Void = { _ in }) async throws -> (FetchResult, URL) {
        let file = folder.appendingPathComponent(partial)
        var request = FetchRequest(url: server.url(path), strategy: .rangedGet)
        request.download = DownloadTarget(partialPath: file.path, resumeValidator: validator, maxBytes: maxBytes)
        adjust(&request)
        let engine = try FetchEngine(configuration: testConfiguration())
        return (try await engine.fetch(request), file)
    }

    @Test func aWholeFileIsWrittenAndHashedWhileItStreams() async throws {
        let bytes = Self.body(700_000)
        let served = ServedFile(bytes)
        let server = try TestHTTPServer(routes: ["/file": served.route])
        defer { server.stop() }
        let progress = DownloadProgress()
        let (result, file) = try await download(server) { $0.download?.progress = progress }
        #expect(result.download?.state == .complete(sha256: Self.sha256(bytes), size: 700_000))
        #expect(result.download?.resumeValidator == served.etag)
        #expect(try Data(contentsOf: file) == Data(bytes))
        #expect(progress.bytesWritten == 700_000)
        // The file's own bytes: no compression asked for, the whole file (no Range).
        let sent = server.requests("/file")
        #expect(sent.count == 1 && sent[0].headers["range"] == nil && sent[0].headers["accept-encoding"] == nil)
    }

    @Test func aCutConnectionResumesWithRangeAndIfRange() async throws {
        let bytes = Self.body(500_000)
        let served = ServedFile(bytes, cutAfter: [1: 123_456])
        let server = try TestHTTPServer(routes: ["/file": served.route])
        defer { server.stop() }
        let (result, file) = try await download(server)
        #expect(result.download?.state == .complete(sha256: Self.sha256(bytes), size: 500_000))
        #expect(result.download?.resumedFrom == 123_456)
        #expect(try Data(contentsOf: file) == Data(bytes))
        let sent = server.requests("/file")
        #expect(sent.count == 2)
        #expect(sent.last?.headers["range"] == "bytes=123456-")
        #expect(sent.last?.headers["if-range"] == served.etag)
    }

    @Test func aServerWithoutRangeStartsOverAndTheFileIsStillWhole() async throws {
        let bytes = Self.body(300_000)
        let served = ServedFile(bytes, honoursRange: false, cutAfter: [1: 100_000])
        let server = try TestHTTPServer(routes: ["/file": served.route])
        defer { server.stop() }
        let (result, file) = try await download(server)
        #expect(result.download?.state == .complete(sha256: Self.sha256(bytes), size: 300_000))
        #expect(result.download?.resumedFrom == 0)
        #expect(try Data(contentsOf: file) == Data(bytes))
        #expect(server.requestCount("/file") == 2)
    }

    @Test func bytesLeftByAnEarlierRunAreHashedAndAppendedTo() async throws {
        let bytes = Self.body(400_000)
        let served = ServedFile(bytes)
        let server = try TestHTTPServer(routes: ["/file": served.route])
        defer { server.stop() }
        // Given a partial file from a run that was killed, and the validator its response sent,
        try Data(bytes.prefix(150_000)).write(to: folder.appendingPathComponent("f.part"))
        let (result, file) = try await download(server, validator: served.etag)
        // the download asks for the rest only, and the hash covers the whole file.
        #expect(server.requests("/file").first?.headers["range"] == "bytes=150000-")
        #expect(result.download?.state == .complete(sha256: Self.sha256(bytes), size: 400_000))
        #expect(result.download?.resumedFrom == 150_000)
        #expect(try Data(contentsOf: file) == Data(bytes))
    }

    @Test func aFileReplacedSinceThePartialWasWrittenIsFetchedWhole() async throws {
        let old = Self.body(200_000, seed: 1), new = Self.body(250_000, seed: 2)
        let served = ServedFile(old)
        let oldTag = served.etag
        served.replace(with: new)
        let server = try TestHTTPServer(routes: ["/file": served.route])
        defer { server.stop() }
        try Data(old.prefix(50_000)).write(to: folder.appendingPathComponent("f.part"))
        let (result, file) = try await download(server, validator: oldTag)
        #expect(server.requests("/file").first?.headers["if-range"] == oldTag)
        #expect(result.download?.state == .complete(sha256: Self.sha256(new), size: 250_000))
        #expect(result.download?.resumedFrom == 0)
        #expect(try Data(contentsOf: file) == Data(new))
    }

    @Test func aFileOverTheLimitIsRefusedAndItsPartialRemoved() async throws {
        let server = try TestHTTPServer(routes: [
            "/declared": ServedFile(Self.body(100_000)).route,
            "/undeclared": Route { _, _, connection in
                connection.write("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nConnection: close\r\n\r\n")
                connection.write(Self.body(100_000))
                return .close
            },
        ])
        defer { server.stop() }
        let (declared, file) = try await download(server, path: "/declared", partial: "d.part", maxBytes: 50_000)
        #expect(declared.download?.state == .tooLarge(declared: 100_000))
        #expect(!FileManager.default.fileExists(atPath: file.path))
        let (counted, other) = try await download(server, path: "/undeclared", partial: "u.part", maxBytes: 50_000)
        #expect(counted.download?.state == .tooLarge(declared: nil))
        #expect(!FileManager.default.fileExists(atPath: other.path))
    }

    @Test func anUnchangedFileAnswers304AndNothingIsWritten() async throws {
        let served = ServedFile(Self.body(10_000))
        let server = try TestHTTPServer(routes: ["/file": served.route])
        defer { server.stop() }
        let (result, file) = try await download(server) { $0.ifNoneMatch = served.etag }
        #expect(result.download?.state == .notModified)
        #expect(result.verdict == .ok)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func redirectsAreFollowedAndOnlyTheFilesBodyIsKept() async throws {
        let bytes = Self.body(40_000)
        let server = try TestHTTPServer(routes: [
            "/old": .status(301, headers: [("Location", "/file")], body: "moved: this body is not the file"),
            "/file": ServedFile(bytes).route,
            "/gone": .status(404, body: "not here"),
        ])
        defer { server.stop() }
        let (result, file) = try await download(server, path: "/old")
        #expect(result.download?.state == .complete(sha256: Self.sha256(bytes), size: 40_000))
        #expect(try Data(contentsOf: file) == Data(bytes))
        let (missing, _) = try await download(server, path: "/gone", partial: "g.part")
        #expect(missing.verdict == .broken)
        #expect(missing.download?.state == .incomplete(reason: "HTTP 404"))
    }
}
