/// WebP (RFC 9649 "WebP Image Format"): a RIFF form whose first chunk is one of three.
/// - `VP8 ` (lossy, §2.5 / RFC 6386 §9.1): a 3-byte frame tag, the start code 9D 01 2A, then
///   14-bit width and height (the top two bits of each are a scale, not size).
/// - `VP8L` (lossless, §3.2): the signature 0x2F, then 14 bits of width − 1 and 14 bits of
///   height − 1, packed least significant bit first.
/// - `VP8X` (extended, §2.7.1.1): flags, 3 reserved bytes, then 24-bit canvas width − 1 and
///   height − 1; used by animated, alpha and metadata-carrying files.
enum WebPParser {
    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        let head = input.head
        guard head.count >= 30 else {
            return .needMore(range: input.range(from: Int64(head.count), length: 64), partial: MediaProperties(format: "WebP"))
        }
        let chunk = head.fourCC(12)
        let payload = 20
        var width: Int?
        var height: Int?
        switch chunk {
        case "VP8 ":
            guard head.matches([0x9D, 0x01, 0x2A], at: payload + 3) else { break }
            width = head.uint16LE(payload + 6).map { Int($0 & 0x3FFF) }
            height = head.uint16LE(payload + 8).map { Int($0 & 0x3FFF) }
        case "VP8L":
            guard head[payload] == 0x2F, let bits = head.uint32LE(payload + 1) else { break }
            width = Int(bits & 0x3FFF) + 1
            height = Int((bits >> 14) & 0x3FFF) + 1
        case "VP8X":
            width = head.uint24LE(payload + 4).map { Int($0) + 1 }
            height = head.uint24LE(payload + 7).map { Int($0) + 1 }
        default:
            return .unknown(reason: "malformed WebP: first chunk '\(chunk ?? "")' is not VP8, VP8L or VP8X")
        }
        guard let width, let height, width > 0, height > 0 else {
            return .unknown(reason: "malformed WebP: no image size in the \(chunk ?? "") chunk")
        }
        return .properties(MediaProperties(format: "WebP", width: width, height: height))
    }
}
