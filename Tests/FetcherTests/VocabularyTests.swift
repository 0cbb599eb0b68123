@testable import Fetcher
import LinkVocabulary
import TestHTTPServer
import Testing

@Suite("The fetcher speaks the shared vocabulary")
struct VocabularyTests {
    @Test func everyVerdictMapsBothWays() {
        for name in LinkVerdict.allCases {
            let verdict = Verdict(name, newURL: "https://example.org/new")
            #expect(verdict.linkVerdict == name && verdict.name == name.rawValue)
            #expect(verdict.isSuccess == name.isSuccess && verdict.isRetryable == name.isRetryable)
        }
        #expect(Verdict(.redirected, newURL: "https://example.org/new") == .redirected(newURL: "https://example.org/new"))
    }

    /// `RetryRules` only narrows `isRetryable` (to the statuses worth another attempt), never widens it.
    @Test func retryRulesAgreeWithIsRetryable() {
        for name in LinkVerdict.allCases {
            let verdict = Verdict(name, newURL: nil)
            for status in [nil, 200, 404, 429, 500, 502, 503, 504] where RetryRules.isRetryable(verdict: verdict, status: status) {
                #expect(verdict.isRetryable, "\(name) with \(status.map(String.init) ?? "no status")")
            }
        }
        #expect(RetryRules.isRetryable(verdict: .serverError, status: 502) && !RetryRules.isRetryable(verdict: .serverError, status: 500))
    }
}

@Suite("Accepted statuses are the classifier's last rule")
struct AcceptedStatusesTests {
    @Test func anAcceptedStatusIsAWorkingLinkThatStillSaysWhatWasAnswered() async throws {
        let accepting = testConfiguration { $0.acceptedStatuses = [401] }
        let (result, _) = try await checkOnce(["/asset": .status(401)], configuration: accepting)
        #expect(result.verdict == .ok && result.httpStatus == 401 && result.detail == "HTTP 401")
        // Without the policy, the same answer is broken.
        let (plain, _) = try await checkOnce(["/asset": .status(401)])
        #expect(plain.verdict == .broken && plain.httpStatus == 401)
    }

    @Test func aNonAcceptedStatusIsJudgedAsUsual() async throws {
        let accepting = testConfiguration { $0.acceptedStatuses = [401] }
        let (result, _) = try await checkOnce(["/asset": .status(404)], configuration: accepting)
        #expect(result.verdict == .broken && result.httpStatus == 404)
    }

    /// A `HEAD` 200 whose probe `GET` answered an accepted status: the status recorded is the `GET`'s,
    /// and the policy accepts it, as it did when PressKit applied it after the fetcher.
    @Test func theStatusOfTheDecidingGetIsTheOneAccepted() async throws {
        let route = Route.methods(head: .file(size: 100_000, contentType: "video/mp4"), get: .status(403))
        let accepting = testConfiguration { $0.acceptedStatuses = [403] }
        let (result, _) = try await checkOnce(["/asset": route], configuration: accepting) { $0.probe = .always }
        #expect(result.verdict == .ok && result.httpStatus == 403)
        let (plain, _) = try await checkOnce(["/asset": route]) { $0.probe = .always }
        #expect(plain.verdict == .broken && plain.httpStatus == 403)
    }

    @Test func accepting() {
        #expect(Verdict.accepting(.broken, status: 401, accepted: [401]) == .ok)
        #expect(Verdict.accepting(.unverifiable, status: 403, accepted: [403]) == .ok)
        #expect(Verdict.accepting(.broken, status: 404, accepted: [401]) == .broken)
        #expect(Verdict.accepting(.timeout, status: nil, accepted: [401]) == .timeout)
        #expect(Verdict.accepting(.redirected(newURL: "x"), status: 301, accepted: [301]) == .redirected(newURL: "x"))
    }
}
