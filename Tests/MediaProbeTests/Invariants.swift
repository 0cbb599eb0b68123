@testable import MediaProbe
import MediaSamples
import Testing

extension Sample: CustomTestStringConvertible {
    public var testDescription: String { name }
}

/// What must hold of every outcome, whatever the input: a request for more bytes asks for bytes
/// the input lacks and the file may have; properties are plausible numbers.
func checkInvariants(_ outcome: ProbeOutcome, _ input: ProbeInput) -> String? {
    switch outcome {
    case .needMore(let range, _):
        if range.lowerBound < 0 { return "negative range \(range)" }
        if input.covers(range) { return "asks for bytes it has: \(range)" }
        if let total = input.totalSize, range.lowerBound >= total { return "asks past the end: \(range) of \(total)" }
    case .unknown(let reason):
        if reason.isEmpty { return "unknown without a reason" }
    case .properties:
        break
    }
    if let properties = outcome.properties {
        for value in [properties.width, properties.height, properties.sampleRate, properties.channels, properties.pageCount] {
            if let value, value < 0 { return "negative count in \(properties)" }
        }
        for value in [properties.duration, properties.frameRate] {
            if let value, !value.isFinite || value < 0 { return "bad number in \(properties)" }
        }
    }
    return nil
}

/// Plays a fetcher: probes, and while the probe asks for more, serves the asked range (at most
/// `budget` bytes of it) from `file`, for at most `rounds` rounds.
func probeLikeAFetcher(_ file: [UInt8], head: Int, contentType: String?, budget: Int = 64 * 1024, rounds: Int = 6) -> ProbeOutcome {
    var input = ProbeInput(head: Array(file.prefix(head)), totalSize: Int64(file.count), contentType: contentType)
    var outcome = MediaProbe.probe(input)
    for _ in 0..<rounds {
        guard case .needMore(let range, _) = outcome, range.lowerBound < file.count else { break }
        let upper = min(Int(range.upperBound), file.count - 1, Int(range.lowerBound) + budget - 1)
        input.add(Array(file[Int(range.lowerBound)...upper]), at: range.lowerBound)
        outcome = MediaProbe.probe(input)
    }
    return outcome
}
