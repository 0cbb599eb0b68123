import Catalogue
import Foundation
import StrictYAML
import Testing
import TestSupport
@testable import PressKit

@Suite struct PressKitPolicyTests {
    func parse(_ yaml: String) throws -> PressKitPolicy {
        try PressKitPolicy.parse(Data(yaml.utf8), path: "Policies/press-kit.yaml")
    }

    func problems(_ yaml: String) -> [String] {
        diagnostics { _ = try parse(yaml) }
    }

    @Test func theShippedPolicyIsValidAndMatchesTheDefaults() throws {
        let shipped = try PressKitPolicy.load(from: Repository.root.appendingPathComponent("Policies").path)
        #expect(shipped == PressKitPolicy(), "Policies/press-kit.yaml documents the defaults")
    }

    @Test func aFolderWithoutTheFileGivesTheDefaultsAndAMissingFolderIsAnError() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        #expect(try PressKitPolicy.load(from: folder.path) == PressKitPolicy())
        #expect(throws: InvalidInput.self) { try PressKitPolicy.load(from: folder.path("nowhere")) }
    }

    @Test func readsEveryKey() throws {
        let policy = try parse("""
            required_kinds:
              visit: [photo]
              statement: []
            missing_kind: fail
            kinds:
              photo: {content_types: [image/jpeg], max_size: 2 MiB}
              b-roll: {max_size: 4 GB}
            embargo: announce
            links: {broken: fail, unchecked: include, stale: leave-out}
            stale_after: 36h
            default_credit: Press office
            default_rights: Editorial use only
            contact: {name: Duty officer, email: duty@example.org, phone: "+32 2 707 50 41"}
            """)
        #expect(policy.requiredKinds[.visit] == [.photo])
        #expect(policy.requiredKinds[.statement] == [])
        #expect(policy.requiredKinds[.exercise] == [.bRoll, .photo], "types not named keep their default")
        #expect(policy.missingKind == .fail)
        #expect(policy.kinds[.photo] == KindRule(contentTypes: ["image/jpeg"], maxSize: 2_097_152))
        #expect(policy.kinds[.bRoll]?.maxSize == 4_000_000_000)
        #expect(policy.kinds[.bRoll]?.contentTypes == PressKitPolicy.defaultKindRules[.bRoll]?.contentTypes)
        #expect(policy.embargo == .announce)
        #expect(policy.action(for: .verdict(.broken)) == .fail)
        #expect(policy.action(for: .flag(.unchecked)) == .include)
        #expect(policy.action(for: .flag(.stale)) == .leaveOut)
        #expect(policy.action(for: .verdict(.timeout)) == .flag, "problems not named keep their default")
        #expect(policy.staleAfter == .seconds(36 * 3_600))
        #expect(policy.defaultCredit == "Press office" && policy.defaultRights == "Editorial use only")
        #expect(policy.contact == Contact(name: "Duty officer", email: "duty@example.org", phone: "+32 2 707 50 41"))
    }

    @Test(arguments: [
        ("tittle: x\n", "Policies/press-kit.yaml:1:1: error: unknown key 'tittle' in the press-kit policy"),
        ("required_kinds: {visit: [b-rol]}\n", "Policies/press-kit.yaml:1:26: error: unknown asset kind 'b-rol'; did you mean 'b-roll'?"),
        ("required_kinds: {vist: [photo]}\n", "Policies/press-kit.yaml:1:18: error: unknown key 'vist' in required_kinds; did you mean 'visit'?"),
        ("missing_kind: leave-out\n", "Policies/press-kit.yaml:1:15: error: 'missing_kind' must be flag or fail, found 'leave-out'"),
        ("kinds: {photo: {max_size: lots}}\n", "Policies/press-kit.yaml:1:27: error: 'max_size' must be a size like 500 MB, 4 GB or 2 GiB, or unlimited, found 'lots'"),
        ("kinds: {photo: {content_types: [jpeg]}}\n", "Policies/press-kit.yaml:1:32: error: 'jpeg' is not a media type or range like video/* or image/jpeg"),
        ("kinds: {foto: {max_size: 1 MB}}\n", "Policies/press-kit.yaml:1:9: error: unknown key 'foto' in kinds; did you mean 'photo'?"),
        ("embargo: hold\n", "Policies/press-kit.yaml:1:10: error: 'embargo' must be hold-back or announce, found 'hold'"),
        ("links: {broken: drop}\n", "Policies/press-kit.yaml:1:17: error: 'broken' must be one of include, flag, leave-out, fail, found 'drop'"),
        ("links: {brokn: flag}\n", "Policies/press-kit.yaml:1:9: error: unknown key 'brokn' in links; did you mean 'broken'?"),
        ("stale_after: 2y\n", "Policies/press-kit.yaml:1:14: error: 'stale_after' must be a duration like 36h or 7d (at most a year), found '2y'"),
        ("contact: {role: Press}\n", "Policies/press-kit.yaml:1:10: error: contact is missing required key 'name'"),
        ("contact: {name: A, email: not-an-address}\n", "Policies/press-kit.yaml:1:27: error:"),
    ])
    func reportsEveryProblemWithItsPosition(yaml: String, expected: String) {
        let found = problems(yaml)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test func siteURLIsAnHTTPAddressEndingInASlash() throws {
        #expect(try parse("site_url: https://press.example.org/kits").siteURL == "https://press.example.org/kits/")
        #expect(try parse("site_url: http://press.example.org/").siteURL == "http://press.example.org/")
        #expect(try parse("default_credit: NATO").siteURL == nil)
        for bad in ["javascript:alert(1)", "press.example.org", "https://press.example.org/?q=1"] {
            #expect(problems("site_url: \"\(bad)\"").first?.contains("'site_url' must be the http(s) address") == true, "\(bad)")
        }
    }

    @Test func kindRulesMatchTypesAndRanges() {
        let rule = KindRule(contentTypes: ["image/*", "application/pdf"], maxSize: nil)
        #expect(rule.accepts(contentType: "image/jpeg"))
        #expect(rule.accepts(contentType: "IMAGE/PNG; q=1"))
        #expect(rule.accepts(contentType: "application/pdf;charset=binary"))
        #expect(!rule.accepts(contentType: "text/html"))
        #expect(!rule.accepts(contentType: "imagex/png"))
        #expect(KindRule(contentTypes: [], maxSize: nil).accepts(contentType: "anything/at-all"))
    }

    @Test func sizesAndDurationsAsPoliciesWriteThem() {
        #expect(ByteSize.parse("500 MB") == 500_000_000)
        #expect(ByteSize.parse("2GiB") == 2_147_483_648)
        #expect(ByteSize.parse("750k") == 750_000)
        #expect(ByteSize.parse("1024") == 1_024)
        #expect(ByteSize.parse("1.5 GB") == 1_500_000_000)
        #expect(ByteSize.parse("MB") == nil && ByteSize.parse("5 parsecs") == nil && ByteSize.parse("-1") == nil)
        #expect(PolicyDuration.parse("7d", maximumSeconds: 366 * 86_400) == .seconds(604_800))
        #expect(PolicyDuration.parse("7d") == nil, "a day at most by default")
        #expect(PolicyDuration.parse("250ms") == .milliseconds(250))
        #expect(PolicyDuration.parse("2 m") == .seconds(120))
    }
}
