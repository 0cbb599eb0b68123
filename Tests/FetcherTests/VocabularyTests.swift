@testable import Fetcher
import LinkVocabulary
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
