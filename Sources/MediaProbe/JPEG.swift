/// JPEG (ITU-T T.81 Annex B) with EXIF orientation (CIPA DC-008, TIFF 6.0 tag 0x0112).
///
/// The picture size is in the frame header (SOFn), which follows the application segments; the
/// orientation is in the EXIF APP1 segment before it. Segments carry 16-bit lengths, so walking
/// them touches at most a few bytes per 64 KiB and never the scan data.
enum JPEGParser {
    /// Most segments read before the frame header; real files have fewer than twenty.
    private static let maxSegments = 1_000
    /// Enough for the longest segment (65,535 bytes) and the next marker.
    private static let segmentRequest: Int64 = 65_540

    static func probe(_ input: ProbeInput) -> ProbeOutcome {
        var offset: Int64 = 2  // After SOI (FF D8).
        var orientation: UInt16?
        for _ in 0..<maxSegments {
            guard let view = input.view(at: offset, maxCount: 4), view.count >= 2 else {
                return needMore(input, at: offset)
            }
            // B.1.1.2: markers are FF then a code; any number of FF fill bytes may precede the code.
            guard view[0] == 0xFF, let marker = view[1] else {
                return .unknown(reason: "malformed JPEG: no marker at byte \(offset)")
            }
            if marker == 0xFF {
                offset += 1
                continue
            }
            // Standalone markers carry no length: TEM, RSTn, SOI.
            if marker == 0x01 || (0xD0...0xD8).contains(marker) {
                offset += 2
                continue
            }
            if marker == 0xD9 || marker == 0xDA {
                return .unknown(reason: "malformed JPEG: \(marker == 0xD9 ? "end of image" : "scan data") before the frame header")
            }
            guard view.count >= 4, let length = view.uint16BE(2) else {
                return needMore(input, at: offset)
            }
            guard length >= 2 else { return .unknown(reason: "malformed JPEG: segment length \(length) at byte \(offset)") }
            let segmentEnd = offset + 2 + Int64(length)
            // APP1 also carries XMP: its first six bytes say which, so XMP is skipped unread.
            let exifSignature: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]  // "Exif\0\0" (EXIF 2.3 §4.7.2)
            var isExif = marker == 0xE1 && orientation == nil
            if isExif, let start = input.view(at: offset + 4, maxCount: 6), start.count == 6, !start.matches(exifSignature) {
                isExif = false
            }
            guard isFrameHeader(marker) || isExif else {
                offset = segmentEnd  // Only the frame header and EXIF matter: skip without reading.
                continue
            }
            guard let segment = input.view(at: offset + 4, maxCount: Int64(length) - 2) ?? (length == 2 ? ByteView([]) : nil),
                  segment.count == Int(length) - 2 else {
                return needMore(input, at: offset)
            }
            if isFrameHeader(marker) {
                // B.2.2: sample precision, number of lines (height), samples per line (width).
                guard let height = segment.uint16BE(1), let width = segment.uint16BE(3), width > 0 else {
                    return .unknown(reason: "malformed JPEG: frame header without a size")
                }
                var properties = MediaProperties(format: "JPEG", width: Int(width), height: height > 0 ? Int(height) : nil)
                if let orientation, (5...8).contains(orientation) {
                    // Orientations 5–8 turn the picture a quarter: it is displayed on its side.
                    (properties.width, properties.height) = (properties.height, properties.width)
                }
                return .properties(properties)
            }
            if segment.matches(exifSignature) {
                orientation = segment.slice(6, segment.count).flatMap(EXIFOrientation.read)
            }
            offset = segmentEnd
        }
        return .unknown(reason: "malformed JPEG: no frame header in the first \(maxSegments) segments")
    }

    /// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range (Table B.1).
    private static func isFrameHeader(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    private static func needMore(_ input: ProbeInput, at offset: Int64) -> ProbeOutcome {
        let fetchedEnd = input.view(at: offset).map { offset + Int64($0.count) } ?? offset
        return .needMore(range: input.range(from: fetchedEnd, length: segmentRequest), partial: MediaProperties(format: "JPEG"))
    }
}

/// The orientation tag of an EXIF TIFF structure (TIFF 6.0 §2: header, then IFD0 of 12-byte entries).
enum EXIFOrientation {
    /// Entries read from IFD0 at most; the count field is 16 bits, the bytes bound it further.
    private static let maxEntries = 512

    /// 1–8 when IFD0 holds a valid orientation (tag 0x0112, type SHORT), else nil.
    static func read(_ tiff: ByteView) -> UInt16? {
        let bigEndian: Bool
        if tiff.matches([0x4D, 0x4D, 0x00, 0x2A]) {  // "MM", 42
            bigEndian = true
        } else if tiff.matches([0x49, 0x49, 0x2A, 0x00]) {  // "II", 42
            bigEndian = false
        } else {
            return nil
        }
        guard let ifdOffset = tiff.uint32(4, bigEndian: bigEndian).flatMap({ Int(exactly: $0) }),
              let count = tiff.uint16(ifdOffset, bigEndian: bigEndian) else { return nil }
        for index in 0..<min(Int(count), maxEntries) {
            guard let entry = adding(ifdOffset, 2, index * 12), let tag = tiff.uint16(entry, bigEndian: bigEndian) else { return nil }
            guard tag == 0x0112 else { continue }
            // Type 3 (SHORT), count 1: the value sits left-justified in the 4-byte value field.
            guard tiff.uint16(entry + 2, bigEndian: bigEndian) == 3,
                  let value = tiff.uint16(entry + 8, bigEndian: bigEndian), (1...8).contains(value) else { return nil }
            return value
        }
        return nil
    }
}
