import Catalogue
import Foundation
import StrictYAML

extension LinkCheckPolicy {
    static let keys = ["connect_timeout", "total_timeout", "low_speed_limit", "low_speed_time", "concurrency",
                       "per_host_concurrency", "per_host_rate", "retries", "retry_base_delay", "retry_max_delay",
                       "retry_after_cap", "accepted_statuses", "user_agent", "allowed_schemes",
                       "allow_private_addresses", "certificate_warning_days", "max_redirects", "max_body_bytes",
                       "max_content_length", "ca_file", "content_types", "recheck", "probe", "probe_budget",
                       "probe_first_read", "expect", "link_deadline", "soft_404_patterns"]
    static let expectationKeys = ["min_width", "min_height", "min_short_side", "min_duration", "max_duration", "formats"]

    /// Reads `link-check.yaml` from `directory`. A folder without the file gives the defaults; a missing
    /// folder is an error (a mistyped `--policies` must not silently check with defaults).
    public static func load(from directory: String) throws -> LinkCheckPolicy {
        try PolicyFolder.check(directory)
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return LinkCheckPolicy() }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws -> LinkCheckPolicy {
        var d: [Diagnostic] = []
        var policy = LinkCheckPolicy()
        guard let root = YAMLText.parse(path: path, data: data, into: &d) else { throw InvalidInput(diagnostics: d) }
        do {
            guard let map = MappingReader(root, what: "the link-check policy", path: path, diagnostics: &d) else { return policy }
            func duration(_ key: String, _ apply: (Duration) -> Void) {
                guard let text = map.text(key, into: &d) else { return }
                if let value = PolicyDuration.parse(text) { apply(value) } else {
                    d.append(map.diagnostic(at: map.node(key), "'\(key)' must be a duration like 10s, 500ms, 2m or 1h, found '\(text.prefix(40))'"))
                }
            }
            duration("connect_timeout") { policy.fetch.connectTimeout = $0 }
            duration("total_timeout") { policy.fetch.totalTimeout = $0 }
            map.integer("low_speed_limit", in: 0...1_000_000_000, into: &d).map { policy.fetch.lowSpeedLimit = $0 }
            duration("low_speed_time") { policy.fetch.lowSpeedTime = max(1, Int($0.components.seconds)) }
            if let text = map.text("link_deadline", into: &d) {
                if let value = PolicyDuration.parse(text, maximumSeconds: 86_400), value >= .seconds(1) {
                    policy.fetch.linkDeadline = value
                } else {
                    d.append(map.diagnostic(at: map.node("link_deadline"), "'link_deadline' must be a duration from 1s to 24h, like 60s or 5m, found '\(text.prefix(40))'"))
                }
            }
            if map.has("soft_404_patterns") {
                let patterns = map.texts("soft_404_patterns", into: &d)
                if patterns.contains(where: { $0.trimmingCharacters(in: .whitespaces).count < 3 }) {
                    d.append(map.diagnostic(at: map.node("soft_404_patterns"), "each of 'soft_404_patterns' must be a phrase of at least 3 characters, like \"page not found\""))
                } else {
                    policy.fetch.softNotFoundPatterns = patterns
                }
            }
            map.integer("concurrency", in: 1...10_000, into: &d).map { policy.fetch.totalConcurrency = $0 }
            map.integer("per_host_concurrency", in: 1...1_000, into: &d).map { policy.fetch.perHostConcurrency = $0 }
            map.number("per_host_rate", in: 0...100_000, into: &d).map { rate in
                policy.fetch.perHostInterval = rate == 0 ? .zero : .milliseconds(Int64((1_000 / rate).rounded(.up)))
            }
            map.integer("retries", in: 0...10, into: &d).map { policy.fetch.maxRetries = $0 }
            duration("retry_base_delay") { policy.fetch.retryBaseDelay = $0 }
            duration("retry_max_delay") { policy.fetch.maxRetryDelay = $0 }
            duration("retry_after_cap") { policy.fetch.retryAfterCap = $0 }
            for node in map.list("accepted_statuses", into: &d) {
                if let text = node.text, let status = Int(text), (100...599).contains(status) {
                    policy.acceptedStatuses.insert(status)
                } else {
                    d.append(map.diagnostic(at: node, "each of 'accepted_statuses' must be an HTTP status from 100 to 599"))
                }
            }
            if let agent = map.text("user_agent", into: &d) {
                if agent.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
                    policy.fetch.userAgent = agent
                } else {
                    d.append(map.diagnostic(at: map.node("user_agent"), "'user_agent' must be printable ASCII on one line"))
                }
            }
            if map.has("allowed_schemes") {
                let schemes = map.texts("allowed_schemes", into: &d).map { $0.lowercased() }
                let unknown = schemes.filter { $0 != "http" && $0 != "https" }
                if !unknown.isEmpty || schemes.isEmpty {
                    d.append(map.diagnostic(at: map.node("allowed_schemes"), "'allowed_schemes' may hold only http and https (links of other schemes are never contacted)"))
                } else {
                    policy.allowedSchemes = Set(schemes)
                }
            }
            map.bool("allow_private_addresses", into: &d).map { policy.fetch.allowPrivateAddresses = $0 }
            map.integer("certificate_warning_days", in: 0...3_650, into: &d).map { policy.certificateWarningDays = $0 }
            map.integer("max_redirects", in: 0...50, into: &d).map { policy.fetch.maxRedirects = $0 }
            map.integer("max_body_bytes", in: 1_024...16_777_216, into: &d).map { policy.fetch.maxBodyBytes = $0 }
            map.integer("max_content_length", in: 1...Int.max, into: &d).map { policy.fetch.maxContentLength = Int64($0) }
            map.text("ca_file", into: &d).map { policy.fetch.certificateAuthorityFile = $0 }
            if let node = map.node("content_types"),
               let kinds = MappingReader(node, what: "content_types", path: path, diagnostics: &d) {
                let names = AssetKind.allCases.map(\.rawValue)
                for kind in AssetKind.allCases where kinds.has(kind.rawValue) {
                    let types = kinds.texts(kind.rawValue, into: &d)
                    for type in types where FieldRules.contentTypeProblem(type.replacingOccurrences(of: "*", with: "any")) != nil {
                        d.append(kinds.diagnostic(at: kinds.node(kind.rawValue), "'\(type)' is not a media type or range like video/* or image/jpeg"))
                    }
                    policy.contentTypes[kind] = types.map { $0.lowercased() }
                }
                kinds.reportUnknownKeys(known: names, into: &d)
            }
            if let node = map.node("recheck"),
               let recheck = MappingReader(node, what: "recheck", path: path, diagnostics: &d) {
                func interval(_ key: String, _ apply: (Duration) -> Void) {
                    guard let text = recheck.text(key, into: &d) else { return }
                    if let value = PolicyDuration.parse(text, maximumSeconds: 366 * 86_400), value >= .seconds(60) {
                        apply(value)
                    } else {
                        d.append(recheck.diagnostic(at: recheck.node(key), "'\(key)' must be a duration from 1m to a year, like 15m, 6h or 7d, found '\(text.prefix(40))'"))
                    }
                }
                interval("upcoming") { policy.recheck.upcoming = $0 }
                interval("live") { policy.recheck.live = $0 }
                interval("recent") { policy.recheck.recent = $0 }
                interval("archived") { policy.recheck.archived = $0 }
                interval("failing") { policy.recheck.failing = $0 }
                recheck.integer("recent_days", in: 0...3_650, into: &d).map { policy.recheck.recentDays = $0 }
                recheck.reportUnknownKeys(known: ["upcoming", "live", "recent", "archived", "failing", "recent_days"], into: &d)
            }
            readProbe(map, into: &policy, &d)
            map.reportUnknownKeys(known: keys, into: &d)
        }
        if d.hasErrors { throw InvalidInput(diagnostics: d.sorted()) }
        return policy
    }

    /// `probe`, `probe_budget`, `probe_first_read` and `expect`.
    private static func readProbe(_ map: MappingReader, into policy: inout LinkCheckPolicy, _ d: inout [Diagnostic]) {
        if let text = map.text("probe", into: &d) {
            if let mode = ProbeMode(rawValue: text) { policy.probe = mode } else {
                d.append(map.diagnostic(at: map.node("probe"), "'probe' must be one of changed, always or never, found '\(text.prefix(40))'"))
            }
        }
        func size(_ key: String, upTo limit: String, _ apply: (Int) -> Void) {
            guard let text = map.text(key, into: &d) else { return }
            if let bytes = ByteSize.parse(text), (1_024...ByteSize.parse(limit)!).contains(bytes) { apply(Int(bytes)) } else {
                d.append(map.diagnostic(at: map.node(key), "'\(key)' must be a size from 1 KiB to \(limit), like 256 KiB, found '\(text.prefix(40))'"))
            }
        }
        size("probe_budget", upTo: "64 MiB") { policy.fetch.probeBudget = $0 }
        size("probe_first_read", upTo: "16 MiB") { policy.fetch.probeFirstRead = $0 }
        guard let node = map.node("expect"),
              let kinds = MappingReader(node, what: "expect", path: map.path, diagnostics: &d) else { return }
        for kind in AssetKind.allCases where kinds.has(kind.rawValue) {
            guard let rule = kinds.node(kind.rawValue).flatMap({ MappingReader($0, what: "expect.\(kind.rawValue)", path: map.path, diagnostics: &d) })
            else { continue }
            var expectation = MediaExpectation()
            expectation.minWidth = rule.integer("min_width", in: 1...100_000, into: &d)
            expectation.minHeight = rule.integer("min_height", in: 1...100_000, into: &d)
            expectation.minShortSide = rule.integer("min_short_side", in: 1...100_000, into: &d)
            for key in ["min_duration", "max_duration"] {
                guard let text = rule.text(key, into: &d) else { continue }
                if let value = PolicyDuration.parse(text, maximumSeconds: 366 * 86_400) {
                    if key == "min_duration" { expectation.minDuration = value.seconds } else { expectation.maxDuration = value.seconds }
                } else {
                    d.append(rule.diagnostic(at: rule.node(key), "'\(key)' must be a duration like 30s, 3m or 1h, found '\(text.prefix(40))'"))
                }
            }
            expectation.formats = rule.texts("formats", into: &d)
            rule.reportUnknownKeys(known: expectationKeys, into: &d)
            policy.expectations[kind] = expectation
        }
        kinds.reportUnknownKeys(known: AssetKind.allCases.map(\.rawValue), into: &d)
    }
}
