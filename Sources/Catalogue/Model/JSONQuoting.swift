/// A JSON string literal (RFC 8259 §7) written as `JSONEncoder` writes it on Linux: `"` and `\`
/// escaped, the short escapes for backspace, form feed, line feed, carriage return and tab, `\u00xx`
/// (lower-case hex) for the other C0 controls; `/` and everything from DEL up as they are.
///
/// The one escaper behind every hand-written JSON in presskit (the catalogue's list columns, check
/// reports, kits), so they can never disagree with each other or with the encoder's tests.
public enum JSONQuoting {
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength(utf8.count)) { literal in
                let count = write(utf8, to: literal.baseAddress!)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: literal[..<count]))
            }
        }
    }

    /// The most bytes the literal of `count` UTF-8 bytes can take: its quotes, and six bytes for
    /// each byte at worst (`\u001f`).
    public static func maximumLength(_ count: Int) -> Int { count * 6 + 2 }

    /// Writes the literal of `utf8` at `literal`, which has room for `maximumLength(utf8.count)`
    /// bytes, and returns how many it wrote. Through pointers: the writers of the check listing
    /// call it for every string of every link (appending to an array byte by byte was a quarter of
    /// rendering a link).
    public static func write(_ utf8: UnsafeBufferPointer<UInt8>, to literal: UnsafeMutablePointer<UInt8>) -> Int {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        literal[0] = quote
        var written = 1
        guard let text = utf8.baseAddress else {
            literal[1] = quote
            return 2
        }
        // Runs between escapes are copied whole: most text has none.
        var mark = 0
        var index = 0
        while index < utf8.count {
            // Eight bytes at a time while none of them needs an escape (SWAR: a byte's high bit
            // survives in `escapes` when it is below 0x20, or equal to a quote or a backslash).
            if index + 8 <= utf8.count {
                let word = UnsafeRawPointer(text + index).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let quotes = word ^ (ones &* UInt64(quote)), backslashes = word ^ (ones &* UInt64(backslash))
                let escapes = ((word &- ones &* 0x20) | (quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes) & ~word & highs
                if escapes == 0 {
                    index += 8
                    continue
                }
            }
            let byte = text[index]
            index += 1
            guard byte < 0x20 || byte == quote || byte == backslash else { continue }
            let escaped = index - 1
            (literal + written).update(from: text + mark, count: escaped - mark)
            written += escaped - mark
            mark = index
            literal[written] = backslash
            written += 1
            let short: UInt8? = switch byte {
            case quote, backslash: byte
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            default: nil
            }
            if let short {
                literal[written] = short
                written += 1
            } else {
                (literal[written], literal[written + 1], literal[written + 2]) = (UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"))
                (literal[written + 3], literal[written + 4]) = (hexDigit(byte >> 4), hexDigit(byte & 0xF))
                written += 5
            }
        }
        (literal + written).update(from: text + mark, count: utf8.count - mark)
        written += utf8.count - mark
        literal[written] = quote
        return written + 1
    }

    /// Lower-case, as the encoder writes them.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
