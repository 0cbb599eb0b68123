#if canImport(Glibc)
import Glibc
#endif

/// Text in the order of its UTF-8 bytes: SQLite's BINARY collation, and the key order of
/// `JSONEncoder`'s `sortedKeys`.
public enum ByteOrder {
    /// Whether `a` sorts before `b`, compared with `memcmp` over the strings' own bytes: through the
    /// `UTF8View` a byte at a time it was half the cost of sorting a chunk of links, and the larger
    /// part of checking a kit's object keys for order. Inlinable: called across modules for short
    /// keys, the call itself cost more than the comparison.
    @inlinable
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }
}
