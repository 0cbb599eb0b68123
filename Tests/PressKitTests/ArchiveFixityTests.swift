import Catalogue
import Foundation
import LinkVocabulary
import Testing
@testable import PressKit

/// The archive's say in reports and digests, judged on histories built by hand.
@Suite struct ArchiveFixityTests {
    let url = "https://media.example.org/broll.mp4"
    let archived = Date(timeIntervalSince1970: 1_764_720_000)  // 2025-12-03
    var copy: ArchivedCopy {
        ArchivedCopy(url: url, sha256: String(repeating: "ab", count: 32), size: 412_000_000, contentType: "video/mp4",
                     etag: "\"v1\"", lastModified: nil, fetchedAt: archived)
    }

    func check(_ hours: Double, _ verdict: LinkVerdict = .ok, status: Int = 200, etag: String? = "\"v1\"", size: Int64? = 412_000_000) -> LinkCheck {
        LinkCheck(url: url, checkedAt: archived.addingTimeInterval(hours * 3_600), verdict: verdict, httpStatus: status,
                  contentType: "video/mp4", contentLength: size, etag: etag)
    }

    func annotate(_ checks: [LinkCheck], before: LinkCheck? = nil) -> [LinkTransition] {
        let history = LinkHistory(url: url, before: before, lastFullBefore: before, checks: checks)
        return ArchiveFixity.annotate(LinkTransitions.derive([history]), histories: [history], copies: [url: copy])
    }

    @Test func aFileThatDiffersFromTheCopyIsChangedOnceUntilItChangesAgain() {
        // Checks after the copy: the same file, then another one seen twice, then a third.
        let transitions = annotate([check(1), check(2, etag: "\"v2\""), check(3, etag: "\"v2\""), check(4, etag: "\"v3\"", size: 1)],
                                   before: check(-1))
        let changed = transitions.filter { $0.kind == .changed }
        #expect(changed.count == 2)
        #expect(changed[0].detail == "differs from the archived copy of 2025-12-03 (ETag \"v1\" → \"v2\"); ETag \"v1\" → \"v2\"")
        #expect(changed[1].detail?.hasPrefix("differs from the archived copy of 2025-12-03 (ETag \"v1\" → \"v3\"; size 412 MB → 1 B)") == true)
    }

    @Test func aDifferenceTheChecksDidNotSeeChangeIsStillSaidOnce() {
        // The last full check before the period already saw v2, after the copy was made of v1:
        // the history has no change of its own, and the copy's difference was said then.
        #expect(annotate([check(5, etag: "\"v2\"")], before: check(4, etag: "\"v2\"")).isEmpty)
        // Without it, the first check after the copy that differs says so.
        let first = annotate([check(5, etag: "\"v2\"")])
        #expect(first.map(\.kind) == [.changed])
        #expect(first.first?.detail == "differs from the archived copy of 2025-12-03 (ETag \"v1\" → \"v2\")")
        // A 304 says nothing of the file; a check before the copy neither.
        #expect(annotate([check(5, status: 304, etag: "\"v2\"")]).isEmpty)
        #expect(annotate([check(-5, etag: "\"v0\"")]).isEmpty)
    }

    @Test func aLinkThatBreaksSaysTheOfficeHoldsACopy() {
        let transitions = annotate([check(2, .broken, status: 404, etag: nil, size: nil)], before: check(1))
        #expect(transitions.map(\.kind) == [.broke])
        #expect(transitions.first?.detail == "the press office holds a copy (sha256 abababababab…, 412 MB, archived 2025-12-03); HTTP 404")
        // And the digest's words for it, as mail and chat show them.
        let digest = ChangeDigest.build(transitions: transitions, health: [:], usedBy: [:], certificateWarningDays: 21,
                                        since: nil, createdAt: archived.addingTimeInterval(10_000))
        #expect(digest.items.first?.detail?.hasPrefix("the press office holds a copy (sha256 abababababab…") == true)
    }
}
