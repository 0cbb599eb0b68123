@testable import MediaProbe
import MediaSamples
import Testing

@Suite("Truncated inputs")
struct TruncationTests {
    /// Every prefix of every sample: the probe never traps, and it answers either the full file's
    /// properties (when the prefix already holds them), or needMore / unknown.
    @Test(arguments: Sample.all)
    func everyPrefix(sample: Sample) {
        let full = MediaProbe.probe(sample.bytes, totalSize: Int64(sample.bytes.count), contentType: sample.contentType)
        guard case .properties = full else {
            Issue.record("\(sample.name): the whole file gives \(full)")
            return
        }
        for length in 0..<sample.bytes.count {
            let prefix = Array(sample.bytes.prefix(length))
            for totalSize in [Int64(sample.bytes.count), nil] {
                let input = ProbeInput(head: prefix, totalSize: totalSize, contentType: sample.contentType)
                let outcome = MediaProbe.probe(input)
                if let problem = checkInvariants(outcome, input) {
                    Issue.record("\(sample.name) prefix \(length): \(problem)")
                    return
                }
                if totalSize != nil, case .properties = outcome, outcome != full {
                    Issue.record("\(sample.name) prefix \(length): \(outcome), whole file \(full)")
                    return
                }
            }
        }
    }

    /// From any head size, a fetcher serving the asked ranges ends with the whole file's answer.
    @Test(arguments: Sample.all)
    func rangeRequestsReachTheWholeFilesAnswer(sample: Sample) {
        let full = MediaProbe.probe(sample.bytes, totalSize: Int64(sample.bytes.count), contentType: sample.contentType)
        for head in [16, 64, 200, 1024] {
            let outcome = probeLikeAFetcher(sample.bytes, head: head, contentType: sample.contentType, budget: 256)
            #expect(outcome == full, "\(sample.name), head \(head)")
        }
    }
}
