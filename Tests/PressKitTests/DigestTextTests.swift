import Foundation
import Testing
import Fetcher
@testable import PressKit

/// A digest with every kind, and catalogue text that tries to break out of its line.
enum DigestFixtures {
    static func reference(_ asset: String, _ title: String, event: String = "steadfast-visit-2024") -> ChangeDigest.AssetReference {
        .init(event: event, asset: asset, title: title)
    }

    static let representative = ChangeDigest(createdAt: "2026-11-24T12:15:00Z", since: "2026-11-24T12:00:00Z", items: [
        .init(kind: .recovered, url: "https://example.org/photos/back.jpg", verdict: .ok, previousVerdict: .timeout,
              since: "2026-11-24T12:10:00Z", usedBy: [reference("tapa-photo", "Guard of honour")]),
        .init(kind: .broke, url: "https://example.org/media/tapa-b-roll.mp4", verdict: .broken, previousVerdict: .ok,
              since: "2026-11-24T12:05:00Z", detail: "HTTP 404",
              usedBy: [reference("tapa-b-roll", "B-roll: arrival in Tapa"), reference("tapa-b-roll-fr", "Images : arrivée à Tapa")]),
        .init(kind: .broke, url: "https://example.org/media/a.mp4", verdict: .serverError, previousVerdict: nil,
              since: "2026-11-24T12:06:00Z", detail: "HTTP 503\r\nBcc: everyone@example.org",
              usedBy: [reference("hostile", "<!channel> & <https://evil.example|click>\r\nSubject: forged \u{202E}txet")]),
        .init(kind: .moved, url: "https://example.org/media/old/press-point.mp4", verdict: .redirected, previousVerdict: .ok,
              since: "2026-11-24T12:07:00Z", newURL: "https://example.org/media/press-point.mp4",
              usedBy: [reference("tapa-video", "Press point in Tapa")]),
        .init(kind: .changed, url: "https://example.org/media/adazi.mp4", verdict: .ok, previousVerdict: .ok,
              since: "2026-11-20T09:00:00Z", detail: "size 412 MB → 398 MB", usedBy: [reference("adazi-b-roll", "B-roll: Ādaži")]),
        .init(kind: .certificateExpiring, url: "https://media.example.org/", verdict: .ok, previousVerdict: .ok,
              since: "2026-11-01T00:00:00Z", certificateExpiry: "2026-12-01T00:00:00Z", usedBy: []),
        .init(kind: .reminder, url: "https://example.org/transcripts/gone.pdf", verdict: .broken, previousVerdict: .ok,
              since: "2026-11-22T08:00:00Z", detail: "HTTP 410", usedBy: (1...5).map { reference("t\($0)", "Transcript \($0)") }),
    ])
}

@Suite struct DigestTextTests {
    @Test func theDigestReadsMostUrgentFirstWithCounts() throws {
        let text = try #require(DigestText().render(DigestFixtures.representative))
        try Snapshots.check(text, named: "digest.txt")
        let headings = text.split(separator: "\n").filter { $0.hasSuffix(")") && !$0.hasPrefix(" ") && !$0.hasPrefix("-") }
        #expect(headings == ["Broken (2)", "Moved (1)", "Changed (1)", "Certificates expiring (1)", "Still broken (1)", "Recovered (1)"])
        #expect(text.hasPrefix("presskit link digest of 2026-11-24 12:15 UTC: 2 links broke, 1 moved, 1 changed, 1 certificate expiring, 1 still broken, 1 recovered\n"))
        #expect(!text.contains("\r") && !text.contains("\u{202E}"))
        #expect(!text.contains("\nBcc:") && !text.contains("\nSubject:"), "catalogue and server text stays on its line")
    }

    @Test func anEmptyDigestSendsNothing() throws {
        let empty = ChangeDigest(createdAt: "2026-11-24T12:15:00Z", since: nil, items: [])
        #expect(DigestText().render(empty) == nil)
        #expect(DigestMail(from: "a@example.org", to: ["b@example.org"]).message(for: empty, date: Date(), messageID: "x") == nil)
        var policy = NotificationPolicy()
        policy.webhooks = [.init(url: "https://example.org/hook")]
        #expect(try NotificationPayloads(policy: policy).render(empty, at: Date()).isEmpty)
    }

    @Test func subjectsCountOnly() {
        func digest(_ kinds: [ChangeDigest.Kind]) -> ChangeDigest {
            ChangeDigest(createdAt: "2026-11-24T12:15:00Z", since: nil, items: kinds.map {
                .init(kind: $0, url: "https://example.org/x", verdict: .broken, previousVerdict: nil, since: "2026-11-24T12:00:00Z", usedBy: [])
            })
        }
        #expect(DigestMail.subject(for: digest([.broke, .broke, .recovered])) == "presskit: 2 links broke, 1 recovered")
        #expect(DigestMail.subject(for: digest([.moved])) == "presskit: 1 link moved")
        #expect(DigestMail.subject(for: digest([.certificateExpiring, .reminder])) == "presskit: 1 certificate expiring, 1 link still broken")
    }

    @Test func longDigestsAreCutPerKind() throws {
        var text = DigestText()
        text.maximumItemsPerKind = 2
        let items = (1...5).map {
            ChangeDigest.Item(kind: .broke, url: "https://example.org/\($0)", verdict: .broken, previousVerdict: .ok, since: "2026-11-24T12:00:00Z", usedBy: [])
        }
        let rendered = try #require(text.render(ChangeDigest(createdAt: "2026-11-24T12:15:00Z", since: nil, items: items)))
        #expect(rendered.contains("Broken (5)") && rendered.contains("- and 3 more; run 'presskit report' to see them all"))
        #expect(!rendered.contains("https://example.org/3"))
    }

    @Test func theMailIsAWellFormedMessage() throws {
        let mail = DigestMail(from: "presskit@example.org", to: ["desk@example.org", "duty@example.org"])
        let message = try #require(mail.message(for: DigestFixtures.representative, date: Date(timeIntervalSince1970: 1_795_522_500),
                                                messageID: "presskit.1"))
        let (head, body) = try #require(message.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pairs)
        #expect(head.components(separatedBy: "\r\n") == [
            "From: presskit@example.org",
            "To: desk@example.org, duty@example.org",
            "Subject: presskit: 2 links broke, 1 moved, 1 changed, 1 certificate expiring,",
            " 1 still broken, 1 recovered",
            "Date: Tue, 24 Nov 2026 12:15:00 +0000",
            "Message-ID: <presskit.1@example.org>",
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ])
        let lines = body.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 && $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } })
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\r") && !message.replacingOccurrences(of: "\r\n", with: "").contains("\n"),
                "CRLF line ends only")
        #expect(QuotedPrintable.decode(body) == DigestText().render(DigestFixtures.representative)?.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func quotedPrintableKeepsLongLinesAndTrailingSpacesSafe() {
        let long = String(repeating: "é", count: 60) + " "
        let encoded = QuotedPrintable.encode(long + "\n.a=b\n")
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.hasSuffix("=20\r\n.a=3Db\r\n"))
        #expect(QuotedPrintable.decode(encoded) == long + "\r\n.a=b\r\n")
    }

    @Test func slackTextIsEscapedForMrkdwn() throws {
        var policy = NotificationPolicy()
        policy.webhooks = [.init(url: "https://example.org/hook", format: .slack)]
        let payload = try #require(try NotificationPayloads(policy: policy).render(DigestFixtures.representative, at: Date()).first)
        let message = try JSONDecoder().decode(SlackMessage.self, from: Data(payload.payload.utf8))
        #expect(message.text.contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"))
        #expect(!message.text.contains("<") && !message.text.contains(">"))
        #expect(message.text.hasPrefix("presskit link digest of 2026-11-24 12:15 UTC: 2 links broke"))
    }
}

extension Array where Element == String {
    var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}

extension QuotedPrintable {
    /// The inverse of `encode`, for tests: soft breaks joined (CRLF, or LF as a Maildir stores them),
    /// `=XX` decoded, line ends kept.
    static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
               let value = UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite struct ChecksNoticeTextTests {
    @Test func anOutageNoticeAndItsEndReadAsSentences() throws {
        var digest = ChangeDigest(createdAt: "2026-12-03T14:00:00Z", since: nil, items: [])
        #expect(DigestText().render(digest) == nil, "nothing to say")
        digest.checks = .init(state: .couldNotRun, since: "2026-12-03T14:00:00Z",
                              reason: NetworkOutage(dnsHosts: 12, connectHosts: 0).message)
        let text = try #require(DigestText().render(digest))
        #expect(text.hasPrefix("presskit link digest of 2026-12-03 14:00 UTC: checks could not run\n"))
        #expect(text.contains("Link checks could not run since 2026-12-03 14:00 UTC: no host could be reached (12 of 12 failed at DNS)"))
        #expect(DigestMail.subject(for: digest) == "presskit: checks could not run")
        digest.checks = .init(state: .runningAgain, since: "2026-12-03T14:00:00Z")
        #expect(DigestText().render(digest)?.contains("Link checks are running again; they could not run since 2026-12-03 14:00 UTC") == true)
    }

    @Test func outageCountsNameHowHostsFailed() {
        #expect(NetworkOutage(dnsHosts: 0, connectHosts: 3).failures == "3 of 3 failed to connect")
        #expect(NetworkOutage(dnsHosts: 9, connectHosts: 3).failures == "12 of 12 failed: 9 at DNS, 3 to connect")
        #expect(NetworkReach.host(of: "http://127.0.0.1:8080/a") == "127.0.0.1:8080")
        #expect(NetworkReach.host(of: "https://WWW.nato.int/a") == "www.nato.int")
    }

    /// A resolver that does not answer (the commonest outage) makes libcurl time out before any
    /// address is known ("Resolving timed out after 3000 milliseconds"): no name-lookup time, no
    /// connect time. An address that takes no connection has a lookup time (an IP literal's, some µs).
    @Test func aResolverThatNeverAnswersIsADNSFailure() {
        func timedOut(_ url: String, nameLookup: Duration) -> FetchResult {
            FetchResult(request: FetchRequest(url: url), verdict: .timeout,
                        timings: FetchTimings(nameLookup: nameLookup, connect: .zero, tlsHandshake: .zero, firstByte: .zero, total: .seconds(3)),
                        curlError: CurlFailure(code: 28, message: "Resolving timed out after 3000 milliseconds"))
        }
        let resolving = timedOut("https://hang.example.net/a", nameLookup: .zero)
        let connecting = timedOut("http://192.0.2.1/a", nameLookup: .microseconds(16))
        #expect(NetworkReach.evidence(resolving) == .failedAtDNS)
        #expect(NetworkReach.evidence(connecting) == .failedToConnect)
        var reach = NetworkReach()
        _ = reach.note(NetworkReach.evidence(resolving), url: resolving.request.url)
        _ = reach.note(.failedAtDNS, url: "https://www.nato.int/b")
        #expect(reach.outage?.failures == "2 of 2 failed at DNS")
    }
}

