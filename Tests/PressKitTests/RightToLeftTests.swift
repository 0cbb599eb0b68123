import Catalogue
import Foundation
import Testing
import TestSupport
@testable import PressKit

/// Arabic, Russian and Ukrainian kits: each catalogue text's element says its direction and
/// language, and an Arabic page renders in headless Chromium (the screenshot is kept for review).
@Suite struct RightToLeftTests {
    /// A statement in English with its texts in Arabic, Russian and Ukrainian; one caption only in
    /// English (the fallback), one asset title Arabic text opening with a Latin name.
    static let event: Event = {
        let yaml = """
            event:
              id: satellite-statement
              language: en
              title:
                en: Statement on the launch of a military satellite
                ar: بيان بشأن إطلاق قمر صناعي عسكري
                ru: Заявление о запуске военного спутника
                uk: Заява щодо запуску військового супутника
              type: statement
              start: 2023-11-22
              places: [Brussels]
              summary:
                en: NATO condemns the launch.
                ar: يدين حلف الناتو عملية الإطلاق.
                ru: НАТО осуждает запуск.
                uk: НАТО засуджує запуск.
            stories:
              - id: statement
                headline:
                  en: The statement
                  ar: البيان
                  ru: Заявление
                  uk: Заява
                date: 2023-11-22
                assets:
                  - id: text-en
                    kind: transcript
                    title: {en: Text of the statement, ar: نص البيان, ru: Текст заявления, uk: Текст заяви}
                    url: https://example.org/statement-en.pdf
                    language: en
                  - id: text-ar
                    kind: transcript
                    title: {en: Arabic text, ar: "NATO: النص العربي للبيان"}
                    url: https://example.org/statement-ar.pdf
                    language: ar
                    translation_of: text-en
                  - id: photo
                    kind: photo
                    title: {en: The North Atlantic Council, ar: مجلس شمال الأطلسي}
                    url: https://example.org/council.jpg
                    caption: The Council in session (English only)
            """
        let (catalogue, diagnostics) = CatalogueReader.read([CatalogueSource(path: "rtl.yaml", data: Data(yaml.utf8))])
        precondition(diagnostics.isEmpty, "\(diagnostics)")
        return catalogue.events[0]
    }()

    static func page(_ language: String) -> String {
        let kit = ManifestBuilder(policy: PressKitPolicy(), asOf: KitFixtures.asOf, language: language).manifest(for: event, health: [:])
        return PublicHTMLRenderer().render(kit)
    }

    @Test func arabicTextsSayTheirDirectionOnTheirElement() throws {
        let page = Self.page("ar")
        try Snapshots.check(page, named: "public-arabic.html")
        #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
        // presskit has no Arabic words yet: the body is in English, left to right, and every
        // catalogue text says its own language and direction.
        #expect(page.contains("<body lang=\"en\" dir=\"ltr\">"))
        #expect(page.contains("<h1 dir=\"rtl\" lang=\"ar\">بيان بشأن إطلاق قمر صناعي عسكري</h1>"))
        // A Latin word first would make dir="auto" guess left to right: the element says rtl.
        #expect(page.contains("dir=\"rtl\" lang=\"ar\">NATO: النص العربي للبيان</h4>"))
        // The English fallback in the Arabic page runs left to right, in its own language.
        #expect(page.contains("<p dir=\"ltr\" lang=\"en\">The Council in session (English only)</p>"))
        #expect(page.contains("<span lang=\"ar\">العربية</span>"))
    }

    @Test(arguments: [("ru", "Заявление о запуске военного спутника"), ("uk", "Заява щодо запуску військового супутника")])
    func cyrillicKitsAreLeftToRight(_ language: String, _ title: String) {
        let page = Self.page(language)
        #expect(page.contains("<html lang=\"\(language)\">"))
        #expect(page.contains("<body lang=\"en\">"))
        #expect(page.contains("<h1 dir=\"auto\" lang=\"\(language)\">\(title)</h1>"))
        #expect(page.contains("<p dir=\"auto\" lang=\"en\">The Council in session (English only)</p>"))
    }

    static let chromium = "/usr/bin/chromium"

    /// Headless Chromium draws the Arabic page offline; the PNG is kept under
    /// `.build/screenshots/public-arabic-{desktop,phone}.png` for a person to look at.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: chromium), "needs Debian's chromium"))
    func theArabicPageRendersInChromium() throws {
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let html = work.url.appendingPathComponent("public-arabic.html")
        try Data(Self.page("ar").utf8).write(to: html)
        let folder = Repository.root.appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, width) in [("desktop", 1280), ("phone", 390)] {
            let png = folder.appendingPathComponent("public-arabic-\(name).png")
            try? FileManager.default.removeItem(at: png)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.chromium)
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                                 "--disable-background-networking", "--disable-component-update",
                                 "--host-resolver-rules=MAP * ~NOTFOUND",
                                 "--user-data-dir=\(work.url.appendingPathComponent("profile").path)",
                                 "--window-size=\(width),1600", "--screenshot=\(png.path)", html.absoluteString]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let data = try Data(contentsOf: png)
            // A PNG (signature, then IHDR with the width asked for), and not a blank page's few bytes.
            #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            let pngWidth = data.count > 20 ? data[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
            #expect(pngWidth == width)
            #expect(data.count > 20_000, "\(data.count) bytes")
        }
    }
}
