@testable import Fetcher
import Testing

/// `LinkURL.plain` reads host and redacted form off the text, skipping libcurl's URL API; these hold
/// it to what libcurl's parser gives for the same URL, on both sides of each of its rules.
@Suite struct LinkURLTests {
    /// URLs `plain` must vouch for, each giving libcurl's own answer.
    static let plainURLs = [
        "http://example.org/", "https://example.org/a/b.mp4", "http://127.0.0.1:8080/f/0000001.mp4",
        "https://cdn-1.example.co.uk/Clips/2024_Summit~final.MOV", "http://localhost:65535/x",
        "https://example.org/search?q=summit&lang=en", "http://a.b-c.example/x/?y", "http://0.0.0.0/",
        "http://255.255.255.255/a", "https://example.org//double//slash", "https://example.org/a./b..c/.d",
        "http://example.org:1/", "https://example.org:80/", "http://example.org:443/",
        "http://xn--bcher-kva.example/", "http://a1.b2/", "http://example.org/a?b=1&c=2/3",
    ]

    /// URLs `plain` must leave to libcurl: credentials, upper case, numeric hosts libcurl rewrites,
    /// default or odd ports, dot segments, escapes, fragments, empty queries, missing paths.
    static let otherURLs = [
        "http://user:secret@example.org/a", "http://user@example.org/", "HTTP://example.org/", "http://Example.org/",
        "http://127.1/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://2130706433/", "http://1.2.3.04/",
        "http://1.2.3.256/", "http://a.0x1/", "http://example.1/", "http://example.org./", "http://.example.org/",
        "http://a..b/", "http://example.org", "http://example.org:80/", "https://example.org:443/",
        "http://example.org:080/", "http://example.org:0/", "http://example.org:65536/", "http://example.org:123456/",
        "http://example.org:/", "http://example.org:8080", "http://example.org/./a", "http://example.org/a/../b",
        "http://example.org/a/.", "http://example.org/a/..", "http://example.org/..?x=1", "http://example.org/%41",
        "http://example.org/a b", "http://example.org/a#frag", "http://example.org/a?", "http://example.org/a?b?c",
        "http://[::1]/", "http://example.org/é", "http://exa_mple.org/", "http:/example.org/", "http:example.org/",
        "https://example.org/a;b", "http://example.org/a=b", "http://example.org\\a/",
    ]

    @Test func plainURLsParseAsLibcurlParsesThem() throws {
        for text in Self.plainURLs {
            let fast = try #require(LinkURL.plain(text), "\(text) should take the fast path")
            let scheme = String(text[..<text.firstIndex(of: ":")!])
            let curl = try LinkURL.parseWithCurl(text, scheme: scheme).get()
            #expect(fast == curl, "\(text)")
            #expect(fast.text == text)
        }
    }

    @Test func everythingElseIsLeftToLibcurl() {
        for text in Self.otherURLs {
            #expect(LinkURL.plain(text) == nil, "\(text) should go through libcurl's parser")
        }
        // And what libcurl makes of a few of them differs from the text, which is why.
        #expect((try? LinkURL.parse("http://127.1/").get())?.host == "127.0.0.1")
        #expect((try? LinkURL.parse("http://user:secret@example.org/a").get())?.redacted == "http://example.org/a")
        #expect((try? LinkURL.parse("http://Example.org/").get())?.host == "example.org")
    }

    @Test func theSchemeRuleComesFirst() {
        #expect(throws: LinkURL.Problem.self) { try LinkURL.parse("http://example.org/a", allowed: ["https"]).get() }
        #expect(throws: LinkURL.Problem.self) { try LinkURL.parse("file:///etc/passwd").get() }
    }
}
