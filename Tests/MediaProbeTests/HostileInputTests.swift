@testable import MediaProbe
import MediaSamples
import Testing

/// Inputs written to break a parser: sizes that overflow, counts that lie, offsets that loop.
@Suite("Hostile inputs")
struct HostileInputTests {
    private func isUnknown(_ outcome: ProbeOutcome) -> Bool {
        if case .unknown = outcome { return true }
        return false
    }

    @Test func boxClaiming2To64Bytes() {
        let file = box("ftyp", Bytes.ascii("isom") + Bytes.zeros(4)) + Bytes.be32(1) + Bytes.ascii("mdat") + Bytes.be64(.max) + Bytes.zeros(64)
        #expect(isUnknown(MediaProbe.probe(file, totalSize: Int64(file.count))))
        #expect(isUnknown(MediaProbe.probe(file)))
        // largesize just under Int64.max: the next offset would overflow
        let near = box("ftyp", Bytes.ascii("isom")) + Bytes.be32(1) + Bytes.ascii("free") + Bytes.be64(UInt64(Int64.max - 10)) + Bytes.zeros(8)
        #expect(isUnknown(MediaProbe.probe(near)))
    }

    @Test func boxSizesBelowTheHeaderAndSizeZero() {
        #expect(isUnknown(MediaProbe.probe(Bytes.be32(4) + Bytes.ascii("ftypisom") + Bytes.zeros(32))))
        #expect(isUnknown(MediaProbe.probe(box("ftyp", Bytes.ascii("isom")) + Bytes.be32(0) + Bytes.ascii("mdat") + Bytes.zeros(100))))
        // moov of size 0 runs to the end of the file: still parsed.
        let movie = SampleMovie()
        var file = movie.bytes
        file.replaceSubrange(24..<28, with: Bytes.be32(0))
        let moovOnly = Array(file.prefix(24 + movie.moov.count))
        #expect(MediaProbe.probe(moovOnly, totalSize: Int64(moovOnly.count)).properties?.videoCodec == "H.264")
    }

    @Test func manyTinyBoxesEndQuickly() {
        let file = [UInt8](Array(repeating: box("free", []), count: 50_000).joined())
        #expect(isUnknown(MediaProbe.probe(file, totalSize: Int64(file.count))))
    }

    @Test func absurdSampleTableCountsAreBoundedByTheBytes() {
        // stts claiming 2^32 − 1 entries with one present, stsd claiming many entries with one present.
        var file = SampleMovie().bytes
        let stts = Bytes.ascii("stts") + [0, 0, 0, 0] + Bytes.be32(1)
        let index = try! #require(file.firstRange(of: stts)).lowerBound
        file.replaceSubrange((index + 8)..<(index + 12), with: Bytes.be32(0xFFFF_FFFF))
        #expect(MediaProbe.probe(file).properties?.frameRate == 29.97)
    }

    @Test func childBoxLargerThanItsParentIsClipped() {
        var file = SampleMovie().bytes
        let tkhd = try! #require(file.firstRange(of: Bytes.ascii("tkhd"))).lowerBound
        file.replaceSubrange((tkhd - 4)..<tkhd, with: Bytes.be32(0xFFFF_FFF0))
        let outcome = MediaProbe.probe(file, totalSize: Int64(file.count))
        #expect(checkInvariants(outcome, ProbeInput(head: file, totalSize: Int64(file.count))) == nil)
    }

    @Test func exifOffsetsPointingAnywhere() {
        for offset in [0xFFFF_FFFF, 0x7FFF_FFFF, 0, 4, 8_000_000] {
            var file = SampleFiles.jpeg(orientation: 6)
            let tiff = try! #require(file.firstRange(of: Bytes.ascii("II*"))).lowerBound
            file.replaceSubrange((tiff + 4)..<(tiff + 8), with: Bytes.le32(offset))
            #expect(MediaProbe.probe(file).properties?.width != nil)
        }
    }

    @Test func jpegOfFillBytesOnly() {
        #expect(isUnknown(MediaProbe.probe([0xFF, 0xD8] + [UInt8](repeating: 0xFF, count: 10_000), totalSize: 10_002)))
    }

    @Test func id3TagClaimingMoreThanTheFile() {
        let file = Bytes.ascii("ID3") + [4, 0, 0x10, 0x7F, 0x7F, 0x7F, 0x7F] + Bytes.zeros(100)
        #expect(isUnknown(MediaProbe.probe(file, totalSize: Int64(file.count))))
    }

    @Test func riffChunkSizesPastTheEnd() {
        let file = Bytes.ascii("RIFF") + Bytes.le32(0xFFFF_FFFF) + Bytes.ascii("WAVE") + Bytes.ascii("JUNK") + Bytes.le32(0xFFFF_FFFF) + Bytes.zeros(16)
        #expect(isUnknown(MediaProbe.probe(file, totalSize: Int64(file.count))))
    }

    @Test func htmlWithUnterminatedEverything() {
        for text in ["<html><head><title>never closed", "<html><head><meta content=\"x", "<!doctype html><!-- no end", "<html><script>"] {
            let file = Bytes.ascii(text)
            #expect(MediaProbe.probe(file, totalSize: Int64(file.count)).properties?.format == "HTML")
        }
    }

    @Test func pdfFullOfPageTreeKeys() {
        let file = Bytes.ascii("%PDF-1.4\n" + String(repeating: "/Type /Pages /Count 7 ", count: 20_000))
        let start = ContinuousClock.now
        _ = MediaProbe.probe(file, totalSize: Int64(file.count))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    /// Cross-reference tables that lie: a /Prev naming itself, a count running past the file, entries
    /// naming the wrong object or an offset past the end, a catalogue that is its own page tree.
    @Test(arguments: [
        "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Prev @ >>\nstartxref\n@\n%%EOF\n",
        "xref\n0 999999999\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R >>\nstartxref\n@\n%%EOF\n",
        "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Root 1 0 R >>\nstartxref\n@\n%%EOF\n",
        "xref\n0 2\n0000000000 65535 f \n9999999999 00000 n \ntrailer\n<< /Root 1 0 R >>\nstartxref\n@\n%%EOF\n",
        "xref\n1 1\n0000000009 00000 n \ntrailer\n<< /Root 1 0 R /Prev 0 >>\nstartxref\n@\n%%EOF\n",
        "xref\n4294967295 4294967295\n",
    ])
    func pdfCrossReferenceTablesThatLie(table: String) {
        // Object 1 is a catalogue naming itself as the page tree; object 2 is never listed right.
        let objects = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n" + String(repeating: " ", count: 3000)
        let text = objects + table.replacingOccurrences(of: "@", with: String(objects.utf8.count))
        let file = Bytes.ascii(text)
        for head in [16, 200, file.count] {
            let outcome = probeLikeAFetcher(file, head: head, contentType: "application/pdf", budget: 512, rounds: 20)
            guard case .unknown = outcome else {
                Issue.record("head \(head): expected unknown, got \(outcome)")
                continue
            }
        }
    }

    @Test func totalSizeSmallerThanTheBytesGiven() {
        for sample in Sample.all {
            let input = ProbeInput(head: sample.bytes, totalSize: 3, contentType: sample.contentType)
            #expect(checkInvariants(MediaProbe.probe(input), input) == nil, "\(sample.name)")
        }
    }
}
