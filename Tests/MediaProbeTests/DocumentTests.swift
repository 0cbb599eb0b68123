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
        #expect(MediaProbe.probe(file, totalSize: 48_213) == .properties(MediaProperties(format: "PDF", pageCount: 42)))
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
