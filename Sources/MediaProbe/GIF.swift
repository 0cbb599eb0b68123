/// GIF (GIF89a specification §17–18): the header, then the logical screen descriptor, whose
/// width and height are the canvas every frame is drawn on.
enum GIFParser {
    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        let head = input.head
        guard head.count >= 10 else {
            return .needMore(range: input.range(from: Int64(head.count), length: 64), partial: MediaProperties(format: "GIF"))
        }
        // Logical Screen Width and Height: unsigned 16-bit little-endian at bytes 6 and 8.
        guard let width = head.uint16LE(6), let height = head.uint16LE(8), width > 0, height > 0 else {
            return .unknown(reason: "malformed GIF: the logical screen has no size")
        }
        return .properties(MediaProperties(format: "GIF", width: Int(width), height: Int(height)))
    }
}
