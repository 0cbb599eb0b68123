@testable import StrictYAML
@testable import Catalogue
import Foundation
import Testing

/// The field rules read bytes for speed; these tests hold them to the rules as first written on
/// Unicode scalars and characters (`Reference`, below), over chosen and random values.
@Suite struct FieldRulesTests {
    static let chosen = [
        "", " ", "en", "EN", "sr-Latn", "pt-BR", "x-klingon", "i-enochian", "x", "i-", "-en", "en-", "en--us", "e1",
        "english", "English", "abcdefghi", "en-abcdefgh", "en-abcdefghi", "en-1", "zh-Hant-TW", "fr\u{301}", "é", "İ-x",
        "00:00:05", "01:05", "1:2", "1:99", "99:59", "00:60", "00:01:05.250", "00:01:05.2500", "00:01:05.", ".5",
        "01:.5", "00:01.5:00", "00:00:05:24", "00:00:60:24", "00:61:00:00", "1:2:3:4:5", "001:00", "0\u{301}0:00",
        "00:00:05\r\n", "٠١:٠٥", "a:b",
        "video/mp4", "image/jpeg; charset=x", " video/mp4 ;x", "video/mp4\u{00A0}; q=1", "\u{3000}video/mp4",
        "video", "video/", "/mp4", "video/mp4/x", "vidéo/mp4", "text/html;charset=utf-8", "a/b c", "\tapplication/x-foo+bar\t",
        "https://example.org/a.mp4", "https://example.org/a b", "https://example.org/a\u{00A0}b", "https://example.org/é",
        "https://example.org/\u{7F}", "https://example.org/\u{85}", "https://example.org/\u{2028}", "ftp://x",
        "https://user:pw@x.org/", "notaurl", "https:///nohost", "https://x.org:99999/", "HTTP://X.ORG/",
        "2023-11-21", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2023-1-01", "20231-01-01",
        "2023-11-210", "2023/11/21", "２０２３-01-01", "2023-11-2١", "-2023-11-21",
        "  trimmed  ", "\u{00A0}nbsp\u{00A0}", "\u{1C}unit\u{1F}", "\u{85}next\u{85}", "\t\n\r\u{0B}\u{0C}x",
    ]

    /// Seeded random strings over `alphabet`, short enough that valid values come up often.
    static func random(_ alphabet: String, count: Int = 20_000) -> [String] {
        var generator = SplitMix(seed: 20261124)
        let characters = Array(alphabet)
        return (0..<count).map { _ in
            String((0..<Int.random(in: 0...10, using: &generator)).map { _ in characters.randomElement(using: &generator)! })
        }
    }

    static let odd = "é\u{00A0}\u{3000}\t\r\n\u{85}\u{301}٣"

    @Test func agreeWithTheRulesAsFirstWritten() {
        for text in Self.chosen + Self.random("aAxXiIzZ09-" + Self.odd) {
            #expect((FieldRules.languageProblem(text) == nil) == Reference.isLanguageTag(text), "language \(text.debugDescription)")
        }
        for text in Self.chosen + Self.random("0156789:." + Self.odd) {
            #expect(FieldRules.timecodeProblem(text) == Reference.timecodeProblem(text), "timecode \(text.debugDescription)")
        }
        for text in Self.chosen + Self.random("hHtTps:/x.org/" + Self.odd + "\u{7F}\u{01} %@:") {
            #expect(FieldRules.urlProblem(text) == Reference.urlProblem(text), "url \(text.debugDescription)")
        }
        for text in Self.chosen + Self.random("0123456789-" + Self.odd, count: 40_000) {
            #expect(CalendarDate(iso: text) == Reference.calendarDate(text), "date \(text.debugDescription)")
        }
        for text in Self.chosen + Self.random(" \t/;aZ09+-.!#$&^_=@" + Self.odd) {
            #expect(text.trimmedWhitespace == Reference.trimmed(text), "trimmed \(text.debugDescription)")
            // The first version split at ';' dropping an empty first part, and crashed on ';' alone;
            // now the type is what precedes the first ';', so ';video/mp4' is refused.
            if !text.hasPrefix(";") && !text.isEmpty {
                #expect(FieldRules.contentTypeProblem(text) == Reference.contentTypeProblem(text), "content type \(text.debugDescription)")
            }
        }
        #expect(FieldRules.contentTypeProblem(";video/mp4") != nil)
        #expect(FieldRules.contentTypeProblem(";") != nil)
    }
}

@Suite struct UTF8ValidationTests {
    /// Byte strings around every boundary of the UTF-8 table, and random ones.
    @Test func agreesWithTheStandardLibrary() {
        var generator = SplitMix(seed: 7)
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                              0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var samples: [[UInt8]] = []
        for a in edges { for b in edges { samples.append([a, b]); samples.append([0x61, a, b, 0x80, 0x80]) } }
        for _ in 0..<50_000 {
            let length = Int.random(in: 0...24, using: &generator)
            samples.append((0..<length).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x20...0x7E, using: &generator) : edges.randomElement(using: &generator)!
            })
        }
        for bytes in samples {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBytes(YAMLText.isValidUTF8) == expected, "\(bytes)")
        }
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The rules as written before they read bytes (commit 23d1ca1), kept as the tests' oracle.
enum Reference {
    static func urlProblem(_ text: String) -> String? {
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }) {
            return "a URL must not contain spaces or control characters; encode a space as %20"
        }
        guard let colon = text.firstIndex(of: ":") else {
            return "not a URL: it needs a scheme, like https://example.org/file.mp4"
        }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return "only http and https links are allowed, not '\(scheme.prefix(20))'"
        }
        guard let components = URLComponents(string: text) else {
            return "malformed URL; check for unencoded characters such as spaces, quotes or '%'"
        }
        if components.user != nil || components.password != nil {
            return "a URL must not carry a user name or password ('user:password@'); links are shown to journalists"
        }
        guard let host = components.host, !host.isEmpty else {
            return "the URL has no host name; write it as \(scheme)://host/path"
        }
        if let port = components.port, !(1...65_535).contains(port) {
            return "the URL's port \(port) is out of range"
        }
        return nil
    }

    static func calendarDate(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    static func isLanguageTag(_ text: String) -> Bool {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
        let primary = subtags[0].lowercased()
        let primaryOK = (2...3).contains(primary.count) && primary.allSatisfy { $0.isASCII && $0.isLetter }
            || ((primary == "x" || primary == "i") && subtags.count > 1)
        let restOK = subtags.dropFirst().allSatisfy {
            (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
        return primaryOK && restOK
    }

    static func timecodeProblem(_ text: String) -> String? {
        let hint = "'\(text)' is not a timecode; write HH:MM:SS or MM:SS (quoted, e.g. \"00:01:05\")"
        var fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let last = fields.last, let dot = last.firstIndex(of: ".") {
            let fraction = last[last.index(after: dot)...]
            guard (1...3).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit) else { return hint }
            fields[fields.count - 1] = String(last[..<dot])
        }
        guard (2...4).contains(fields.count),
              fields.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) else {
            return hint
        }
        let numbers = fields.compactMap { Int($0) }
        let minuteSecond = fields.count == 4 ? numbers[1...2] : numbers.suffix(2)
        guard minuteSecond.allSatisfy({ $0 < 60 }) else { return hint }
        return nil
    }

    static func contentTypeProblem(_ text: String) -> String? {
        let essence = text.split(separator: ";", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces)
        let parts = essence.split(separator: "/", omittingEmptySubsequences: false)
        let token = { (s: Substring) in
            !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$&^_.+-".contains($0)) }
        }
        guard parts.count == 2, token(parts[0]), token(parts[1]) else {
            return "'\(text)' is not a content type like video/mp4 or image/jpeg"
        }
        return nil
    }

    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
