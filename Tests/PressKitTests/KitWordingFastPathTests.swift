import Testing
@testable import PressKit

/// The byte-level fast paths a 5,000-asset kit takes (bare content types, language tags, link
/// schemes) must answer as the general readings do for the text they let through or turn away.
@Suite struct KitWordingFastPathTests {
    private func asset(contentType: String?) -> KitAsset {
        KitAsset(id: "a", kind: .video, title: "T", url: "https://example.org/a", language: nil, credit: nil, rights: nil,
                 caption: nil, contentType: contentType, size: nil, embargo: nil, filmed: nil, location: nil, synopsis: nil,
                 shotlist: [], speakers: [], health: KitHealth(verdict: nil, checkedAt: nil, httpStatus: nil, newURL: nil, stale: false),
                 flags: [], media: nil, thumbnail: nil)
    }

    @Test(arguments: [
        ("video/mp4", "MP4"), ("Video/MP4", "MP4"), (" video/mp4 ; codecs=avc1", "MP4"), ("text/html", "Web page"),
        ("text/html; charset=utf-8", "Web page"), ("application/xhtml+xml", "Web page"), ("audio/mpeg", "MP3"),
        ("video/mpeg", "MPEG"), ("image/svg+xml", "SVG"), ("application/vnd.ms-excel", nil), ("application/octet-stream", nil),
        ("", nil), (";", nil), ("video", nil), ("video/", nil), ("TEXT/PLAIN", "Text"),
    ] as [(String, String?)])
    func contentTypesNameTheSameFormatBareOrNot(_ type: String, _ format: String?) {
        #expect(KitWording.fileFormat(asset(contentType: type)) == format)
    }

    @Test func languageTagsAreCheckedOnBytes() {
        for tag in ["en", "EN", "sr-Latn", "zh-Hant-TW", "de-CH-1996", "abcdefgh"] { #expect(KitWording.languageTag(tag) == tag) }
        for tag in ["e", "en-", "-en", "en--us", "abcdefghi", "en-abcdefghi", "ün", "en-ü", "1en", "en us", "en_US", ""] {
            #expect(KitWording.languageTag(tag) == nil, "\(tag)")
        }
    }

    @Test func schemesAreComparedWithoutCase() {
        for url in ["http://a.example/", "HTTP://a.example/", "HtTpS://a.example/", "https://a.example/x:y"] {
            #expect(WebLink.http(url) == url)
        }
        for url in ["htt://a.example/", "httpss://a.example/", "hxxp://a.example/", "httq://a.example/", "https\u{131}://a.example/",
                    "\u{210E}ttp://a.example/", "http", ":http://a.example/"] {
            #expect(WebLink.http(url) == nil, "\(url)")
        }
    }
}
