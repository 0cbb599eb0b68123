import StrictYAML
import Foundation
import Testing
@testable import Catalogue

/// The catalogue's two forms of a person-facing text (a string, or a mapping of language tags to
/// strings), `language` on the event, `translation_of` on an asset, and their errors at path:line:column.
@Suite struct LanguageReaderTests {
    static let bilingual = """
        event:
          id: statement-1
          language: en
          title: {en: Statement, fr: Déclaration}
          type: statement
          start: 2023-11-22
          summary:
            en: English summary
            fr: Résumé français
        stories:
          - id: s1
            headline: {en: Headline, fr: Titre, ar: عنوان}
            date: 2023-11-22
            assets:
              - id: clip
                kind: video
                title: Clip
                url: https://example.org/clip.mp4
                caption: {en: A caption, uk: Підпис}
                synopsis: {en: Synopsis, ru: Синопсис}
                shotlist:
                  - {at: "00:00", shot: {en: Wide shot, fr: Plan large}}
                  - {at: "00:10", shot: Close-up}
              - id: text-en
                kind: transcript
                title: Text
                url: https://example.org/text-en.pdf
                language: en
              - id: text-fr
                kind: transcript
                title: {en: French text, fr: Texte}
                url: https://example.org/text-fr.pdf
                language: fr
                translation_of: text-en
        """

    @Test func bothFormsReadTheEventLanguageIntoTheTextsAndTheRestIntoTranslations() throws {
        let (catalogue, diagnostics) = read(Self.bilingual)
        #expect(diagnostics.isEmpty)
        let event = try #require(catalogue.events.first)
        #expect(event.language == "en")
        #expect(event.title == "Statement")
        #expect(event.summary == "English summary")
        #expect(event.stories[0].headline == "Headline")
        let clip = event.stories[0].assets[0]
        #expect(clip.caption == "A caption")
        #expect(clip.shotlist.map(\.shot) == ["Wide shot", "Close-up"])
        let t = event.translations
        #expect(t.text(.event, .title, in: "fr") == "Déclaration")
        #expect(t.text(.event, .summary, in: "fr") == "Résumé français")
        #expect(t.text(.story("s1"), .headline, in: "ar") == "عنوان")
        #expect(t.text(.asset("clip"), .caption, in: "uk") == "Підпис")
        #expect(t.text(.asset("clip"), .synopsis, in: "ru") == "Синопсис")
        #expect(t.text(.asset("clip"), .shot(0), in: "fr") == "Plan large")
        #expect(t.text(.asset("clip"), .shot(1), in: "fr") == nil)
        #expect(t.text(.asset("text-fr"), .title, in: "fr") == "Texte")
        #expect(t.translationOf == ["text-fr": "text-en"])
        #expect(t.languages == ["ar", "fr", "ru", "uk"])
    }

    @Test func aCatalogueWithoutLanguagesReadsAsBeforeWithNothingStoredForLanguages() throws {
        let (catalogue, diagnostics) = read(minimalEvent)
        #expect(diagnostics.isEmpty)
        let event = try #require(catalogue.events.first)
        #expect(event.language == nil)
        #expect(event.translations.isEmpty)
        #expect(event.textLanguage == "en")
    }

    @Test func plainStringsAreInThePolicysDefaultLanguage() throws {
        let yaml = """
            event:
              id: visite-1
              title: {fr: Une visite, en: A visit}
              type: visit
              start: 2023-11-19
            """
        let (english, englishDiagnostics) = read(yaml)
        #expect(englishDiagnostics.isEmpty)
        #expect(english.events.first?.title == "A visit")
        let (french, frenchDiagnostics) = CatalogueReader.read([CatalogueSource(path: "t.yaml", data: Data(yaml.utf8))], defaultLanguage: "fr")
        #expect(frenchDiagnostics.isEmpty)
        #expect(french.events.first?.title == "Une visite")
        #expect(french.events.first?.language == "fr")
        #expect(french.events.first?.translations.text(.event, .title, in: "en") == "A visit")
    }

    @Test func everyMistakeIsReportedWithItsPosition() {
        let (_, diagnostics) = read("""
            event:
              id: statement-2
              language: English
              title: {fr: Déclaration}
              type: statement
              start: 2023-11-22
            assets:
              - id: a
                kind: transcript
                title: {en: Text, "fr_FR": Texte, de: ""}
                url: https://example.org/a.pdf
                caption: {en: [a, list]}
              - id: b
                kind: transcript
                title: B
                url: https://example.org/b.pdf
                translation_of: nowhere
              - id: c
                kind: transcript
                title: C
                url: https://example.org/c.pdf
                translation_of: c
              - id: d
                kind: transcript
                title: D
                url: https://example.org/d.pdf
                translation_of: e
              - id: e
                kind: transcript
                title: E
                url: https://example.org/e.pdf
                translation_of: d
            """)
        #expect(diagnostics.contains("t.yaml:3:13: error: 'English' is not a BCP 47 language tag; did you mean 'en'?"))
        // The event's language is not a valid tag, so texts are checked against the default, en.
        #expect(diagnostics.contains("t.yaml:4:10: error: 'title' of event has no text in 'en', the event's language; add 'en: …' or set the event's 'language'"))
        #expect(diagnostics.contains { $0.hasPrefix("t.yaml:10:23: error: 'title' of asset: 'fr_FR' is not a BCP 47 language tag") })
        #expect(diagnostics.contains("t.yaml:10:43: error: 'title' of asset in 'de' must not be empty"))
        #expect(diagnostics.contains("t.yaml:12:19: error: 'caption' of asset in 'en' must be text, found a list"))
        #expect(diagnostics.contains("t.yaml:17:21: error: 'translation_of' names 'nowhere', which is no asset of this event"))
        #expect(diagnostics.contains("t.yaml:22:21: error: 'translation_of' of asset 'c' names the asset itself"))
        #expect(diagnostics.contains { $0.hasPrefix("t.yaml:27:21: error: 'translation_of' of asset 'd' goes round in a circle") })
    }

    @Test func aTranslationOfAnotherEventsAssetIsRefused() {
        let other = """
            event: {id: other-1, title: Other, type: other, start: 2023-01-01}
            assets:
              - {id: theirs, kind: transcript, title: T, url: "https://example.org/t.pdf"}
            """
        let mine = """
            event: {id: mine-1, title: Mine, type: other, start: 2023-01-01}
            assets:
              - {id: ours, kind: transcript, title: O, url: "https://example.org/o.pdf", translation_of: theirs}
            """
        let (_, diagnostics) = CatalogueReader.read([
            CatalogueSource(path: "other.yaml", data: Data(other.utf8)), CatalogueSource(path: "mine.yaml", data: Data(mine.utf8)),
        ])
        #expect(diagnostics.map(\.description).contains { $0.hasPrefix("mine.yaml:3:") && $0.contains("error: 'translation_of' names 'theirs', which is no asset of this event") })
    }

    @Test func theStoreKeepsLanguagesAndTranslationsAndAChangedTranslationReimports() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("presskit-languages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CatalogueStore(path: directory.appendingPathComponent("c.sqlite").path, access: .create)
        let (catalogue, _) = read(Self.bilingual)
        let first = try store.importCatalogue(CatalogueTests.catalogue(catalogue.events), scope: ["/catalog"])
        #expect(first.events.added == 1)
        let stored = try #require(try store.event("statement-1"))
        #expect(stored.language == "en")
        #expect(stored.translations == catalogue.events[0].translations)
        #expect(stored == catalogue.events[0])
        let again = try store.importCatalogue(CatalogueTests.catalogue(catalogue.events), scope: ["/catalog"])
        #expect(again.events.unchanged == 1)
        let (changed, _) = read(Self.bilingual.replacingOccurrences(of: "Résumé français", with: "Autre résumé"))
        let third = try store.importCatalogue(CatalogueTests.catalogue(changed.events), scope: ["/catalog"])
        #expect(third.events.changed == 1)
        #expect(try store.event("statement-1")?.translations.text(.event, .summary, in: "fr") == "Autre résumé")
    }
}
