/// Helpers to write sample files byte by byte, in the order the specifications list the fields.
public enum Bytes {
    public static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    public static func be24(_ value: Int) -> [UInt8] { [UInt8(value >> 16 & 0xFF)] + be16(value) }
    public static func be32(_ value: Int) -> [UInt8] { be16(value >> 16) + be16(value) }
    public static func be32(signed value: Int32) -> [UInt8] { be32(Int(UInt32(bitPattern: value))) }
    public static func be64(_ value: UInt64) -> [UInt8] { be32(Int(value >> 32)) + be32(Int(value & 0xFFFF_FFFF)) }
    public static func le16(_ value: Int) -> [UInt8] { be16(value).reversed() }
    public static func le24(_ value: Int) -> [UInt8] { be24(value).reversed() }
    public static func le32(_ value: Int) -> [UInt8] { be32(value).reversed() }
    public static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
    public static func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a seeded generator, so every fuzz run is reproducible.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
