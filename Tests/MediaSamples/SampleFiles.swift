import MediaProbe

/// Small sample files written field by field from their specifications, with known properties.
public enum SampleFiles {
    /// JPEG (T.81 Annex B): SOI, APP0 JFIF, APP1 EXIF with orientation, DQT, SOF0 640×480, SOS, EOI.
    /// `orientation` 6 ("rotate 90° clockwise to display") makes the displayed size 480×640.
    public static func jpeg(orientation: Int? = 6, bigEndianEXIF: Bool = false, exifPadding: Int = 0) -> [UInt8] {
        func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] { [0xFF, marker] + Bytes.be16(payload.count + 2) + payload }
        let u16 = bigEndianEXIF ? Bytes.be16 : Bytes.le16
        let u32 = bigEndianEXIF ? Bytes.be32 : Bytes.le32
        var tiff = bigEndianEXIF ? Bytes.ascii("MM") + Bytes.be16(42) : Bytes.ascii("II") + Bytes.le16(42)
        tiff += u32(8)  // IFD0 right after the header
        // IFD0: two entries (ImageWidth as a decoy, then Orientation), then the next-IFD offset 0.
        tiff += u16(2)
        tiff += u16(0x0100) + u16(4) + u32(1) + u32(9999)
        tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation ?? 1) + u16(0)
        tiff += u32(0) + Bytes.zeros(exifPadding)
        var file: [UInt8] = [0xFF, 0xD8]
        file += segment(0xE0, Bytes.ascii("JFIF\0") + [1, 1, 0] + Bytes.be16(72) + Bytes.be16(72) + [0, 0])
        if orientation != nil { file += segment(0xE1, Bytes.ascii("Exif\0\0") + tiff) }
        file += segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
        file += [0xFF, 0xFF]  // a fill byte before the next marker (B.1.1.2)
        file += segment(0xC0, [8] + Bytes.be16(480) + Bytes.be16(640) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
        file += segment(0xDA, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0x00, 0x56] + [0xFF, 0xD9]
        return file
    }

    /// PNG: signature, IHDR 1200×800 RGBA, IEND (CRCs are not checked by the probe, so zeros).
    public static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        + Bytes.be32(13) + Bytes.ascii("IHDR") + Bytes.be32(1200) + Bytes.be32(800) + [8, 6, 0, 0, 0] + Bytes.zeros(4)
        + Bytes.be32(0) + Bytes.ascii("IEND") + Bytes.zeros(4)

    /// GIF89a with a 320×240 logical screen, no colour table, trailer.
    public static let gif: [UInt8] = Bytes.ascii("GIF89a") + Bytes.le16(320) + Bytes.le16(240) + [0, 0, 0, 0x3B]

    public enum WebPKind: CaseIterable, Sendable { case lossy, lossless, extended }

    /// WebP of 400×300 in each of the three first-chunk forms (RFC 9649 §2.5, §3.2, §2.7.1.1).
    public static func webP(_ kind: WebPKind) -> [UInt8] {
        let chunk: [UInt8]
        switch kind {
        case .lossy:
            // Frame tag (key frame, version 0, show), start code, 14-bit sizes with scale 0.
            chunk = Bytes.ascii("VP8 ") + Bytes.le32(18) + [0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A]
                + Bytes.le16(400) + Bytes.le16(300) + Bytes.zeros(8)
        case .lossless:
            let bits = (400 - 1) | (300 - 1) << 14  // alpha_is_used and version bits 0
            chunk = Bytes.ascii("VP8L") + Bytes.le32(10) + [0x2F] + Bytes.le32(bits) + Bytes.zeros(5)
        case .extended:
            chunk = Bytes.ascii("VP8X") + Bytes.le32(10) + [0x10, 0, 0, 0] + Bytes.le24(400 - 1) + Bytes.le24(300 - 1)
                + Bytes.ascii("ALPH") + Bytes.le32(2) + [0, 0]
        }
        return Bytes.ascii("RIFF") + Bytes.le32(4 + chunk.count) + Bytes.ascii("WEBP") + chunk
    }

    /// WAV: 8 kHz mono 8-bit PCM (8,000 bytes a second), an odd-sized LIST chunk (padded), and
    /// `seconds` of silence.
    public static func wave(seconds: Int = 2, extensible: Bool = false) -> [UInt8] {
        var format = Bytes.le16(extensible ? 0xFFFE : 1) + Bytes.le16(1) + Bytes.le32(8000) + Bytes.le32(8000) + Bytes.le16(1) + Bytes.le16(8)
        if extensible { format += Bytes.le16(22) + Bytes.le16(8) + Bytes.le32(4) + Bytes.le16(1) + Bytes.zeros(14) }
        let list = Bytes.ascii("INFOISFT") + Bytes.le32(3) + Bytes.ascii("pk\0")  // 15 bytes: odd
        let chunks = Bytes.ascii("fmt ") + Bytes.le32(format.count) + format
            + Bytes.ascii("LIST") + Bytes.le32(list.count) + list + [0]
            + Bytes.ascii("data") + Bytes.le32(8000 * seconds) + [UInt8](repeating: 0x80, count: 8000 * seconds)
        return Bytes.ascii("RIFF") + Bytes.le32(4 + chunks.count) + Bytes.ascii("WAVE") + chunks
    }

    /// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, joint stereo: 417-byte frames without padding.
    public static let mp3FrameHeader: [UInt8] = [0xFF, 0xFB, 0x90, 0x40]
    public static let mp3FrameLength = 417

    public enum VBRHeader: Sendable { case none, xing, vbri }

    /// `frames` frames of MP3 behind an ID3v2.4 tag of `id3Bytes` bytes; the first frame carries a
    /// Xing or VBRI header announcing 1,000 frames (26.122 s at 1,152 samples a frame) when asked.
    public static func mp3(frames: Int = 20, id3Bytes: Int = 0, vbr: VBRHeader = .none) -> [UInt8] {
        var file: [UInt8] = []
        if id3Bytes > 0 {
            let size = id3Bytes - 10  // syncsafe: 7 bits a byte
            file += Bytes.ascii("ID3") + [4, 0, 0] + [UInt8(size >> 21 & 0x7F), UInt8(size >> 14 & 0x7F), UInt8(size >> 7 & 0x7F), UInt8(size & 0x7F)]
            file += Bytes.ascii("TIT2") + Bytes.be32(6) + [0, 0, 3] + Bytes.ascii("Brief") + Bytes.zeros(max(0, size - 16))
        }
        for index in 0..<frames {
            var frame = mp3FrameHeader + Bytes.zeros(mp3FrameLength - 4)
            if index == 0 {
                switch vbr {
                case .none: break
                case .xing:  // after 32 bytes of side information (MPEG-1, stereo)
                    frame.replaceSubrange(36..<48, with: Bytes.ascii("Xing") + Bytes.be32(0x3) + Bytes.be32(1000))
                case .vbri:  // 32 bytes after the header: id, version, delay, quality, bytes, frames
                    frame.replaceSubrange(36..<54, with: Bytes.ascii("VBRI") + Bytes.be16(1) + Bytes.be16(0) + Bytes.be16(75)
                        + Bytes.be32(417_000) + Bytes.be32(1000))
                }
            }
            file += frame
        }
        return file
    }

    /// MPEG-1 Layer III at 44.1 kHz without a Xing or VBRI header, its frames alternating between
    /// 128 and 64 kbit/s (417 and 208 bytes): a VBR stream whose first frame's bitrate is not the
    /// stream's. Its duration is `frames` × 1,152 / 44,100 s.
    public static func mp3WithoutVBRHeader(frames: Int) -> [UInt8] {
        let fast: [UInt8] = [0xFF, 0xFB, 0x90, 0x40] + Bytes.zeros(417 - 4)
        let slow: [UInt8] = [0xFF, 0xFB, 0x50, 0x40] + Bytes.zeros(208 - 4)
        return (0..<frames).flatMap { $0 % 2 == 0 ? fast : slow }
    }

    /// A three-page PDF whose page tree root is object 2; `filler` bytes of stream data between the
    /// catalogue and the page tree push the tree away from the head.
    public static func pdf(pages: Int = 3, filler: Int = 0) -> [UInt8] {
        let kids = (0..<pages).map { "\($0 + 10) 0 R" }.joined(separator: " ")
        var text = "%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Outlines 3 0 R >>\nendobj\n"
        text += "3 0 obj\n<< /Type /Outlines /Count 12 >>\nendobj\n"
        text += "4 0 obj\n<< /Length \(filler) >>\nstream\n" + String(repeating: "x", count: filler) + "\nendstream\nendobj\n"
        for page in 0..<pages {
            text += "\(page + 10) 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>\nendobj\n"
        }
        text += "2 0 obj\n<< /Type /Pages\n/Kids [\(kids)]\n/Count \(pages) >>\nendobj\n"
        text += "trailer\n<< /Root 1 0 R /Size 20 >>\nstartxref\n0\n%%EOF\n"
        return Bytes.ascii(text)
    }

    /// A PDF with a true cross-reference table (ISO 32000-1 §7.5.4): `pages` pages, `before` bytes of
    /// stream data, the page tree root (object 2) and catalogue (object 1), then `after` bytes more.
    /// With both fillers large, the root is in neither the first 16 KiB nor the last 64 KiB, and only
    /// the table leads to it. `addedPages` appends an incremental update (§7.5.6) with a new version
    /// of the root, then `after` bytes again, and a section whose /Prev is the first; `entryLength`
    /// 19 ends entries with a lone newline, as some writers do.
    public static func pdfWithCrossReference(pages: Int, before: Int = 0, after: Int = 0, addedPages: Int = 0,
                                             entryLength: Int = 20) -> [UInt8] {
        var file = Bytes.ascii("%PDF-1.4\n%\u{e2}\u{e3}\n")
        var offsets: [Int: Int] = [:]
        func add(_ number: Int, _ body: String) {
            offsets[number] = file.count
            file += Bytes.ascii("\(number) 0 obj\n\(body)\nendobj\n")
        }
        func stream(_ number: Int, _ length: Int) {
            offsets[number] = file.count
            file += Bytes.ascii("\(number) 0 obj\n<< /Length \(length) >>\nstream\n") + [UInt8](repeating: 0x78, count: length)
                + Bytes.ascii("\nendstream\nendobj\n")
        }
        func root(_ kids: [Int]) -> String {
            "<< /Type /Pages /Kids [\(kids.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(kids.count) >>"
        }
        /// A table of the given objects, one subsection per run of consecutive numbers.
        func table(_ numbers: [Int], previous: Int?) -> Int {
            let start = file.count
            let end = entryLength == 19 ? "\n" : " \n"
            var text = "xref\n0 1\n0000000000 65535 f\(end)"
            var runs: [[Int]] = []
            for number in numbers.sorted() {
                if let last = runs.last?.last, last == number - 1 { runs[runs.count - 1].append(number) } else { runs.append([number]) }
            }
            for run in runs {
                text += "\(run[0]) \(run.count)\n"
                for number in run {
                    let offset = String(offsets[number]!)
                    text += String(repeating: "0", count: 10 - offset.count) + offset + " 00000 n" + end
                }
            }
            let prev = previous.map { " /Prev \($0)" } ?? ""
            text += "trailer\n<< /Size \((offsets.keys.max() ?? 0) + 1) /Root 1 0 R\(prev) >>\nstartxref\n\(start)\n%%EOF\n"
            file += Bytes.ascii(text)
            return start
        }
        let kids = (0..<pages).map { 10 + $0 }
        for kid in kids { add(kid, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>") }
        if before > 0 { stream(3, before) }
        add(2, root(kids))
        add(1, "<< /Type /Catalog /Pages 2 0 R >>")
        if after > 0 { stream(4, after) }
        let first = table(Array(offsets.keys), previous: nil)
        guard addedPages > 0 else { return file }
        let added = (0..<addedPages).map { 10 + pages + $0 }
        for kid in added { add(kid, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>") }
        add(2, root(kids + added))
        if after > 0 { stream(5, after) }
        _ = table(added + [2] + (after > 0 ? [5] : []), previous: first)
        return file
    }

    /// A linearized PDF's first object (ISO 32000-1 Annex F.2.2): `/N` pages, and `/L` the file's
    /// length (`length`, or that of these bytes, 300); the rest of the file is not written.
    public static func linearizedPDF(pages: Int, length: Int = 300) -> [UInt8] {
        let size = String(length) + String(repeating: " ", count: max(0, 6 - String(length).count))
        let head = Bytes.ascii("%PDF-1.5\n%\u{e2}\u{e3}\n7 0 obj\n<< /Linearized 1 /L \(size) /H [ 612 150 ] /O 9 /E 217 /N \(pages) /T 278 >>\nendobj\n")
        return head + Bytes.zeros(max(0, 300 - head.count))
    }

    public static let html = Bytes.ascii("""
        <!DOCTYPE html>
        <html lang="en"><HEAD>
        <meta charset="utf-8">
        <!-- <title>not this one</title> -->
        <title>
          Allies &amp; partners &#8211; NATO &#x2014; Brussels
        </title>
        <script>var s = "<title>nor this</title>";</script>
        <META property="og:title" content="Secretary General&#39;s visit to Skopje">
        <meta property='og:description' content="Talks on &quot;security&quot; &lt;and&gt; reform&hellip;">
        <meta property=og:image content=https://example.org/photos/sg-skopje.jpg>
        <link rel="alternate canonical" href="https://example.org/news/sg-skopje?lang=en&amp;x=1">
        </head>
        <body><title>nor this either</title></body></html>
        """)

    public static let htmlExpected = MediaProperties(
        format: "HTML", title: "Allies & partners – NATO — Brussels",
        openGraphTitle: "Secretary General's visit to Skopje",
        openGraphDescription: "Talks on \"security\" <and> reform…",
        openGraphImage: "https://example.org/photos/sg-skopje.jpg",
        canonicalURL: "https://example.org/news/sg-skopje?lang=en&x=1")
}
