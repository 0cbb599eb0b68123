import Foundation

/// Checks on single field values, each returning a problem description or nil.
/// The messages say what is wrong and how to write it right.
public enum FieldRules {
    /// Link rules (Catalog/README.md): http or https only, a host, no credentials, no spaces.
    /// Never echoes the URL back: it may hold a password.
    public static func urlProblem(_ text: String) -> String? {
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

    /// Common language names written where a BCP 47 tag belongs, with the tag to suggest.
    private static let languageNames: [String: String] = [
        "english": "en", "french": "fr", "german": "de", "russian": "ru", "ukrainian": "uk",
        "spanish": "es", "italian": "it", "serbian": "sr", "albanian": "sq", "macedonian": "mk",
        "bosnian": "bs", "croatian": "hr", "hungarian": "hu", "turkish": "tr", "polish": "pl",
        "romanian": "ro", "korean": "ko", "japanese": "ja", "arabic": "ar", "portuguese": "pt",
    ]

    /// Well-formedness per BCP 47 (RFC 5646 §2.1): a 2–3 letter primary language (or `x-`/`i-`),
    /// then subtags of 1–8 letters or digits. Registry membership is not checked.
    public static func languageProblem(_ text: String) -> String? {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
        let primary = subtags[0].lowercased()
        let primaryOK = (2...3).contains(primary.count) && primary.allSatisfy { $0.isASCII && $0.isLetter }
            || ((primary == "x" || primary == "i") && subtags.count > 1)
        let restOK = subtags.dropFirst().allSatisfy {
            (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
        if primaryOK && restOK { return nil }
        if let tag = languageNames[text.lowercased()] {
            return "'\(text)' is not a BCP 47 language tag; did you mean '\(tag)'?"
        }
        return "'\(text)' is not a BCP 47 language tag; write one such as en, fr, sr-Latn or pt-BR"
    }

    public static func emailProblem(_ text: String) -> String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix("."), !text.contains(where: \.isWhitespace) else {
            return "'\(text)' is not an email address like press@example.org"
        }
        return nil
    }

    /// Timecodes as multimedia portals write them: `MM:SS` or `HH:MM:SS`, optionally `.mmm` or `:FF` frames.
    public static func timecodeProblem(_ text: String) -> String? {
        var fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let last = fields.last, let dot = last.firstIndex(of: ".") {
            let fraction = last[last.index(after: dot)...]
            guard (1...3).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit) else { return timecodeHint(text) }
            fields[fields.count - 1] = String(last[..<dot])
        }
        guard (2...4).contains(fields.count),
              fields.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) else {
            return timecodeHint(text)
        }
        let numbers = fields.compactMap { Int($0) }
        // minutes and seconds below 60 wherever they stand
        let minuteSecond = fields.count == 4 ? numbers[1...2] : numbers.suffix(2)
        guard minuteSecond.allSatisfy({ $0 < 60 }) else { return timecodeHint(text) }
        return nil
    }

    private static func timecodeHint(_ text: String) -> String {
        "'\(text)' is not a timecode; write HH:MM:SS or MM:SS (quoted, e.g. \"00:01:05\")"
    }

    /// `type/subtype` with optional parameters (RFC 9110 §8.3.1 token characters).
    public static func contentTypeProblem(_ text: String) -> String? {
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
}

extension Character {
    public var isASCIIDigit: Bool { isASCII && isNumber }
}
