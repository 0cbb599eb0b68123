/// 64-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/): a hash that never changes between runs,
/// machines or Swift versions, unlike `Hasher`. Used where a hash is stored or shown: derived asset ids
/// and the per-event fingerprints that let a re-import skip unchanged events.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Adds raw bytes, with nothing between calls.
    public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        // A String's UTF-8 is read fastest from its buffer (the import hashes every field of every row).
        if bytes.withContiguousStorageIfAvailable({ add(buffer: $0) }) != nil { return }
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
    }

    private mutating func add(buffer bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
    }

    /// Adds one field of a record: its text, then a byte UTF-8 never contains, so ("ab","c") and ("a","bc") differ.
    public mutating func combine(_ text: String) {
        add(text.utf8)
        add(CollectionOfOne(0xFF))
    }

    public mutating func combine(_ text: String?) {
        combine(text ?? "\u{0}")
    }

    /// The value as 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
