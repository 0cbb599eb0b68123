import Catalogue
import Foundation
import MediaProbe
import StrictYAML
import Testing
import TestSupport
@testable import PressKit

@Suite struct LinkCheckPolicyTests {
    func parse(_ yaml: String) throws -> LinkCheckPolicy {
        try LinkCheckPolicy.parse(Data(yaml.utf8), path: "Policies/link-check.yaml")
    }

    func problems(_ yaml: String) -> [String] {
        diagnostics { _ = try parse(yaml) }
    }

    @Test func theShippedPolicyIsValidAndMatchesTheDefaults() throws {
        let shipped = try LinkCheckPolicy.load(from: Repository.root.appendingPathComponent("Policies").path)
        var expected = LinkCheckPolicy()
        expected.fetch.userAgent = "presskit/0.1 (link checker; +mailto:press@example.org)"
        #expect(shipped == expected, "Policies/link-check.yaml documents the defaults; only the contact differs")
    }

    @Test func readsProbeSettingsAndExpectations() throws {
        let policy = try parse("""
            probe: always
            probe_budget: 1 MiB
            probe_first_read: 32 KiB
            expect:
              b-roll: {min_width: 1280, min_height: 720, min_duration: 10s, max_duration: 30m, formats: [MP4, MOV]}
              photo: {}
            """)
        #expect(policy.probe == .always)
        #expect(policy.fetch.probeBudget == 1_048_576 && policy.fetch.probeFirstRead == 32_768)
        #expect(policy.expectations[.bRoll] == MediaExpectation(minWidth: 1280, minHeight: 720, minDuration: 10,
                                                                 maxDuration: 1_800, formats: ["MP4", "MOV"]))
        #expect(policy.expectations[.photo] == MediaExpectation(), "an empty rule expects nothing")
        #expect(policy.expectations[.video] == MediaExpectation(minShortSide: 720), "a kind not named keeps its default")
        let short = MediaProperties(format: "WebM", width: 1920, height: 1080, duration: 4)
        #expect(policy.expectations[.bRoll]?.shortfalls(short, kind: .bRoll) == [
            "0:04 long, shorter than the 0:10 expected of b-roll", "WebM, not one of the formats expected of b-roll (MP4, MOV)",
        ])
        #expect(problems("probe: sometimes\nprobe_first_read: 12\nexpect: {b-rol: {}, photo: {min_width: 0}}\n") == [
            "Policies/link-check.yaml:1:8: error: 'probe' must be one of changed, always or never, found 'sometimes'",
            "Policies/link-check.yaml:2:19: error: 'probe_first_read' must be a size from 1 KiB to 16 MiB, like 256 KiB, found '12'",
            "Policies/link-check.yaml:3:10: error: unknown key 'b-rol' in expect; did you mean 'b-roll'?",
            "Policies/link-check.yaml:3:40: error: 'min_width' of expect.photo must be a whole number from 1 to 100000, found '0'",
        ])
    }

    @Test func readsTheLinkDeadlineAndSoft404Patterns() throws {
        let policy = try parse("link_deadline: 2m\nsoft_404_patterns: [gone fishing, page introuvable]\n")
        #expect(policy.fetch.linkDeadline == .seconds(120))
        #expect(policy.fetch.softNotFoundPatterns == ["gone fishing", "page introuvable"])
        #expect(LinkCheckPolicy().fetch.linkDeadline == .seconds(60))
        #expect(LinkCheckPolicy().fetch.softNotFoundPatterns.contains("page not found"))
        #expect(LinkCheckPolicy().fetch.softNotFoundPatterns.contains("page introuvable"))
        #expect(try parse("soft_404_patterns: []\n").fetch.softNotFoundPatterns.isEmpty)
        #expect(problems("link_deadline: 0s\nsoft_404_patterns: [\"a\"]\n") == [
            "Policies/link-check.yaml:1:16: error: 'link_deadline' must be a duration from 1s to 24h, like 60s or 5m, found '0s'",
            "Policies/link-check.yaml:2:20: error: each of 'soft_404_patterns' must be a phrase of at least 3 characters, like \"page not found\"",
        ])
    }

    @Test func readsEveryKey() throws {
        let policy = try parse("""
            connect_timeout: 250ms
            total_timeout: 2m
            low_speed_limit: 10_000
            low_speed_time: 5s
            concurrency: 8
            per_host_concurrency: 2
            per_host_rate: 4
            retries: 0
            retry_base_delay: 0.5
            retry_max_delay: 1h
            retry_after_cap: 10s
            accepted_statuses: [401, 403]
            user_agent: "office/1 (+mailto:a@example.org)"
            allowed_schemes: [https]
            allow_private_addresses: true
            certificate_warning_days: 7
            max_redirects: 3
            max_body_bytes: 4096
            max_content_length: 1000
            content_types: {photo: [image/jpeg]}
            """)
        #expect(policy.fetch.connectTimeout == .milliseconds(250))
        #expect(policy.fetch.totalTimeout == .seconds(120))
        #expect(policy.fetch.lowSpeedLimit == 10_000 && policy.fetch.lowSpeedTime == 5)
        #expect(policy.fetch.totalConcurrency == 8 && policy.fetch.perHostConcurrency == 2)
        #expect(policy.fetch.perHostInterval == .milliseconds(250))
        #expect(policy.fetch.maxRetries == 0 && policy.fetch.retryBaseDelay == .milliseconds(500))
        #expect(policy.fetch.maxRetryDelay == .seconds(3_600) && policy.fetch.retryAfterCap == .seconds(10))
        #expect(policy.acceptedStatuses == [401, 403])
        #expect(policy.fetch.userAgent == "office/1 (+mailto:a@example.org)")
        #expect(policy.allowedSchemes == ["https"])
        #expect(policy.fetch.allowPrivateAddresses)
        #expect(policy.certificateWarningDays == 7 && policy.fetch.maxRedirects == 3)
        #expect(policy.fetch.maxBodyBytes == 4096 && policy.fetch.maxContentLength == 1000)
        #expect(policy.contentTypes[.photo] == ["image/jpeg"])
        #expect(policy.contentTypes[.video] == LinkCheckPolicy.defaultContentTypes[.video])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        #expect(problems("""
            conect_timeout: 10s
            total_timeout: soon
            concurrency: 0
            allow_private_addresses: yes
            allowed_schemes: [https, ftp]
            accepted_statuses: [700]
            content_types: {foto: [image/jpeg]}
            """) == [
                "Policies/link-check.yaml:1:1: error: unknown key 'conect_timeout' in the link-check policy; did you mean 'connect_timeout'?",
                "Policies/link-check.yaml:2:16: error: 'total_timeout' must be a duration like 10s, 500ms, 2m or 1h, found 'soon'",
                "Policies/link-check.yaml:3:14: error: 'concurrency' of the link-check policy must be a whole number from 1 to 10000, found '0'",
                "Policies/link-check.yaml:4:26: error: 'allow_private_addresses' of the link-check policy must be true or false, found 'yes'",
                "Policies/link-check.yaml:5:18: error: 'allowed_schemes' may hold only http and https (links of other schemes are never contacted)",
                "Policies/link-check.yaml:6:21: error: each of 'accepted_statuses' must be an HTTP status from 100 to 599",
                "Policies/link-check.yaml:7:17: error: unknown key 'foto' in content_types; did you mean 'photo'?",
            ].sorted())
    }

    @Test func aMissingFolderIsAnErrorButAMissingFileMeansDefaults() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try LinkCheckPolicy.load(from: directory.path) == LinkCheckPolicy())
        #expect(throws: InvalidInput.self) { try LinkCheckPolicy.load(from: directory.path("nope")) }
    }

    @Test func declaredContentTypesWinOverKindDefaults() {
        let policy = LinkCheckPolicy()
        let page = LinkTarget(url: "https://x.org/g.htm", kinds: [.photo], declaredContentTypes: ["text/html; charset=utf-8"], usedBy: ["p"])
        #expect(policy.acceptableContentTypes(for: page) == ["text/html"])
        let photo = LinkTarget(url: "https://x.org/p.jpg", kinds: [.photo], declaredContentTypes: [], usedBy: ["p"])
        #expect(policy.acceptableContentTypes(for: photo) == ["application/octet-stream", "application/zip", "image/*"])
    }
}
