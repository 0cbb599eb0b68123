import Catalogue
import Fetcher
import Foundation
import LinkVocabulary

/// One URL's outcome in a run: the check as recorded, the catalogue items using it, and what to do.
public struct CheckedLink: Sendable, Hashable {
    public var target: LinkTarget
    public var check: LinkCheck
    public var hint: String
    /// Set when a working https link's certificate expires within the policy's warning window.
    public var certificateWarning: String?
    /// The file's media: probed by this check, or the last probe when the file is unchanged.
    public var media: MediaProbeRecord?
    /// Each way the file falls short of the policy's `expect` for the link's kinds (`off-spec`).
    public var offSpec: [String] = []
    /// For a link that does not work: the copy of its file `archive` keeps, if any.
    public var heldCopy: ArchivedCopy?

    /// The link as reports show it, from the check as the recorder writes it.
    init(check: LinkCheck, target: LinkTarget, certificateWarningDays: Int, policy: LinkCheckPolicy? = nil) {
        self.check = check
        self.target = target
        media = check.probe ?? (check.isSuccess ? target.validator?.media : nil)  // a 304 is a success
        if let policy { offSpec = policy.offSpec(media, kinds: target.kinds) }
        hint = Verdict(check.verdict, newURL: check.newURL).hint(detail: check.detail)
        if check.isSuccess, let expiry = check.certificateExpiry,
           expiry.timeIntervalSince(check.checkedAt) < Double(certificateWarningDays) * 86_400 {
            let days = Int((expiry.timeIntervalSince(check.checkedAt) / 86_400).rounded(.down))
            certificateWarning = days < 0 ? "the certificate has expired"
                : "the certificate expires in \(days) day\(days == 1 ? "" : "s") (\(Timestamp.text(expiry).prefix(10)))"
        }
    }

    /// Worth a line in a report: not ok, or ok with a certificate about to lapse or media off-spec.
    var isProblem: Bool { check.verdict != .ok || certificateWarning != nil || !offSpec.isEmpty }
}

/// What a `presskit check` run found. Only counts and the problems are held in memory; every link
/// of the run is in the database under `run`, and full listings (JSON, JUnit) are in the run's
/// `LinkListing`.
public struct CheckReport: Sendable {
    /// Tags this run's rows in the check history.
    public var run: String
    public var startedAt: Date
    public var duration: Duration
    /// Links per verdict.
    public var counts: [LinkVerdict: Int]
    /// Links whose media fall short of the policy's `expect` (whatever their verdict).
    public var offSpecCount = 0
    /// Files this run probed, and the body bytes the probes read.
    public var probedCount = 0
    public var probeBytes: Int64 = 0
    /// Links that are not ok or carry a certificate warning, in URL order.
    public var problems: [CheckedLink]
    public var certificateWarningDays: Int
    /// Set when no host could be reached: nothing of the run was recorded.
    public var outage: NetworkOutage?
    /// The run was stopped (Ctrl-C, SIGTERM) before every link was checked.
    public var interrupted = false
    /// Links the run set out to check, and checks it wrote to the history.
    public var plannedCount = 0
    public var recordedCount = 0

    public var total: Int { counts.values.reduce(0, +) }

    /// What an interrupted run tells the person who stopped it: how far it got, and that it is safe
    /// to run again (what it recorded stays; what it did not is still due).
    public var interruptionSummary: String {
        "interrupted: \(recordedCount) of \(plannedCount) links checked and recorded; run it again to finish"
    }

    /// Links whose verdict is one of `failOn`: what makes the run exit 1.
    public func failureCount(failOn: Set<LinkProblem>) -> Int {
        counts.filter { failOn.contains(.verdict($0.key)) }.values.reduce(0, +)
            + (failOn.contains(FailurePolicy.offSpec) ? offSpecCount : 0)
    }
}

/// What a run fails on (`--fail-on`): verdicts, and the flag `off-spec`.
public enum FailurePolicy {
    /// What `--fail-on` accepts, in the order help and errors list them: every verdict, then `off-spec`.
    public static let conditions: [LinkProblem] = LinkVerdict.allCases.map(LinkProblem.verdict) + [offSpec]
    /// The names of `conditions`, as `--fail-on` takes them.
    public static let names = conditions.map(\.rawValue)
    /// Every verdict that is not working: all but ok, redirected (the link works; the catalogue
    /// should be updated) and unverifiable (a bot wall says nothing).
    public static let defaultFailOn: Set<LinkProblem> = Set(LinkVerdict.failingByDefault.map(LinkProblem.verdict))
    /// Not a verdict: a working link whose probed media fall short of the policy's `expect`. Counted
    /// by `--fail-on off-spec` only.
    public static let offSpec = LinkProblem.flag(.offSpec)

    /// The conditions `names` name; names that are none (refused by the CLI before) are left out.
    public static func failOn(named names: [String]) -> Set<LinkProblem> {
        Set(names.compactMap(LinkProblem.init(rawValue:)).filter(conditions.contains))
    }
}
