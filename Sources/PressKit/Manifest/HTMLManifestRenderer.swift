import Catalogue
import LinkVocabulary

/// A press kit as one self-contained web page a journalist can open, save or mail: the event, its
/// stories, and every asset with its download link, rights and link health.
///
/// No scripts, no external CSS or fonts: the page works offline and under the strict
/// Content-Security-Policy it declares. Catalogue text goes through `HTMLEscaping` and sits in
/// `<bdi>` or `dir="auto"` elements so right-to-left text cannot reorder what surrounds it; catalogue
/// URLs become links only when `WebLink.http` accepts them.
public struct HTMLManifestRenderer: ManifestRenderer {
    public init() {}

    public func render(_ manifest: Manifest) -> String {
        var page = HTMLPage()
        // A kit asked for in a language: the page says it, its English words say theirs (the body),
        // and each text its own (`textDirection`). The staff page's words stay English.
        if let language = manifest.language {
            page.language = language
            page.fallbacks = manifest.fallbacks
            page.isLocalized = true
        }
        page.open(title: "Press kit: ", subject: manifest.event.title)
        page.eventHeader(manifest)
        page.raw("<main>\n")
        page.glance(manifest)
        var index = 0
        if !manifest.eventAssets.isEmpty {
            page.raw("<section aria-labelledby=\"event-assets\">\n<h2 id=\"event-assets\">Event-wide assets</h2>\n")
            page.groups(manifest.eventAssets, firstIndex: &index)
            page.raw("</section>\n")
        }
        for (number, story) in manifest.stories.enumerated() {
            page.story(story, number: number + 1, firstIndex: &index)
        }
        page.raw("</main>\n")
        page.close(footer: "Press kit \(manifest.schema) for \(manifest.event.id)", asOf: manifest.asOf)
        return page.text
    }
}

/// The page being written. Methods that take catalogue text escape it; `raw` is for our own markup.
struct HTMLPage {
    private(set) var text = ""
    /// The public page's own words, in the kit's language (`KitWords`); the staff page is English.
    var words = KitWords.english
    /// The page's language, for `<html lang>`.
    var language = "en"
    /// The manifest's fallbacks: texts shown in the event's language in a kit of another.
    var fallbacks: [String: String] = [:]
    /// Whether the kit was asked for in a language (`--language`, a site's languages): titles then
    /// carry the language of their text, not their file's.
    var isLocalized = false
    /// An original's id → the languages it and its translations in the kit are in (`translation_of`).
    var versions: [String: [String]] = [:]
    /// The language switcher of a site in several languages, at the top of the header; else empty.
    var switcher = ""

    mutating func raw(_ markup: String) { text += markup }

    mutating func reserveCapacity(_ bytes: Int) { text.reserveCapacity(bytes) }

    /// Catalogue text as element content.
    mutating func put(_ catalogueText: String) { text += HTMLEscaping.text(catalogueText) }

    /// Catalogue text isolated from its neighbours, for a short run inside a line.
    mutating func bdi(_ catalogueText: String) { text += "<bdi>\(HTMLEscaping.text(catalogueText))</bdi>" }

    /// `<!DOCTYPE html>` to `<body>`. The CSP is defence in depth for a page that has no scripts:
    /// should escaping ever fail, injected scripts, styles from elsewhere, frames, forms and `<base>`
    /// are still refused; images may come from the web because thumbnails do.
    /// - Parameter extraStyle: rules a page adds after the shared `style` (our own CSS, never catalogue text).
    /// - Parameter head: more of our own markup for the head (the public page's meta tags and JSON-LD).
    /// - Parameter style: the page's style sheet, the staff pages' by default.
    mutating func open(title: String, subject: String? = nil, extraStyle: String = "", head: String = "",
                       style: String = HTMLPage.style) {
        raw("""
            <!DOCTYPE html>
            <html lang="\(HTMLEscaping.text(language))"\(KitWords.isRightToLeft(language) ? " dir=\"rtl\"" : "")>
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: http:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLEscaping.text(title))\(subject.map(HTMLEscaping.isolated) ?? "")</title>
            \(head)<style>
            \(style)\(extraStyle)</style>
            </head>
            <body\(wordsAttributes)>

            """)
    }

    /// When presskit has no words in the page's language (an Arabic kit has English labels), the
    /// body says the words' language and direction, and each catalogue text its own
    /// (`textDirection`): English labels then read left to right inside a right-to-left page.
    var wordsAttributes: String {
        guard wordsDiffer else { return "" }
        return " lang=\"\(words.language)\"" + (KitWords.isRightToLeft(language) && !KitWords.isRightToLeft(words.language) ? " dir=\"ltr\"" : "")
    }

    /// The page's language has no table of words of its own.
    var wordsDiffer: Bool {
        language.lowercased().split(separator: "-").first.map(String.init) != words.language
    }

    mutating func close(footer: String, asOf: String?) {
        raw("<footer>\n<p>")
        put(footer)
        if let asOf {
            raw(", as of ")
            time(asOf)
        }
        raw(". Generated by presskit; this page has no scripts and loads nothing but thumbnails.</p>\n</footer>\n</body>\n</html>\n")
    }

    /// A date or moment in a `<time>` element: people read `KitWording.moment`, software reads the
    /// exact RFC 3339 text in `datetime`.
    mutating func time(_ value: String) {
        time(value, text: KitWording.moment(value))
    }

    /// A `<time>` with our own wording for people and the exact text for software.
    mutating func time(_ value: String, text: String) {
        raw("<time datetime=\"\(HTMLEscaping.text(value))\">\(HTMLEscaping.text(text))</time>")
    }

    /// A catalogue URL as a link, or as text when its scheme is not http or https.
    /// - Parameter label: our own markup for the link text, already escaped.
    mutating func link(_ url: String, label: String, attributes: String = "") {
        if let href = WebLink.http(url) {
            raw("<a href=\"\(HTMLEscaping.text(href))\" rel=\"noopener noreferrer\"\(attributes)>\(label)</a>")
        } else {
            raw("<span class=\"unlinked\">\(label) <code>")
            put(url)
            raw("</code> (not a web link)</span>")
        }
    }

    /// A word on a coloured pill; the word carries the meaning, the colour only repeats it.
    mutating func badge(_ word: String, tone: KitWording.Tone) {
        raw("<span class=\"badge \(tone.rawValue)\">")
        put(word)
        raw("</span>")
    }

    /// The verdict as a badge, then its HTTP status, when it was checked, and the problems the
    /// policy flags beyond the verdict itself (`stale`, `wrong-type`, …).
    mutating func health(_ health: KitHealth, flags: [LinkProblem]) {
        badge(health.state.rawValue, tone: KitWording.tone(of: health))
        raw(" <span class=\"muted\">")
        if let status = health.httpStatus { raw("HTTP \(status) · ") }
        if let checkedAt = health.checkedAt {
            raw("checked ")
            time(checkedAt)
        } else {
            raw("never checked")
        }
        raw("</span>")
        if let newURL = health.newURL {
            raw(" · moved to ")
            link(newURL, label: "<bdi>\(HTMLEscaping.text(newURL))</bdi>")
        }
        let extra = flags.filter { $0 != health.state }
        if !extra.isEmpty {
            raw(" <span class=\"flags\">Flagged:")
            for flag in extra {
                raw(" ")
                badge(flag.rawValue, tone: KitWording.tone(ofFlag: flag))
            }
            raw("</span>")
        }
    }

    /// Opens a `dt`/`dd` pair; the caller writes the value and `</dd>`.
    mutating func term(_ name: String) { raw("<dt>\(name)</dt><dd>") }

    /// A `dt`/`dd` pair holding catalogue text, isolated.
    mutating func fact(_ name: String, _ catalogueText: String?) {
        guard let catalogueText else { return }
        term(name)
        bdi(catalogueText)
        raw("</dd>\n")
    }
}
