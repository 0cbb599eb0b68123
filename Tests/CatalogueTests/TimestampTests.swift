import Foundation
import Testing
@testable import Catalogue

/// The hand-written timestamps must give the format style's text and read it back.
@Suite struct TimestampTests {
    static let instants: [Double] = [0, 0.0005, 59.999, 951_782_400.5, 978_307_199.9995, 978_307_200, 1_790_000_000.123,
                                     1_790_000_000.9995, 1_790_000_000.9999999, 4_102_444_799.999, 253_402_300_799.999]
        + (0..<20_000).map { _ in Double.random(in: 0..<4_102_444_800) }
        + (0..<2_000).map { _ in Double(Int.random(in: 0..<4_102_444_800)) + Double(Int.random(in: 0..<1_000)) / 1_000 }

    @Test func textMatchesTheFormatStyle() {
        var mismatches: [String] = []
        for seconds in Self.instants {
            let date = Date(timeIntervalSince1970: seconds)
            if Timestamp.text(date) != date.formatted(Timestamp.style) { mismatches.append("\(seconds)") }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func textReadsBack() throws {
        for seconds in Self.instants {
            let text = Timestamp.text(Date(timeIntervalSince1970: seconds))
            let reference = try Date(text, strategy: Timestamp.style)
            #expect(abs(Timestamp.date(text).timeIntervalSince(reference)) < 1e-6, "\(text)")
        }
    }

    @Test func otherFormsFallBack() {
        #expect(Timestamp.text(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
        #expect(Timestamp.date("2023-02-30T00:00:00.000Z") == (try? Date("2023-02-30T00:00:00.000Z", strategy: Timestamp.style))
                ?? Date(timeIntervalSince1970: 0))
        #expect(Timestamp.date("2023-11-20T10:00:00Z") == Date(timeIntervalSince1970: 1_700_474_400))
        #expect(Timestamp.date("garbage") == Date(timeIntervalSince1970: 0))
    }
}
