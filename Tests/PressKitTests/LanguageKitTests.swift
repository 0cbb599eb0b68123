import Catalogue
import Foundation
import Testing
import TestSupport
@testable import PressKit

/// Kits in a language (`manifest --language`): texts picked with their fallbacks marked, the kit's
/// own words from one table per language, `language` and `translations` in the documents, the site
/// per language, `required_languages`, and hostile text in every language field.
@Suite struct LanguageKitTests {
    static let hostileFrench = "<script>alert('fr')</script> [x](javascript:alert(1)) | a | \u{202E}é"
    static let hostileArabic = "<img src=x onerror=alert(1)> مرحبا `code` *em*"

    /// A bilingual statement; the story's summary, the photo's caption and the second shot only in English.
    static let event: Event = {
        let yaml = """
            event:
              id: statement-2023
              language: en
              title: {en: Statement on the launch, fr: Déclaration sur le lancement}
              type: statement
              start: 2023-11-19
              end: 2023-11-22
              summary: {en: English summary, fr: Résumé en français}
            stories:
              - id: s1
                headline: {en: The statement, fr: La déclaration}
                date: 2023-11-22
                summary: Only in English
                assets:
                  - id: text-en
                    kind: transcript
                    title: {en: Transcript, fr: Transcription anglaise}
                    url: https://example.org/text-en.pdf
                    language: en
                  - id: photo
                    kind: photo
                    title: {en: Photo, fr: Photo FR}
                    url: https://example.org/photo.jpg
                    caption: English caption
                  - id: clip
                    kind: b-roll
                    title: {en: Clip, fr: Séquence}
                    url: https://example.org/clip.mp4
                    synopsis: {en: Synopsis, fr: Synopsis FR}
                    shotlist:
                      - {at: "00:00", shot: {en: Wide, fr: Plan large}}
                      - {at: "00:10", shot: Close-up}
                  - id: text-fr
                    kind: transcript
                    title: {en: French transcript, fr: Transcription}
                    url: https://example.org/text-fr.pdf
                    language: fr
                    translation_of: text-en
            """
        let (catalogue, diagnostics) = CatalogueReader.read([CatalogueSource(path: "t.yaml", data: Data(yaml.utf8))])
        precondition(diagnostics.isEmpty, "\(diagnostics)")
        return catalogue.events[0]
    }()

    static let asOf = KitFixtures.asOf

    static func kit(_ event: Event = event, language: String?, translations: Bool = false, policy: PressKitPolicy = PressKitPolicy()) -> Manifest {
        ManifestBuilder(policy: policy, asOf: asOf, language: language, includesTranslations: translations).manifest(for: event, health: [:])
    }

    @Test func everyLabelExistsInEveryShippedLanguage() {
        #expect(KitWords.shippedLanguages == ["en", "fr"])
        for table in KitWords.tables {
            for label in KitLabel.allCases {
                let words = table.labels[label]
                #expect(words != nil && words?.isEmpty == false, "\(table.language) lacks \(label)")
            }
            #expect(table.months.count == 12, "\(table.language)")
            #expect(Set(table.months).count == 12, "\(table.language)")
        }
        // French words are French, not English left in place (names such as "Photos" may coincide).
        let same = KitLabel.allCases.filter { KitWords.french.labels[$0] == KitWords.english.labels[$0] }
        #expect(Set(same).isSubset(of: [.synopsis, .page, .pages, .headingPhotos, .headingAudio, .headingDocuments, .jsonFeed,
                                        .type, .date, .dates]), "\(same)")
    }

    @Test func datesSizesAndWordsInFrench() {
        let words = KitWords.forLanguage("fr-BE")
        #expect(words.language == "fr")
        #expect(words.humanDates(start: "2023-11-19", end: "2023-11-22") == "19–22 novembre 2023")
        #expect(words.humanDates(start: "2023-11-30", end: "2023-12-01") == "30 novembre – 1er décembre 2023")
        #expect(words.humanMoment("2023-11-20T09:00:00+01:00") == "20 novembre 2023, 09:00 UTC+01:00")
        #expect(words.size(ByteSize.text(412_000_000)) == "412\u{A0}Mo")
        #expect(words.size(ByteSize.text(1_200_000_000)) == "1,2\u{A0}Go")
        #expect(KitWords.forLanguage("en").humanDates(start: "2023-11-19", end: "2023-11-22") == KitWording.humanDates(start: "2023-11-19", end: "2023-11-22"))
        #expect(KitWords.forLanguage("ar").language == "en") // no Arabic table: English words, Arabic texts
    }

    @Test func textsInTheKitsLanguageElseTheEventsWithEachFallbackMarked() throws {
        let kit = Self.kit(language: "fr")
        #expect(kit.language == "fr")
        #expect(kit.event.title == "Déclaration sur le lancement")
        #expect(kit.stories[0].headline == "La déclaration")
        #expect(kit.stories[0].summary == "Only in English")
        #expect(kit.fallbackLanguage(.story("s1"), .summary) == "en")
        #expect(kit.fallbackLanguage(.story("s1"), .headline) == nil)
        let page = PublicHTMLRenderer().render(kit)
        #expect(page.contains("<html lang=\"fr\">"))
        #expect(page.contains("<h1 dir=\"auto\">Déclaration sur le lancement</h1>"))
        #expect(page.contains("<p dir=\"auto\" lang=\"en\">Only in English</p>"))
        #expect(page.contains("<p dir=\"auto\" lang=\"en\">English caption</p>"))
        #expect(page.contains("<td dir=\"auto\">Plan large</td>"))
        #expect(page.contains("<td dir=\"auto\" lang=\"en\">Close-up</td>"))
        #expect(page.contains("19–22 novembre 2023"))
        #expect(page.contains(">Télécharger"))
        #expect(page.contains("<h2 id=\"contacts\">Contacts presse</h2>"))
        #expect(!page.contains(">Download"))
        // The French transcript follows the English one it translates, which names both versions.
        let transcripts = try #require(kit.stories[0].assets.first { $0.kind == .transcript }).assets.map(\.id)
        #expect(transcripts == ["text-en", "text-fr"])
        #expect(page.contains("<p class=\"spec\">Transcriptions · <span lang=\"en\">English</span> · <span lang=\"fr\">français</span></p>"))
    }

    @Test func thePublicMarkdownKitInFrench() {
        let markdown = MarkdownManifestRenderer(audience: .public).render(Self.kit(language: "fr"))
        #expect(markdown.hasPrefix("# Déclaration sur le lancement\n"))
        #expect(markdown.contains("- **Type\u{A0}:** Déclaration\n- **Dates\u{A0}:** 19–22 novembre 2023\n"))
        #expect(markdown.contains("### Transcriptions"))
        #expect(markdown.contains("| Code temporel | Plan |"))
        #expect(markdown.contains("Only in English"))
        #expect(markdown.contains("Dossier de presse presskit.manifest/1 pour statement-2023"))
        // The staff review copy keeps presskit's English words.
        #expect(MarkdownManifestRenderer(audience: .staff).render(Self.kit(language: "fr")).contains("- **Type:** Statement\n"))
    }

    @Test func aRegionalTagFindsItsLanguagesTexts() {
        let kit = Self.kit(language: "fr-BE")
        #expect(kit.language == "fr-BE")
        #expect(kit.event.title == "Déclaration sur le lancement")
        #expect(kit.fallbackLanguage(.event, .title) == nil)
        #expect(kit.fallbackLanguage(.story("s1"), .summary) == "en")
        #expect(PublicHTMLRenderer().render(kit).contains(">Télécharger"))
        // An English event asked for in en-GB is its own text, with nothing marked.
        #expect(Self.kit(language: "en-GB").fallbacks.isEmpty)
    }

    @Test func theStaffPageInALanguageKeepsItsEnglishWordsAndMarksEveryText() {
        let page = HTMLManifestRenderer().render(Self.kit(language: "fr"))
        #expect(page.contains("<html lang=\"fr\">"))
        #expect(page.contains("<body lang=\"en\">"))
        #expect(page.contains("<h1 dir=\"auto\" lang=\"fr\">Déclaration sur le lancement</h1>"))
        #expect(page.contains("<p dir=\"auto\" lang=\"en\">Only in English</p>"))
        #expect(page.contains("<td dir=\"auto\" lang=\"fr\">Plan large</td>"))
        #expect(page.contains("<td dir=\"auto\" lang=\"en\">Close-up</td>"))
    }

    @Test func aKitInTheEventsOwnLanguageMarksNothing() {
        let kit = Self.kit(language: "en")
        #expect(kit.fallbacks.isEmpty)
        #expect(kit.event.title == "Statement on the launch")
        #expect(PublicHTMLRenderer().render(kit).contains("<html lang=\"en\">"))
    }

    @Test func todaysCommandsWriteTheSameBytesWhateverTranslationsTheCatalogueHolds() {
        // The same event with its translations stripped: what a catalogue without languages gives.
        // (`translation_of` is a key of its own, kept: the French transcript still follows the English.)
        var plain = Self.event
        plain.translations = Translations(translationOf: Self.event.translations.translationOf)
        plain.language = nil
        for format in ManifestFormat.allCases {
            for audience in [KitAudience.public, .staff] {
                let renderer = format.renderer(for: audience, siteURL: nil)
                #expect(renderer.render(Self.kit(language: nil)) == renderer.render(Self.kit(plain, language: nil)), "\(format) \(audience)")
            }
        }
        let json = JSONManifestRenderer().render(Self.kit(language: nil))
        #expect(!json.contains("\"language\" : \"en\",\n  \"schema\"") && !json.contains("translations"))
    }

    @Test func jsonHasTheLanguageAndTranslationsOnlyWhenAsked() throws {
        let french = try jsonObject(JSONManifestRenderer().render(Self.kit(language: "fr")))
        #expect(french["language"] as? String == "fr")
        let event = try #require(french["event"] as? [String: Any])
        #expect(event["title"] as? String == "Déclaration sur le lancement")
        #expect(event["translations"] == nil)
        let all = try jsonObject(JSONManifestRenderer().render(Self.kit(language: "fr", translations: true)))
        let translations = try #require((all["event"] as? [String: Any])?["translations"] as? [String: [String: String]])
        #expect(translations["title"] == ["en": "Statement on the launch", "fr": "Déclaration sur le lancement"])
        let yaml = YAMLManifestRenderer().render(Self.kit(language: "fr", translations: true))
        #expect(yaml.contains("language: fr"))
        #expect(yaml.contains("translations:"))
    }

    @Test func documentsInALanguageValidateAgainstTheManifestSchema() async throws {
        let schema = Repository.root.appendingPathComponent("Sources/PressKit/Manifest/Schemas/presskit.manifest-1.schema.json")
        let outcome = try await PythonJSONSchema.validate([
            "fr-staff.json": JSONManifestRenderer().render(Self.kit(language: "fr", translations: true)),
            "fr-public.json": JSONManifestRenderer(audience: .public).render(Self.kit(language: "fr", translations: true)),
            "required.json": JSONManifestRenderer().render(Self.kit(language: "fr", policy: Self.bilingualPolicy(only: "de"))),
        ], against: schema)
        #expect(outcome.isValid, "\(outcome.output)")
    }

    @Test func ninjsSaysItsLanguageOnTheEventAndStories() throws {
        let document = try jsonObject(NinjsManifestRenderer(version: .v3_1, audience: .staff).render(Self.kit(language: "fr")))
        #expect(document["language"] as? String == "fr")
        let stories = (document["associations"] as? [[String: Any]] ?? []).filter { ($0["uri"] as? String)?.contains(":story:") == true }
        #expect(stories.map { $0["language"] as? String } == ["fr"])
        let today = try jsonObject(NinjsManifestRenderer(version: .v3_1, audience: .staff).render(Self.kit(language: nil)))
        #expect(today["language"] == nil)
    }

    static func bilingualPolicy(only extra: String? = nil) -> PressKitPolicy {
        var policy = PressKitPolicy()
        policy.requiredLanguages = [.statement: [.transcript: ["en", "fr"] + (extra.map { [$0] } ?? [])]]
        return policy
    }

    @Test func requiredLanguagesGiveMissingLanguageViolations() {
        #expect(Self.kit(language: nil, policy: Self.bilingualPolicy()).violations.filter { $0.rule == .missingLanguage }.isEmpty)
        let missing = Self.kit(language: nil, policy: Self.bilingualPolicy(only: "de")).violations.filter { $0.rule == .missingLanguage }
        #expect(missing.map(\.message) == ["a statement kit must offer transcript in de; this one has none"])
        #expect(missing.map(\.action) == [.flag])
        var failing = Self.bilingualPolicy(only: "de")
        failing.missingLanguage = .fail
        #expect(Self.kit(language: nil, policy: failing).violations.contains { $0.rule == .missingLanguage && $0.action == .fail })
        // A regional tag counts for its language.
        var regional = Self.event
        regional.stories[0].assets[3].language = "fr-BE"
        #expect(Self.kit(regional, language: nil, policy: Self.bilingualPolicy()).violations.filter { $0.rule == .missingLanguage }.isEmpty)
        #expect(KitRule(rawValue: "missing-language") == .missingLanguage)
    }

    @Test func theSiteInEachLanguageWithASwitcherAlternatesAnIndexAndFeeds() throws {
        let site = PressSite(format: .html, audience: .public, siteURL: "https://press.example.org/kits/", moment: Self.asOf)
        let files = Dictionary(uniqueKeysWithValues: site.files(editions: [("en", [Self.kit(language: "en")]), ("fr", [Self.kit(language: "fr")])])
            .map { ($0.name, $0.text) })
        for tag in ["en", "fr"] {
            for name in ["statement-2023.html", "index.html", "feed.xml", "feed.json", "sitemap.xml"] {
                #expect(files["\(tag)/\(name)"] != nil, "\(tag)/\(name)")
            }
        }
        let french = try #require(files["fr/statement-2023.html"])
        #expect(french.contains("<html lang=\"fr\">"))
        #expect(french.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://press.example.org/kits/en/statement-2023.html\">"))
        #expect(french.contains("<link rel=\"alternate\" hreflang=\"fr\" href=\"https://press.example.org/kits/fr/statement-2023.html\">"))
        #expect(french.contains("<link rel=\"canonical\" href=\"https://press.example.org/kits/fr/statement-2023.html\">"))
        #expect(french.contains("<a href=\"https://press.example.org/kits/en/statement-2023.html\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(french.contains("<span aria-current=\"page\" lang=\"fr\">français</span>"))
        let index = try #require(files["fr/index.html"])
        #expect(index.contains("<h1>Dossiers de presse</h1>"))
        #expect(index.contains("hreflang=\"en\" href=\"https://press.example.org/kits/en/index.html\""))
        #expect(try #require(files["fr/feed.xml"]).contains("https://press.example.org/kits/fr/statement-2023.html"))
        #expect(try #require(files["fr/feed.xml"]).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n<id>https://press.example.org/kits/fr/</id>\n<title>Dossiers de presse</title>"))
        let feed = try jsonObject(try #require(files["fr/feed.json"]))
        #expect(feed["language"] as? String == "fr" && feed["title"] as? String == "Dossiers de presse")
        // A title only in English is marked as such in the French index.
        var english = Self.event
        english.translations.texts[TextSubject.event.key]?["title"] = nil
        let mixed = site.files(editions: [("en", [Self.kit(english, language: "en")]), ("fr", [Self.kit(english, language: "fr")])])
        #expect(mixed.first { $0.name == "fr/index.html" }?.text.contains("dir=\"auto\" lang=\"en\"><a href=\"statement-2023.html\">Statement on the launch</a>") == true)
        let root = try #require(files["index.html"])
        #expect(root.contains("<a href=\"fr/index.html\" hreflang=\"fr\" lang=\"fr\">français</a>"))
        // Without site_url the links stay relative, from one edition's folder to the other's.
        let relative = PressSite(format: .html, audience: .public, siteURL: nil, moment: Self.asOf)
            .files(editions: [("en", [Self.kit(language: "en")]), ("fr", [Self.kit(language: "fr")])])
        #expect(relative.first { $0.name == "en/statement-2023.html" }?.text.contains("<a href=\"../fr/statement-2023.html\" hreflang=\"fr\" lang=\"fr\">français</a>") == true)
    }

    /// Hostile text in every field that takes languages, in French and Arabic.
    static let hostileEvent: Event = {
        var event = Self.event
        for (subject, fields) in event.personFacingTexts() {
            for field in fields {
                event.translations.set(hostileFrench, subject, field, in: "fr")
                event.translations.set(hostileArabic, subject, field, in: "ar")
            }
        }
        // The story's summary only in English, hostile too: shown as the fallback.
        event.stories[0].summary = "<b>English</b> [y](javascript:alert(2))"
        event.translations.texts[TextSubject.story("s1").key]?["summary"] = nil
        return event
    }()

    @Test(arguments: ["fr", "ar"])
    func hostileTextInEveryLanguageFieldIsEscaped(_ language: String) async throws {
        let kit = Self.kit(Self.hostileEvent, language: language)
        let page = PublicHTMLRenderer().render(kit)
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<img src=x"))
        #expect(!page.contains("<b>English</b>"))
        #expect(page.contains(language == "fr" ? "&lt;script&gt;alert(" : "&lt;img src=x onerror=alert(1)&gt; مرحبا"))
        // The English fallback runs left to right in the Arabic page, and says its language in both.
        #expect(page.contains("<p dir=\"\(language == "ar" ? "ltr" : "auto")\" lang=\"en\">&lt;b&gt;English&lt;/b&gt;"))
        let staff = HTMLManifestRenderer().render(kit)
        #expect(!staff.contains("<script>alert") && !staff.contains("<img src=x"))
        let markdown = MarkdownManifestRenderer().render(kit)
        let reading = try await CommonMark.read(markdown)
        #expect(reading.rawHTML.isEmpty, "\(reading.rawHTML)")
        #expect(reading.destinations.allSatisfy { $0.hasPrefix("https:") || $0.hasPrefix("http:") }, "\(reading.destinations)")
        #expect(!reading.html.contains("<script") && !reading.html.contains("<img src=\"x\""))
    }
}
