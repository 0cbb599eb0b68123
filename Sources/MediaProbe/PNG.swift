/// PNG (ISO/IEC 15948, W3C PNG §5.2–5.3, §11.2.2): the signature, then the IHDR chunk first of all.
enum PNGParser {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        let head = input.head
        // IHDR: length 13, type, width, height (each 4 bytes big-endian, 1 … 2^31 − 1).
        guard head.count >= 24 else {
            return .needMore(range: input.range(from: Int64(head.count), length: 64), partial: MediaProperties(format: "PNG"))
        }
        guard head.uint32BE(8) == 13, head.matches("IHDR", at: 12),
              let width = head.uint32BE(16), let height = head.uint32BE(20),
              (1...0x7FFF_FFFF).contains(width), (1...0x7FFF_FFFF).contains(height) else {
            return .unknown(reason: "malformed PNG: the first chunk is not a valid IHDR")
        }
        return .properties(MediaProperties(format: "PNG", width: Int(width), height: Int(height)))
    }
}
