/// What a check concluded about a link, by name: the one vocabulary of link health that the
/// fetcher's classifier, the catalogue's store, the press kits, the reports and the command line
/// share. Its raw value is the one spelling of each verdict at the edges (the database's text
/// columns, JSON, YAML policies, command-line arguments).
///
/// A module of its own, with no dependencies, because the catalogue must not import the fetcher and
/// the fetcher must never see the catalogue. The fetcher's `Verdict` adds what only a fresh check
/// knows (where a permanent redirect leads) and maps onto this (`Verdict.linkVerdict`); the rules
/// that decide a verdict live there, in its one classifier.
///
/// Case order is the documented order (README's verdict table, the JSON Schemas' enums).
public enum LinkVerdict: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case ok
    case redirected
    case broken
    case serverError = "server-error"
    case rateLimited = "rate-limited"
    case timeout
    case dns
    case refused
    case reset
    case tls
    case wrongType = "wrong-type"
    case tooLarge = "too-large"
    case blocked
    case unverifiable

    /// The name, so that a verdict reads the same in any text it is put in.
    public var description: String { rawValue }

    /// The link works (a permanent redirect works too, it just should be updated): what sets a
    /// link's `last_ok` and ends its failure streak.
    public var isSuccess: Bool {
        switch self {
        case .ok, .redirected: true
        default: false
        }
    }

    /// A journalist's click works: a success, or a bot wall (`unverifiable`), which says nothing
    /// against the link, so it neither breaks nor recovers one, fails no run and leaves no asset out.
    public var isWorking: Bool {
        isSuccess || self == .unverifiable
    }

    /// The failure can pass, so trying again later may change the verdict. Which responses exactly
    /// are retried within one check (429 and 502–504, not 500) is the fetcher's `RetryRules`.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .serverError, .timeout, .reset: true
        default: false
        }
    }

    /// The link answered, but with a file the policy does not accept for its kind: worth a look,
    /// not a dead link.
    public var isUnacceptableFile: Bool {
        self == .wrongType || self == .tooLarge
    }

    /// The verdict a stored name stands for: the one reading of the database's text columns. A name
    /// this presskit does not know (written by a newer one) reads as `unverifiable`: it cannot say
    /// whether that verdict is for or against the link.
    public init(stored name: String) {
        self = LinkVerdict(rawValue: name) ?? .unverifiable
    }

    /// Verdicts a check run fails on unless `--fail-on` says otherwise: every one that is not working.
    public static let failingByDefault: Set<LinkVerdict> = Set(allCases.filter { !$0.isWorking })

    /// The working verdicts' names, for the one SQL filter of failing links (`verdict NOT IN (…)`).
    public static var working: [LinkVerdict] { allCases.filter(\.isWorking) }
}

/// What a press kit, a listing or `--fail-on` can say about a link besides its verdict. Flags, not
/// verdicts: a link is stale or off-spec whatever its last verdict was.
public enum LinkFlag: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Never checked: no verdict at all.
    case unchecked
    /// Checked longer ago than the press-kit policy allows.
    case stale
    /// Working, but its probed media fall short of the policy's `expect` (resolution, duration, …).
    case offSpec = "off-spec"

    public var description: String { rawValue }
}

/// Anything a press-kit policy can act on for a link (`link_actions`), and a kit's flags on it: a
/// verdict or a flag. The raw value is the verdict's or the flag's name.
public enum LinkProblem: Hashable, Sendable, CaseIterable, RawRepresentable, Codable, CustomStringConvertible {
    case verdict(LinkVerdict)
    case flag(LinkFlag)

    public init?(rawValue: String) {
        if let verdict = LinkVerdict(rawValue: rawValue) { self = .verdict(verdict) }
        else if let flag = LinkFlag(rawValue: rawValue) { self = .flag(flag) }
        else { return nil }
    }

    public var rawValue: String {
        switch self {
        case .verdict(let verdict): verdict.rawValue
        case .flag(let flag): flag.rawValue
        }
    }

    public var description: String { rawValue }

    /// Every verdict, then every flag: the keys a policy's `link_actions` accepts.
    public static let allCases: [LinkProblem] = LinkVerdict.allCases.map(verdict) + LinkFlag.allCases.map(flag)
}
