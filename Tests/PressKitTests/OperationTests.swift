import Foundation
import Testing
import TestSupport
@testable import PressKit

/// The operations' own rules: the values the command line parses once, the failures it maps to
/// exit statuses, and opening a database that is not there.
@Suite struct OperationTests {
    @Test func aStatedDurationKeepsThePersonsWordsAndItsBound() throws {
        let wait = try #require(StatedDuration("90S", maximumSeconds: 7 * 86_400))
        #expect(wait.duration == .seconds(90))
        #expect(wait.text == "90S", "quoted back as written")
        #expect(StatedDuration("7d", maximumSeconds: 7 * 86_400)?.duration == .seconds(7 * 86_400))
        for refused in ["8d", "-1s", "soon", "", "12q"] {
            #expect(StatedDuration(refused, maximumSeconds: 7 * 86_400) == nil, "\(refused)")
        }
    }

    @Test func aReportStartIsAMomentOrASpanBackFromNow() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(ReportStart("2023-11-20") == .moment(Date(timeIntervalSince1970: 1_700_438_400)))
        #expect(ReportStart("2023-11-20T09:00:00+01:00")?.date(now: now) == Date(timeIntervalSince1970: 1_700_467_200))
        #expect(ReportStart("24h")?.date(now: now) == now.addingTimeInterval(-86_400))
        #expect(ReportStart("3660d") != nil, "ten years of 366 days is the longest span")
        for refused in ["3661d", "last tuesday", "2023-11-20T09:00:00", "2023-13-01"] {
            #expect(ReportStart(refused) == nil, "\(refused)")
        }
    }

    @Test func aMissingDatabaseIsUnavailableAndSaysWhatToDo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("none.sqlite")
        let error = try #require(throws: (any Error).self) { try Listings.show(database: path, event: "x", format: .table, width: nil, notes: OperationNotes { _ in }) }
        let failure = try #require(OperationFailure.from(error))
        #expect(failure.reason == .databaseUnavailable)
        #expect(failure.message.contains("no catalogue database at '\(path)'"), "\(failure.message)")
        #expect(!FileManager.default.fileExists(atPath: path), "a listing never creates one")
        #expect(OperationFailure.from(CocoaError(.fileNoSuchFile)) == nil, "other errors are not the store's")
    }

    @Test func anInvalidPolicyFailsWithEveryDiagnosticAsADetail() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("policies/link-check.yaml", "retries: many\nconnect_timeout: never\n")
        let error = try #require(throws: OperationFailure.self) { try PolicySet(directory: directory.path("policies")).linkCheckPolicy() }
        #expect(error.reason == .invalidInput)
        #expect(error.details.count == 2, "\(error.details)")
        #expect(error.details.allSatisfy { $0.contains("link-check.yaml:") }, "\(error.details)")
        #expect(error.message == "2 errors in 1 file; fix the policy and run again")
    }
}
