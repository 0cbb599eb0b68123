@testable import MediaProbe
import MediaSamples
import Testing

import Foundation

/// Property-based fuzzing: every parser on random and mutated inputs, seeded so a failure replays.
///
/// The normal suite runs 2,000 inputs per parser; a long run sets `PRESSKIT_FUZZ_ITERATIONS`
/// (e.g. `PRESSKIT_FUZZ_ITERATIONS=200000 swift test --filter MediaProbeTests.FuzzTests`) and
/// `PRESSKIT_FUZZ_SEED` to explore other inputs. A trap would end the test process; the invariants
/// of `checkInvariants` are checked on every outcome, through up to three fetcher rounds.
@Suite("Fuzzing")
struct FuzzTests {
    static let iterations = environment("PRESSKIT_FUZZ_ITERATIONS").flatMap { Int($0) } ?? 2_000
    static let seed = environment("PRESSKIT_FUZZ_SEED").flatMap { UInt64($0) } ?? 0x5EED_2026

    /// Seeds per parser: its samples, whose mutations reach deep into the format.
    static let formats: [(format: ProbedFormat, seeds: [[UInt8]])] = ProbedFormat.allCases.map { format in
        let seeds = Sample.all.filter { ProbedFormat.detect(ByteView($0.bytes), contentType: $0.contentType) == format }.map(\.bytes)
        return (format, seeds)
    }

    @Test(arguments: ProbedFormat.allCases)
    func parserSurvivesRandomAndMutatedInputs(format: ProbedFormat) throws {
        let seeds = try #require(Self.formats.first { $0.format == format }?.seeds)
        try #require(!seeds.isEmpty)
        let formatIndex = try #require(ProbedFormat.allCases.firstIndex(of: format))
        var random = SeededGenerator(seed: Self.seed &+ UInt64(formatIndex) &* 0x9E37_79B9)
        for iteration in 0..<Self.iterations {
            let file: [UInt8]
            if iteration % 8 == 0 {
                // Pure noise behind the first bytes of a seed, so the noise reaches this parser.
                let magic = seeds[0].prefix(12)
                file = Array(magic) + (0..<Int.random(in: 0...600, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                file = Mutator.mutate(seeds[Int.random(in: 0..<seeds.count, using: &random)], using: &random)
            }
            let head = Int.random(in: 0...file.count, using: &random)
            let totalSize: Int64? = switch Int.random(in: 0..<4, using: &random) {
            case 0: nil
            case 1: Int64.random(in: 0...Int64(file.count * 2 + 1), using: &random)
            default: Int64(file.count)
            }
            var input = ProbeInput(head: Array(file.prefix(head)), totalSize: totalSize, contentType: nil)
            // The parser alone (whatever the signature says), then the public entry with its fetch rounds.
            _ = format.parser(input)
            // The soft-404 headline reader scans the same bytes as a page, whatever they are.
            if format == .html { _ = PageHeadline(input) }
            for _ in 0..<3 {
                let outcome = MediaProbe.probe(input)
                if let problem = checkInvariants(outcome, input) {
                    Issue.record("\(format) iteration \(iteration) (seed \(Self.seed)): \(problem); input \(file.prefix(64))")
                    return
                }
                guard case .needMore(let range, _) = outcome, range.lowerBound < file.count else { break }
                let upper = Int(min(range.upperBound, Int64(file.count - 1), range.lowerBound + 4095))
                input.add(Array(file[Int(range.lowerBound)...upper]), at: range.lowerBound)
            }
        }
    }

    /// Writes every sample, with a control byte for the libFuzzer harness (0xA0: whole file, size
    /// known), as the seed corpus of `.ci/fuzz-probe`. Runs only when that script asks.
    @Test(.enabled(if: environment("PRESSKIT_FUZZ_SEEDS_DIR") != nil))
    func writeSeedCorpus() throws {
        let folder = try #require(environment("PRESSKIT_FUZZ_SEEDS_DIR"))
        for (index, sample) in Sample.all.enumerated() {
            let url = URL(fileURLWithPath: folder).appendingPathComponent("seed-\(index)")
            try Data([0xA0] + sample.bytes).write(to: url)
        }
    }
}

private func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name]
}

/// Structure-blind mutations in the style of libFuzzer's: bit flips, interesting values written
/// over bytes and 32-bit fields (the sizes and counts that parsers trust), insertions, deletions,
/// duplicated runs and truncation.
enum Mutator {
    private static let interestingBytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFE, 0xFF]
    private static let interestingWords: [UInt32] = [0, 1, 7, 8, 9, 15, 16, 0x7F, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]

    static func mutate(_ seed: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...6, using: &random) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0:
                bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &random)
            case 1:
                bytes[at] = interestingBytes.randomElement(using: &random)!
            case 2 where at + 4 <= bytes.count:
                let word = interestingWords.randomElement(using: &random)!
                let bigEndian = Bool.random(using: &random)
                for index in 0..<4 {
                    let shift = UInt32(bigEndian ? 24 - index * 8 : index * 8)
                    bytes[at + index] = UInt8(truncatingIfNeeded: word >> shift)
                }
            case 3:
                bytes.insert(contentsOf: (0..<Int.random(in: 1...16, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
            case 4:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...32, using: &random)))
            case 5:
                let run = bytes[at..<min(bytes.count, at + Int.random(in: 1...64, using: &random))]
                bytes.insert(contentsOf: run, at: Int.random(in: 0...bytes.count, using: &random))
            default:
                bytes.removeSubrange(at...)
            }
        }
        return bytes
    }
}
