import Catalogue
import Foundation
import MediaProbe
import Testing
import Yams
import LinkVocabulary
@testable import PressKit

@Suite struct ManifestBuilderTests {
    static let checked = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z
    static let now = checked.addingTimeInterval(3_600)

    func health(_ url: String, _ verdict: LinkVerdict, at: Date = checked, type: String? = nil, size: Int64? = nil,
                status: Int? = 200, newURL: String? = nil) -> LinkHealth {
        LinkHealth(url: url, verdict: verdict, since: at, lastChecked: at, lastOK: nil, consecutiveFailures: 0,
                   httpStatus: status, contentType: type, contentLength: size, newURL: newURL, certificateExpiry: nil)
    }

    func asset(_ id: String, _ kind: AssetKind, embargo: String? = nil, type: String? = nil, credit: String? = nil) -> Asset {
        Asset(id: id, kind: kind, title: "Title of \(id)", url: "https://media.example.org/\(id)", credit: credit,
              embargo: embargo.map { try! ZonedDateTime.parse($0).get() }, contentType: type, notes: "staff only")
    }

    func visit(_ assets: [Asset], webstory: String? = nil, contacts: [Contact] = []) -> Event {
        Event(id: "visit", title: "A visit", type: .visit, start: CalendarDate(iso: "2023-11-19")!, contacts: contacts,
              stories: [Story(id: "s", headline: "Story", date: .day(CalendarDate(iso: "2023-11-20")!),
                              webstory: webstory, assets: assets)])
    }

    func build(_ event: Event, _ health: [LinkHealth], policy: PressKitPolicy = PressKitPolicy(), at: Date = now) -> Manifest {
        ManifestBuilder(policy: policy, asOf: at).manifest(for: event, health: Dictionary(uniqueKeysWithValues: health.map { ($0.url, $0) }))
    }

    func url(_ id: String) -> String { "https://media.example.org/\(id)" }

    @Test func probedMediaGoIntoTheKitAndOffSpecFilesFollowThePolicy() throws {
        func probed(_ id: String, _ properties: MediaProperties) -> LinkHealth {
            var link = health(url(id), .ok, type: "video/mp4")
            link.media = MediaProbeRecord(properties: properties, note: nil, bytes: 20_000, probedAt: Self.checked)
            return link
        }
        let event = visit([asset("t", .transcript), asset("p", .photo), asset("hd", .bRoll), asset("sd", .bRoll)])
        let links = [health(url("t"), .ok, type: "text/html"), health(url("p"), .ok, type: "image/jpeg"),
                     probed("hd", MediaProperties(format: "MP4", width: 1080, height: 1920, duration: 61.4999, videoCodec: "H.264")),
                     probed("sd", MediaProperties(format: "MP4", width: 640, height: 360, duration: 30))]
        let kit = build(event, links)
        let bRoll = try #require(kit.stories.first?.assets.first { $0.kind == .bRoll }?.assets)
        #expect(bRoll.first?.media == KitMedia(format: "MP4", width: 1080, height: 1920, duration: 61.5, videoCodec: "H.264"))
        #expect(bRoll.first?.flags.map(\.rawValue) == [], "portrait 1080×1920 has a 1080 px short side")
        #expect(bRoll.last?.flags.map(\.rawValue) == ["off-spec"])
        #expect(kit.violations.map(\.message) == ["the file is 640×360, under the 720 px short side expected of b-roll"])
        #expect(kit.stories.first?.assets.first { $0.kind == .photo }?.assets.first?.media == nil, "never probed")

        var strict = PressKitPolicy()
        strict.linkActions[.flag(.offSpec)] = .leaveOut
        let strictKit = build(event, links, policy: strict)
        #expect(strictKit.summary.leftOut.map(\.id) == ["sd"])
        let lenient = ManifestBuilder(policy: PressKitPolicy(), asOf: Self.now, expectations: [:])
            .manifest(for: event, health: Dictionary(uniqueKeysWithValues: links.map { ($0.url, $0) }))
        #expect(lenient.violations.isEmpty, "no expectation, no off-spec")
    }

    @Test func aHealthyVisitKitHasEverythingAndNoViolations() {
        let kit = build(visit([asset("t", .transcript), asset("p", .photo), asset("b", .bRoll)], webstory: "https://example.org/story"), [
            health(url("t"), .ok, type: "text/html"), health(url("p"), .ok, type: "image/jpeg", size: 2_000_000),
            health(url("b"), .ok, type: "video/mp4", size: 900_000_000), health("https://example.org/story", .ok, type: "text/html"),
        ])
        #expect(kit.violations.isEmpty)
        #expect(kit.summary.assetCount == 3)
        #expect(kit.summary.kinds == [.transcript: 1, .photo: 1, .bRoll: 1])
        #expect(kit.summary.missingKinds.isEmpty)
        #expect(kit.stories[0].assets.map(\.kind) == [.bRoll, .transcript, .photo], "groups in AssetKind order")
        let photo = kit.allAssets.first { $0.id == "p" }
        #expect(photo?.size == 2_000_000 && photo?.contentType == "image/jpeg")
        #expect(photo?.credit == "NATO", "the policy's default credit fills in")
        #expect(photo?.health.checkedAt == Timestamp.text(Self.checked))
        #expect(kit.event.contacts == [Contact(name: "NATO Press Office", role: "Press enquiries")])
        #expect(kit.asOf == nil, "no moment recorded unless asked")
        #expect(kit.stories[0].webstory?.health.verdict == .ok)
    }

    @Test func catalogueValuesWinOverPolicyDefaults() {
        let contact = Contact(name: "Spokesperson", email: "s@example.org")
        let kit = build(visit([asset("p", .photo, credit: "Photographer")], contacts: [contact]), [])
        #expect(kit.allAssets.first?.credit == "Photographer")
        #expect(kit.event.contacts == [contact])
    }

    @Test func embargoedAssetsAreHeldBackUntilTheMomentTheyLift() {
        let event = visit([asset("t", .transcript, embargo: "2023-11-20T10:00:00+01:00"), asset("p", .photo)])
        let before = build(event, [], at: KitMoment.parse("2023-11-20T08:59:59Z")!)
        #expect(!before.allAssets.contains { $0.id == "t" })
        #expect(before.summary.embargoed == [HeldBackAsset(id: "t", kind: .transcript, title: nil, until: "2023-11-20T10:00:00+01:00")])
        #expect(before.summary.missingKinds.contains(.transcript))
        #expect(!ManifestFormat.allCases.filter { $0 == .json || $0 == .yaml }
            .contains { $0.renderer.render(before).contains(url("t")) }, "an embargoed URL never leaks")
        let after = build(event, [], at: KitMoment.parse("2023-11-20T09:00:00Z")!)
        #expect(after.allAssets.first { $0.id == "t" }?.embargo == "2023-11-20T10:00:00+01:00")
        #expect(after.summary.embargoed.isEmpty)
        var announcing = PressKitPolicy()
        announcing.embargo = .announce
        #expect(build(event, [], policy: announcing, at: KitMoment.parse("2023-11-20")!).summary.embargoed.first?.title == "Title of t")
    }

    @Test func linkProblemsAreFlaggedLeftOutOrFailAsThePolicySays() {
        let event = visit([asset("gone", .photo), asset("slow", .bRoll), asset("never", .transcript), asset("moved", .transcript)])
        let checks = [health(url("gone"), .broken, status: 404), health(url("slow"), .timeout, status: nil),
                      health(url("moved"), .redirected, type: "text/html", newURL: "https://new.example.org/t")]
        let kit = build(event, checks)
        #expect(!kit.allAssets.contains { $0.id == "gone" })
        #expect(kit.summary.leftOut == [LeftOutAsset(id: "gone", kind: .photo, reasons: [.verdict(.broken)])])
        #expect(kit.allAssets.first { $0.id == "slow" }?.flags.map(\.rawValue) == ["timeout"])
        #expect(kit.allAssets.first { $0.id == "never" }?.flags.map(\.rawValue) == ["unchecked"])
        #expect(kit.allAssets.first { $0.id == "moved" }?.flags.map(\.rawValue) == [], "a permanent redirect still works")
        #expect(kit.summary.broken == ["gone", "slow"])
        #expect(kit.summary.unchecked == ["never"])
        #expect(kit.summary.missingKinds == [.photo], "the only photo was left out")
        #expect(kit.violations.map(\.rule.rawValue) == ["broken", "timeout", "unchecked", "missing-kind"])
        #expect(kit.violations.first?.message == "the last check found the link broken (HTTP 404)")

        var strict = PressKitPolicy()
        strict.linkActions[.verdict(.broken)] = .fail
        strict.linkActions[.flag(.unchecked)] = .include
        let failing = build(event, checks, policy: strict)
        #expect(failing.violations.first { $0.asset == "gone" }?.action == .fail)
        #expect(!failing.violations.contains { $0.rule == .link(.flag(.unchecked)) })
    }

    @Test func staleChecksWrongTypesAndOversizedFilesAreProblemsOfTheirOwn() {
        let event = visit([asset("old", .transcript), asset("login", .bRoll), asset("huge", .photo), asset("declared", .photo, type: "text/plain")])
        let kit = build(event, [
            health(url("old"), .ok, at: Self.now.addingTimeInterval(-8 * 86_400), type: "text/html"),
            health(url("login"), .ok, type: "application/json"),
            health(url("huge"), .ok, type: "image/tiff", size: 300_000_000),
        ])
        #expect(kit.allAssets.first { $0.id == "old" }?.flags.map(\.rawValue) == ["stale"])
        #expect(kit.allAssets.first { $0.id == "old" }?.health.stale == true)
        #expect(kit.summary.stale == ["old"])
        #expect(kit.allAssets.first { $0.id == "login" }?.flags.map(\.rawValue) == ["wrong-type"])
        #expect(kit.allAssets.first { $0.id == "huge" }?.flags.map(\.rawValue) == ["too-large"])
        #expect(kit.allAssets.first { $0.id == "declared" }?.flags.map(\.rawValue) == ["unchecked", "wrong-type"], "a declared type is judged before any check")
        var lenient = PressKitPolicy()
        lenient.staleAfter = .seconds(30 * 86_400)
        #expect(build(event, [health(url("old"), .ok, at: Self.now.addingTimeInterval(-8 * 86_400), type: "text/html")], policy: lenient)
            .allAssets.first { $0.id == "old" }?.flags.map(\.rawValue) == [])
    }

    @Test func aBrokenWebstoryIsLeftOutOfItsStory() {
        let kit = build(visit([], webstory: "https://example.org/gone"), [health("https://example.org/gone", .broken, status: 410)])
        #expect(kit.stories[0].webstory == nil)
        #expect(kit.summary.leftOut == [LeftOutAsset(id: "story:s", kind: .webstory, reasons: [.verdict(.broken)])])
    }

    @Test func missingKindsFollowTheEventTypeAndThePolicy() {
        let statement = Event(id: "st", title: "Statement", type: .statement, start: CalendarDate(iso: "2023-06-01")!,
                              assets: [asset("p", .photo)])
        let kit = build(statement, [health(url("p"), .ok, type: "image/jpeg")])
        #expect(kit.summary.requiredKinds == [.transcript] && kit.summary.missingKinds == [.transcript])
        #expect(kit.violations == [KitViolation(rule: .missingKind, action: .flag, asset: nil,
                                                message: "a statement kit must offer transcript; this one has none")])
        #expect(kit.eventAssets.map(\.kind) == [.photo])
        var policy = PressKitPolicy()
        policy.missingKind = .fail
        #expect(build(statement, [], policy: policy).violations.first { $0.rule == .missingKind }?.action == .fail)
    }

    @Test func theSameInputsGiveTheSameBytes() {
        let event = visit((0..<40).map { asset("a\($0)", AssetKind.allCases[$0 % AssetKind.allCases.count]) })
        let checks = (0..<40).filter { $0 % 3 == 0 }.map { health(url("a\($0)"), $0 % 2 == 0 ? .ok : .broken) }
        for format in [ManifestFormat.json, .yaml] {
            #expect(format.renderer.render(build(event, checks)) == format.renderer.render(build(event, checks.reversed())))
        }
    }

    @Test func theKitMomentTakesDatesAndZonedTimes() {
        #expect(KitMoment.parse("2023-11-20") == Date(timeIntervalSince1970: 1_700_438_400))
        #expect(KitMoment.parse("2023-11-20T01:00:00+01:00") == Date(timeIntervalSince1970: 1_700_438_400))
        #expect(KitMoment.parse("2023-11-20T01:00:00") == nil, "a time without its zone is ambiguous")
        #expect(KitMoment.parse("tomorrow") == nil)
    }

    @Test func yamlMirrorsTheJSON() throws {
        let kit = build(visit([asset("p", .photo)]), [health(url("p"), .ok, type: "image/jpeg")])
        let yaml = YAMLManifestRenderer().render(kit)
        #expect(yaml.contains("schema: presskit.manifest/1"))
        #expect(yaml.contains("content_type: image/jpeg"))
        #expect(!yaml.contains("staff only") && !JSONManifestRenderer().render(kit).contains("staff only"), "notes stay internal")
    }
}

@Suite struct YAMLMirrorTests {
    static let hostile = ["plain words", "yes", "No", "null", "~", "123", "1e3", "2023-11-20", "-dash", ": colon", "a: b", "trailing:",
                          "a #comment", "#hash", "quote \" and ' and \\ backslash", "line\nbreak\ttab", "emoji 🎥 and ünïcödé",
                          "rtl \u{202E}override", "nel \u{85} c1 \u{9B} del \u{7F}", "ls \u{2028} ps \u{2029} bom \u{FEFF}",
                          "{braces}", "[brackets]", "*star", "&amp", "!bang", "%percent", "@at", "`tick", "|pipe", ">gt",
                          "", " leading space", "https://example.org/a?b=c&d=e#f", "key: value # not a comment"]

    @Test func yamlReadsBackAsTheSameManifest() throws {
        let assets = Self.hostile.enumerated().map { n, text in
            Asset(id: "a\(n)", kind: .photo, title: text.isEmpty ? "empty caption" : text, url: "https://example.org/\(n)",
                  credit: text.isEmpty ? nil : text, caption: text.isEmpty ? nil : text,
                  shotlist: [Shot(at: "00:00:0\(n % 10)", shot: text.isEmpty ? "x" : text)])
        }
        let event = Event(id: "e", title: "Hostile: \"text\"", type: .other, start: CalendarDate(iso: "2023-01-01")!,
                          places: Self.hostile.filter { !$0.isEmpty }, tags: ["true", "false"], assets: assets)
        let manifest = ManifestBuilder(policy: PressKitPolicy(), asOf: Date(timeIntervalSince1970: 0), recordsAsOf: true)
            .manifest(for: event, health: [:])
        let yaml = YAMLManifestRenderer().render(manifest)
        let decoded = try YAMLDecoder().decode(Manifest.self, from: yaml)
        #expect(decoded == manifest)
        #expect(yaml.hasPrefix("as_of: \"1970-01-01T00:00:00.000Z\"\nevent:\n  contacts:\n"))
    }

    @Test func plainScalarsOnlyWhereNoReaderCouldMistakeThem() {
        for safe in ["ok", "b-roll", "presskit.manifest/1", "https://example.org/x.jpg", "Press enquiries", "image/jpeg"] {
            #expect(JSONToYAML.isPlainSafe(safe[...]), "\(safe)")
        }
        for unsafe in ["yes", "Off", "null", "2023-11-20", "12", "a: b", "trailing:", "-x", "a #b", " x", "x ", "é"] {
            #expect(!JSONToYAML.isPlainSafe(unsafe[...]), "\(unsafe)")
        }
    }
}
