import Foundation

/// Checks on single field values, each returning a problem description or nil.
/// The messages say what is wrong and how to write it right.
public enum FieldRules {
    /// Link rules (Catalog/README.md): http or https only, a host, no credentials, no spaces.
    /// Never echoes the URL back: it may hold a password.
    public static func urlProblem(_ text: String) -> String? {
        // Printable ASCII, nearly every link, is read as bytes: no Unicode property look-ups, and a
        // character is a byte (a ':' cannot be the start of a longer character).
        var utf8 = text
        let printableASCII = utf8.withUTF8 { $0.allSatisfy { $0 > 0x20 && $0 < 0x7f } }
        if !printableASCII, text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }) {
            return "a URL must not contain spaces or control characters; encode a space as %20"
        }
        let colon = printableASCII ? text.utf8.firstIndex(of: UInt8(ascii: ":")) : text.firstIndex(of: ":")
        guard let colon else {
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
        if isLanguageTag(text.utf8) { return nil }
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
        isTimecode(text.utf8) ? nil : timecodeHint(text)
    }

    private static func timecodeHint(_ text: String) -> String {
        "'\(text)' is not a timecode; write HH:MM:SS or MM:SS (quoted, e.g. \"00:01:05\")"
    }

    /// `type/subtype` with optional parameters (RFC 9110 §8.3.1 token characters).
    public static func contentTypeProblem(_ text: String) -> String? {
        if let valid = isASCIIContentType(text) {
            return valid ? nil : "'\(text)' is not a content type like video/mp4 or image/jpeg"
        }
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

    // The rules below read UTF-8 bytes: every character they accept is ASCII, so any other byte
    // fails them, and they run for every asset of a catalogue.

    /// `languageProblem`'s rule: subtags split at '-', the first of 2–3 letters (or `x`/`i` with
    /// more to follow), the others of 1–8 letters or digits.
    private static func isLanguageTag(_ bytes: String.UTF8View) -> Bool {
        var subtag = 0, length = 0, primaryOK = false, startsPrivate = false
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                if subtag == 0 {
                    primaryOK = (2...3).contains(length) || (length == 1 && startsPrivate)
                } else if length == 0 {
                    return false
                }
                subtag += 1
                length = 0
            } else if isASCIILetter(byte) {
                if subtag == 0 && length == 0 { startsPrivate = byte | 0x20 == UInt8(ascii: "x") || byte | 0x20 == UInt8(ascii: "i") }
                length += 1
                if length > 8 { return false }
            } else if subtag > 0 && isASCIIDigit(byte) {
                length += 1
                if length > 8 { return false }
            } else {
                return false
            }
        }
        return subtag == 0 ? (2...3).contains(length) : length > 0 && primaryOK
    }

    /// `timecodeProblem`'s rule: 2–4 fields of 1–2 digits split at ':', the last one optionally
    /// followed by '.' and 1–3 digits; minutes and seconds below 60.
    private static func isTimecode(_ bytes: String.UTF8View) -> Bool {
        var fields: (Int, Int, Int, Int) = (0, 0, 0, 0)
        var count = 0, digits = 0, value = 0, fractionDigits = -1 // -1: no '.' seen
        func close() -> Bool {
            guard digits > 0, count < 4 else { return false }
            switch count {
            case 0: fields.0 = value
            case 1: fields.1 = value
            case 2: fields.2 = value
            default: fields.3 = value
            }
            count += 1
            digits = 0
            value = 0
            return true
        }
        for byte in bytes {
            if isASCIIDigit(byte) {
                if fractionDigits >= 0 {
                    fractionDigits += 1
                    if fractionDigits > 3 { return false }
                } else {
                    digits += 1
                    if digits > 2 { return false }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
            } else if byte == UInt8(ascii: ":") {
                guard fractionDigits < 0, close() else { return false }
            } else if byte == UInt8(ascii: "."), fractionDigits < 0 {
                fractionDigits = 0
            } else {
                return false
            }
        }
        guard fractionDigits != 0, close(), count >= 2 else { return false }
        // minutes and seconds below 60 wherever they stand
        let (minute, second) = switch count {
        case 4: (fields.1, fields.2)
        case 3: (fields.1, fields.2)
        default: (fields.0, fields.1)
        }
        return minute < 60 && second < 60
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `contentTypeProblem`'s rule on the bytes of ASCII text, the usual case; nil for other text.
    private static func isASCIIContentType(_ text: String) -> Bool? {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var essence = utf8[..<(utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex)]
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while let first = essence.first, isBlank(first) { essence = essence.dropFirst() }
        while let last = essence.last, isBlank(last) { essence = essence.dropLast() }
        guard let slash = essence.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let type = essence[..<slash], subtype = essence[essence.index(after: slash)...]
        return isToken(type) && isToken(subtype)
    }

    /// RFC 9110 §5.6.2 token characters, as far as content types use them.
    private static func isToken(_ bytes: Substring.UTF8View) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "^"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}

extension Character {
    public var isASCIIDigit: Bool { isASCII && isNumber }
}
