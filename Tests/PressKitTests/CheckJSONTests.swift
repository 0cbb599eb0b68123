import Catalogue
import Foundation
import MediaProbe
import Testing
import LinkVocabulary
@testable import PressKit

/// The hand-written link JSON must keep the bytes JSONEncoder gave before it (the document is
/// documented and stable): this suite keeps that encoder-based version as the reference.
@Suite struct CheckJSONTests {
    /// The link as the document showed it when it was encoded with JSONEncoder.
    struct ReferenceLink: Encodable {
        var url: String
        var verdict: String
        var hint: String
        var warning: String?
        var detail: String?
        var newURL: String?
        var httpStatus: Int?
        var method: String?
        var attempts: Int
        var redirects: [LinkCheck.Hop]
        var finalURL: String?
        var contentType: String?
        var contentLength: Int64?
        var lastModified: String?
        var etag: String?
        var filename: String?
        var httpVersion: String?
        var remoteIP: String?
        var timings: [String: Double]
        var certificateExpiry: String?
        var curlCode: Int?
        var curlMessage: String?
        var media: MediaJSON?
        var kinds: [String]
        var usedBy: [String]

        enum CodingKeys: String, CodingKey {
            case url, verdict, hint, warning, detail, newURL = "new_url", httpStatus = "http_status", method, attempts
            case redirects, finalURL = "final_url", contentType = "content_type", contentLength = "content_length"
            case lastModified = "last_modified", etag, filename, httpVersion = "http_version", remoteIP = "remote_ip"
            case timings, certificateExpiry = "certificate_expiry", curlCode = "curl_code", curlMessage = "curl_message"
            case media, kinds, usedBy = "used_by"
        }

        init(_ link: CheckedLink) {
            let c = link.check
            var timings: [String: Double] = [:]
            for (name, value) in [("dns", c.dnsTime), ("connect", c.connectTime), ("tls", c.tlsTime),
                                  ("first_byte", c.firstByteTime), ("total", c.totalTime)] {
                if let value { timings[name] = (value * 1_000_000).rounded() / 1_000_000 }
            }
            (url, verdict, hint, warning, detail, newURL) = (c.url, c.verdict.rawValue, link.hint, link.certificateWarning, c.detail, c.newURL)
            (httpStatus, method, attempts, redirects) = (c.httpStatus, c.method, c.attempts, c.redirects)
            (finalURL, contentType, contentLength, lastModified) = (c.finalURL, c.contentType, c.contentLength, c.lastModified)
            (etag, filename, httpVersion, remoteIP, self.timings) = (c.etag, c.filename, c.httpVersion, c.remoteIP, timings)
            certificateExpiry = c.certificateExpiry.map(Timestamp.text)
            (curlCode, curlMessage) = (c.curlCode, c.curlMessage)
            media = link.media.map { MediaJSON($0, offSpec: link.offSpec) }
            kinds = link.target.kinds.map(\.rawValue).sorted()
            usedBy = link.target.usedBy
        }
    }

    func reference(_ link: CheckedLink, indent: Int) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(ReferenceLink(link)), as: UTF8.self)
        return text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: indent))
    }

    static let awkward = "q\"b\\s/ \n\r\t\u{8}\u{C}\u{1}\u{1F}\u{7F} é 🎉 \u{2028} <>&' \u{1B}[31m"
    static let checkedAt = Date(timeIntervalSince1970: 1_790_000_000.123)

    static let links: [CheckedLink] = [
        // A bare ok link: most members absent, empty lists.
        CheckedLink(check: LinkCheck(url: "http://127.0.0.1/f/1.mp4", checkedAt: checkedAt, verdict: .ok),
                    target: LinkTarget(url: "http://127.0.0.1/f/1.mp4", kinds: [], declaredContentTypes: [], usedBy: []),
                    certificateWarningDays: 21),
        // The benchmark's shape: a HEAD answered 200 with timings.
        CheckedLink(check: LinkCheck(url: "http://127.0.0.1:8080/f/0000001.mp4", checkedAt: checkedAt, verdict: .ok,
                                     httpStatus: 200, method: "HEAD", finalURL: "http://127.0.0.1:8080/f/0000001.mp4",
                                     contentType: "video/mp4", contentLength: 0, httpVersion: "1.1", remoteIP: "127.0.0.1",
                                     dnsTime: 0.000012, connectTime: 3.0, tlsTime: nil, firstByteTime: 0.0004567891,
                                     totalTime: 1e-7, bytesRead: 0),
                    target: LinkTarget(url: "http://127.0.0.1:8080/f/0000001.mp4", kinds: [.video], declaredContentTypes: [],
                                       usedBy: ["bench-0-a1"]),
                    certificateWarningDays: 21),
        // Everything present, with strings that need escaping, redirects and a certificate warning.
        CheckedLink(check: LinkCheck(url: "https://example.org/" + awkward, checkedAt: checkedAt, verdict: .redirected,
                                     detail: awkward, newURL: "https://example.org/new?a=1&b=/2",
                                     httpStatus: 200, method: "GET", attempts: 3,
                                     redirects: [LinkCheck.Hop(url: "https://example.org/old", status: 301, location: "https://example.org/mid"),
                                                 LinkCheck.Hop(url: "https://example.org/mid", status: 308, location: awkward)],
                                     finalURL: "https://example.org/new", contentType: "image/jpeg; charset=\"x\"",
                                     contentLength: 734_003_200, lastModified: "Tue, 24 Nov 2026 10:00:00 GMT",
                                     etag: "W/\"abc\"", filename: "clip \u{00E9}.jpg", httpVersion: "2", remoteIP: "::1",
                                     dnsTime: 123456.5, connectTime: 1e21, tlsTime: 0.1, firstByteTime: 1.0 / 3, totalTime: 2,
                                     certificateExpiry: checkedAt.addingTimeInterval(86_400 * 3), curlCode: 28,
                                     curlMessage: awkward, bytesRead: 16_384),
                    target: LinkTarget(url: "https://example.org/x", kinds: [.photo, .video, .webstory],
                                       declaredContentTypes: ["image/jpeg"], usedBy: ["a1", "story:" + awkward]),
                    certificateWarningDays: 21),
        // A probed file: every media member, one off-spec reason.
        {
            var check = LinkCheck(url: "https://example.org/broll.mp4", checkedAt: checkedAt, verdict: .ok, httpStatus: 200, method: "HEAD")
            check.probe = MediaProbeRecord(
                properties: MediaProperties(format: "MP4", width: 640, height: 360, duration: 192.0399, frameRate: 29.97,
                                            videoCodec: "H.264", audioCodec: "AAC", sampleRate: 48_000, channels: 2,
                                            pageCount: 1, title: awkward, openGraphTitle: "og", openGraphDescription: "d",
                                            openGraphImage: "/i.jpg", canonicalURL: "https://example.org/c"),
                note: awkward, bytes: 41_234, probedAt: checkedAt)
            return CheckedLink(check: check, target: LinkTarget(url: "https://example.org/broll.mp4", kinds: [.bRoll],
                                                                declaredContentTypes: [], usedBy: ["b1"]),
                               certificateWarningDays: 21, policy: LinkCheckPolicy())
        }(),
        CheckedLink(check: LinkCheck(url: "ftp://x", checkedAt: checkedAt, verdict: .blocked, detail: "the ftp: scheme is not allowed", attempts: 1, curlCode: 0, curlMessage: ""),
                    target: LinkTarget(url: "ftp://x", kinds: [.document], declaredContentTypes: [], usedBy: ["a2"]),
                    certificateWarningDays: 21),
    ]

    @Test(arguments: links) func matchesTheEncoder(link: CheckedLink) throws {
        #expect(link.certificateWarning != nil || link.check.certificateExpiry == nil)
        #expect(link.media == nil || link.offSpec == ["640×360, under the 720 px short side expected of b-roll"])
        for indent in [0, 4] {
            #expect(String(decoding: CheckJSON.link(link, indent: indent), as: UTF8.self) == (try reference(link, indent: indent)))
        }
    }

    /// Strings are scanned eight bytes at a time: every ASCII byte at every place of a word, and
    /// non-ASCII around it, escapes as the encoder escapes it.
    @Test func quotingMatchesTheEncoderAtEveryPlace() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for byte in UInt8(0)...0x7F {
            for place in 0..<17 {
                var text = Array(repeating: Character("a"), count: 17)
                text[place] = Character(Unicode.Scalar(byte))
                let string = String(text) + (place % 2 == 0 ? "é€" : "")
                var written: [UInt8] = []
                JSONQuoting.append(string, to: &written)
                #expect(String(decoding: written, as: UTF8.self) == String(decoding: try encoder.encode(string), as: UTF8.self))
            }
        }
    }

    /// Integers are written from their digits into the writer's memory: every edge the encoder can meet.
    @Test func integersMatchTheEncoder() throws {
        let values: [Int64] = [0, 7, -7, 10, -10, 1_234_567_890, .max, .min, .min + 1]
        var json = PrettyJSON(indent: 0)
        json.open("[")
        for value in values {
            json.element()
            json.open("{")
            json.member("n", value)
            json.close("}")
        }
        json.close("]")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let expected = String(decoding: try encoder.encode(values.map { ["n": $0] }), as: UTF8.self)
        #expect(String(decoding: json.bytes(), as: UTF8.self) == expected)
    }
}

/// The listing filled chunk by chunk during a run gives the document the report gave when it
/// streamed the links from the history after the run, encoding each with JSONEncoder.
@Suite struct LinkListingTests {
    /// The document as the earlier renderer wrote it, link by link.
    func reference(_ report: CheckReport, _ sorted: [CheckedLink], failOn: Set<LinkProblem>) throws -> String {
        let head = CheckDocument(report, failOn: failOn)
        var output = "{\n  \"counts\" : \(JSONText.fragment(head.counts, indent: 2)),\n"
        output += "  \"duration_seconds\" : \(JSONText.fragment(head.durationSeconds, indent: 2)),\n"
        output += "  \"failed\" : \(head.failed),\n  \"links\" : ["
        for (index, link) in sorted.enumerated() {
            output += (index == 0 ? "\n    " : ",\n    ") + (try CheckJSONTests().reference(link, indent: 4))
        }
        output += sorted.isEmpty ? "\n\n  ],\n" : "\n  ],\n"
        output += "  \"schema\" : \(JSONText.fragment(head.schema, indent: 2)),\n"
        return output + "  \"started_at\" : \(JSONText.fragment(head.startedAt, indent: 2))\n}\n"
    }

    func report(_ links: [CheckedLink]) -> CheckReport {
        var counts: [LinkVerdict: Int] = [:]
        for link in links { counts[link.check.verdict, default: 0] += 1 }
        return CheckReport(run: "r", startedAt: CheckJSONTests.checkedAt, duration: .milliseconds(1_234), counts: counts,
                           problems: [], certificateWarningDays: 21)
    }

    /// `count` links with URLs in byte order that `String`'s `<` does not share, and enough
    /// non-ASCII text that characters straddle the 64 KiB blocks the listing is copied in.
    func links(_ count: Int) -> [CheckedLink] {
        (0..<count).map { n in
            let url = "https://example.org/\(n % 2 == 0 ? "é" : "z")/\(1_000 + n)"
            return CheckedLink(check: LinkCheck(url: url, checkedAt: CheckJSONTests.checkedAt, verdict: n % 3 == 0 ? .broken : .ok,
                                                detail: "Überprüfung 🎉 \(n)", httpStatus: 200, totalTime: 0.25),
                               target: LinkTarget(url: url, kinds: [.video], declaredContentTypes: [], usedBy: ["asset-\(n)"]),
                               certificateWarningDays: 21)
        }
    }

    func render(_ links: [CheckedLink], chunk: Int, format: CheckFormat, failOn: Set<LinkProblem> = [.verdict(.broken)]) throws -> String {
        let listing = try #require(try LinkListing.needed(for: format, failOn: failOn))
        let sorted = links.sorted { $0.target.url.utf8.lexicographicallyPrecedes($1.target.url.utf8) }
        let chunks = stride(from: 0, to: sorted.count, by: chunk).map { Array(sorted[$0..<min($0 + chunk, sorted.count)]) }
        // Chunks complete out of order, and each in its own order.
        for (index, links) in chunks.enumerated().reversed() { listing.add(chunk: index, links.shuffled().map(listing.entry)) }
        var output = TextOutput()
        try format.renderer(failOn: failOn).write(report(links), listing: listing, to: &output)
        return output.text
    }

    /// An output that reads the listing back through `FlushingOutput`'s own copy (blocks of text).
    struct TextOutput: FlushingOutput {
        var text = ""
        mutating func write(_ string: String) { text += string }
        mutating func flush() {}
    }

    @Test(arguments: [0, 1, 400]) func jsonIsTheDocumentAsBefore(count: Int) throws {
        let links = links(count)
        let output = try render(links, chunk: 37, format: .json)
        let sorted = links.sorted { $0.target.url.utf8.lexicographicallyPrecedes($1.target.url.utf8) }
        #expect(output == (try reference(report(links), sorted, failOn: [.verdict(.broken)])))
        #expect(count < 400 || output.utf8.count > 2 * 65_536)
    }

    @Test func junitListsEveryLinkInURLOrder() throws {
        let links = links(5)
        let output = try render(links, chunk: 2, format: .junit)
        let names = output.split(separator: "\n").filter { $0.contains("<testcase") }.map { $0.split(separator: "\"")[3] }
        #expect(names == ["https://example.org/z/1001", "https://example.org/z/1003", "https://example.org/é/1000",
                          "https://example.org/é/1002", "https://example.org/é/1004"])
        #expect(output.components(separatedBy: "<failure type=\"broken\"").count == 3)
        #expect(output.hasSuffix("  </testsuite>\n</testsuites>\n"))
    }

    @Test func utf8PrefixStopsBeforeACutCharacter() {
        let bytes = Array("aé🎉".utf8)  // 1 + 2 + 4 bytes
        #expect((0...bytes.count).map { FileText.completeUTF8Prefix(bytes[0..<$0]) } == [0, 1, 1, 3, 3, 3, 3, 7])
    }
}
