@testable import MediaProbe
import MediaSamples
import Testing

@Suite("PDF and HTML")
struct DocumentTests {
    @Test func pdfPageTreeRoot() {
        #expect(MediaProbe.probe(SampleFiles.pdf(pages: 3)) == .properties(MediaProperties(format: "PDF", pageCount: 3)))
    }

    @Test func pdfLinearizationDictionary() {
        let file = SampleFiles.linearizedPDF(pages: 42)
        #expect(file.count == 300)
        #expect(MediaProbe.probe(file, totalSize: 300) == .properties(MediaProperties(format: "PDF", pageCount: 42)))
        #expect(MediaProbe.probe(file) == .properties(MediaProperties(format: "PDF", pageCount: 42)))
    }

    @Test func pdfLinearizationDictionaryOfAnUpdatedFileIsIgnored() {
        // Given a linearized file of 48,213 bytes, as its /L says, that has grown since: an incremental update
        let file = SampleFiles.linearizedPDF(pages: 42, length: 48_213)
        // Then /N is not the answer (Annex F.2.2); the rest of the file is (here it has nothing more)
        #expect(MediaProbe.probe(file, totalSize: 60_000).properties?.pageCount == nil)
    }

    @Test func pdfPageTreeNearTheEndIsReadFromTheTail() {
        let file = SampleFiles.pdf(pages: 5, filler: 200_000)
        var input = ProbeInput(head: Array(file.prefix(2048)), totalSize: Int64(file.count))
        guard case .needMore(let range, _) = MediaProbe.probe(input) else {
            Issue.record("expected needMore")
            return
        }
        #expect(range == Int64(file.count - 65_536)...Int64(file.count - 1))
        input.add(Array(file[Int(range.lowerBound)...]), at: range.lowerBound)
        #expect(MediaProbe.probe(input) == .properties(MediaProperties(format: "PDF", pageCount: 5)))
    }

    @Test(arguments: [20, 19])
    func pdfPageTreeInTheMiddleIsFoundThroughTheCrossReferenceTable(entryLength: Int) throws {
        // Given 7 pages whose tree root sits after 40 KB and before 100 KB of image data
        let file = SampleFiles.pdfWithCrossReference(pages: 7, before: 40_000, after: 100_000, entryLength: entryLength)
        // When a fetcher reads the first 16 KiB, then what the probe asks for
        let outcome = probeLikeAFetcher(file, head: 16_384, contentType: "application/pdf")
        // Then the table led to the catalogue and the root
        #expect(outcome == .properties(MediaProperties(format: "PDF", pageCount: 7)))
    }

    /// The ranges a probe asks for after a 16 KiB head, each served whole, and its last outcome.
    private func requests(_ file: [UInt8]) -> (outcome: ProbeOutcome, ranges: [ClosedRange<Int64>]) {
        var input = ProbeInput(head: Array(file.prefix(16_384)), totalSize: Int64(file.count))
        var ranges: [ClosedRange<Int64>] = []
        while case .needMore(let range, _) = MediaProbe.probe(input), ranges.count < 8 {
            ranges.append(range)
            input.add(Array(file[Int(range.lowerBound)...Int(range.upperBound)]), at: range.lowerBound)
        }
        return (MediaProbe.probe(input), ranges)
    }

    @Test func pdfCrossReferenceWalkReadsTheTailThenTwoObjects() throws {
        let (outcome, ranges) = requests(SampleFiles.pdfWithCrossReference(pages: 3, before: 40_000, after: 100_000))
        #expect(outcome.properties?.pageCount == 3)
        // The last 64 KiB, the catalogue's object, the root's: 4 KiB each.
        #expect(ranges.count == 3)
        #expect(ranges.dropFirst().allSatisfy { $0.count == 4096 })
    }

    @Test func pdfIncrementalUpdateCountsTheNewestPageTree() {
        // Given 4 pages, then an update adding 2 that writes a new root, each followed by 100 KB of data
        let file = SampleFiles.pdfWithCrossReference(pages: 4, before: 40_000, after: 100_000, addedPages: 2)
        // Then the catalogue is found through /Prev and the root through the newest section: the last
        // 64 KiB, the first section (its trailer, and the update's new root just after it), the catalogue.
        let (outcome, ranges) = requests(file)
        #expect(outcome == .properties(MediaProperties(format: "PDF", pageCount: 6)))
        #expect(ranges.count == 3)
        #expect(MediaProbe.probe(SampleFiles.pdfWithCrossReference(pages: 4, addedPages: 2)).properties?.pageCount == 6)
    }

    @Test func pdfPageTreeInTheHeadIsCheckedAgainstAnUpdateAtTheEnd() {
        // Given the old root in the first bytes and an update replacing it 100 KB later
        let updated = SampleFiles.pdfWithCrossReference(pages: 4, after: 100_000, addedPages: 2)
        let (outcome, ranges) = requests(updated)
        #expect(outcome.properties?.pageCount == 6)
        // The last 4 KiB show /Prev; the first section (in the head), then the new root.
        #expect(ranges.first?.count == 4096)
        // Given the same file without the update, the last 4 KiB are all it costs
        let (plain, plainRanges) = requests(SampleFiles.pdfWithCrossReference(pages: 4, after: 100_000))
        #expect(plain.properties?.pageCount == 4)
        #expect(plainRanges.count == 1)
    }

    @Test func pdfWithACrossReferenceStreamIsUnknownWithTheReason() {
        // Given a PDF 1.5 file whose startxref points at a compressed cross-reference stream
        let body = "%PDF-1.5\n" + String(repeating: "%filler\n", count: 100)
        let file = Bytes.ascii(body + "9 0 obj\n<< /Type /XRef /Filter /FlateDecode /Length 2 >>\nstream\nxx\nendstream\nendobj\n"
            + "startxref\n\(body.utf8.count)\n%%EOF\n")
        guard case .unknown(let reason) = MediaProbe.probe(file, totalSize: Int64(file.count)) else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason.contains("compressed"))
    }

    @Test func pdfWithoutAReadablePageTreeIsUnknown() {
        let file = Bytes.ascii("%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 5 /Filter /FlateDecode >>\nstream\nxx\nendstream\nendobj\n%%EOF\n")
        guard case .unknown = MediaProbe.probe(file, totalSize: Int64(file.count)) else {
            Issue.record("expected unknown")
            return
        }
    }

    @Test func htmlTitleOpenGraphAndCanonical() {
        let file = SampleFiles.html
        #expect(MediaProbe.probe(file, totalSize: Int64(file.count), contentType: "text/html") == .properties(SampleFiles.htmlExpected))
        #expect(MediaProbe.probe(file) == .properties(SampleFiles.htmlExpected))
    }

    @Test func htmlLatin1AndNumericEntities() {
        let file = Bytes.ascii("<html><head><title>Caf") + [0xE9] + Bytes.ascii(" &#233;&#0;&bogus; &amp</title></head>")
        #expect(MediaProbe.probe(file).properties?.title == "Café é\u{FFFD}&bogus; &amp")
    }

    @Test func htmlWithoutTheEndOfItsHeadAsksForMore() {
        let file = SampleFiles.html
        let outcome = MediaProbe.probe(Array(file.prefix(120)), totalSize: Int64(file.count))
        guard case .needMore(let range, let partial) = outcome else {
            Issue.record("expected needMore, got \(outcome)")
            return
        }
        #expect(range.lowerBound == 120)
        #expect(partial?.format == "HTML")
    }
}
