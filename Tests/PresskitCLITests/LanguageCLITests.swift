import Foundation
import Testing
import TestSupport

/// `presskit manifest --language`, `--all-languages`, a site in the policy's languages, the policy's
/// `default_language` in `validate` and `import`, and `required_languages`, run as the built binary.
@Suite struct LanguageCLITests: PresskitSuite {
    let directory: TemporaryDirectory

    init() async throws {
        directory = try TemporaryDirectory()
        try directory.write("Catalog/statement.yaml", """
            event:
              id: statement-2023
              title: {en: Statement, fr: Déclaration}
              type: statement
              start: 2023-11-19
              end: 2023-11-22
            stories:
              - id: s1
                headline: {en: The statement, fr: La déclaration}
                date: 2023-11-22
                summary: Only in English
                assets:
                  - {id: text-en, kind: transcript, title: {en: Text, fr: Texte}, url: "https://example.org/en.pdf", language: en}
            """)
        try directory.write("Policies/press-kit.yaml", "languages: [en, fr]\nrequired_languages:\n  statement: {transcript: [en, fr]}\n")
        let imported = try await presskit("import")
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test func aKitInFrenchWithTheEnglishFallbackMarked() async throws {
        defer { directory.remove() }
        let html = try await presskit("manifest", "statement", "--language", "fr", "--format", "html", "--as-of", "2023-11-23")
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("<html lang=\"fr\">"))
        #expect(html.stdout.contains("19–22 novembre 2023"))
        #expect(html.stdout.contains("<p dir=\"auto\" lang=\"en\">Only in English</p>"))
        let json = try await presskit("manifest", "statement", "--language", "fr", "--all-languages")
        let kit = try jsonObject(json.stdout)
        #expect(kit["language"] as? String == "fr")
        #expect((kit["event"] as? [String: Any])?["title"] as? String == "Déclaration")
        #expect(((kit["event"] as? [String: Any])?["translations"] as? [String: Any]) != nil)
        // missing-language: only an English transcript, and the policy wants French too.
        let violations = try #require(kit["violations"] as? [[String: Any]])
        #expect(violations.contains { $0["rule"] as? String == "missing-language" && ($0["message"] as? String)?.contains("transcript in fr") == true })
        let strict = try await presskit("manifest", "statement", "--strict")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("statement-2023: missing-language (flag): a statement kit must offer transcript in fr; this one has none"))
        let today = try await presskit("manifest", "statement")
        #expect(!today.stdout.contains("\"language\" : \"fr\"") && !today.stdout.contains("translations"))
        #expect(try jsonObject(today.stdout)["language"] == nil)
    }

    @Test func aBadLanguageTagIsAUsageError() async throws {
        defer { directory.remove() }
        let bad = try await presskit("manifest", "statement", "--language", "French")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'French' is not a BCP 47 language tag; did you mean 'fr'?"))
        let both = try await presskit("manifest", "--all", "-o", "site", "--language", "fr", "--format", "html")
        #expect(both.status == 2)
    }

    @Test func theSiteInTheLanguagesOfThePolicy() async throws {
        defer { directory.remove() }
        let site = try await presskit("manifest", "--all", "--format", "html", "-o", "site", "--as-of", "2023-11-23")
        #expect(site.status == 0, "\(site.stderr)")
        for name in ["index.html", "en/index.html", "fr/index.html", "en/statement-2023.html", "fr/statement-2023.html",
                     "en/feed.xml", "fr/feed.json", ".presskit-site"] {
            #expect(FileManager.default.fileExists(atPath: directory.path("site/\(name)")), "\(name)")
        }
        let french = try String(contentsOfFile: directory.path("site/fr/statement-2023.html"), encoding: .utf8)
        #expect(french.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../en/statement-2023.html\">"))
        #expect(french.contains("<a href=\"../en/statement-2023.html\" hreflang=\"en\" lang=\"en\">English</a>"))
        // One language: the site as it always was, without a folder per language.
        try directory.write("Policies/press-kit.yaml", "default_language: en\n")
        let single = try await presskit("manifest", "--all", "--format", "html", "-o", "site", "--as-of", "2023-11-23")
        #expect(single.status == 0, "\(single.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("site/statement-2023.html")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("site/fr")))
        let page = try String(contentsOfFile: directory.path("site/statement-2023.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"en\">") && !page.contains("hreflang"))
    }

    @Test func validateAndImportReadPlainTextsInThePolicysDefaultLanguage() async throws {
        defer { directory.remove() }
        try directory.write("fr/visite.yaml", """
            event:
              id: visite-2023
              title: {fr: Visite, en: Visit}
              summary: Résumé en français
              type: visit
              start: 2023-11-19
            """)
        try directory.write("fr-policies/press-kit.yaml", "default_language: fr\n")
        #expect(try await presskit("validate", "fr", "--policies", "fr-policies").status == 0)
        let english = try await presskit("validate", "fr")
        #expect(english.status == 0, "a mapping that has English is fine for an English default too")
        try directory.write("fr/visite.yaml", """
            event:
              id: visite-2023
              title: {fr: Visite}
              type: visit
              start: 2023-11-19
            """)
        let missing = try await presskit("validate", "fr")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("fr/visite.yaml:3:10: error: 'title' of event has no text in 'en', the event's language"))
        let imported = try await presskit("import", "fr", "--policies", "fr-policies", "--db", "fr.sqlite")
        #expect(imported.status == 0, "\(imported.stderr)")
        let kit = try jsonObject(try await presskit("manifest", "visite", "--db", "fr.sqlite", "--language", "fr").stdout)
        #expect((kit["event"] as? [String: Any])?["title"] as? String == "Visite")
    }
}
