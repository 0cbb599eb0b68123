import Catalogue
import StrictYAML

/// The public page above and around the galleries: the event, its contacts, what comes later, the
/// credit and rights, each story. Headings go h1 → h2 (sections, stories) → h3 (a kind) → h4 (an item).
extension HTMLPage {
    mutating func publicHeader(_ manifest: Manifest) {
        let event = manifest.event
        raw("<header>\n\(switcher)<p class=\"eyebrow\">\(words[.pressKit]) · \(words.eventType(event.type))</p>\n<h1 \(textDirection(.event, .title))>")
        put(event.title)
        raw("</h1>\n<p class=\"when\">")
        time(event.start, text: words.humanDates(start: event.start, end: event.end))
        if !event.places.isEmpty {
            raw(" · ")
            list(event.places, separator: "; ")
        }
        raw("</p>\n")
        if let summary = event.summary {
            raw("<p class=\"summary\" \(textDirection(.event, .summary))>")
            put(summary)
            raw("</p>\n")
        }
        raw("</header>\n")
    }

    /// Contacts with e-mail as `mailto:` and phone as `tel:` links, when the values can be such links.
    mutating func publicContacts(_ contacts: [Contact]) {
        guard !contacts.isEmpty else { return }
        raw("<section aria-labelledby=\"contacts\">\n<h2 id=\"contacts\">\(words[.pressContacts])</h2>\n<ul class=\"contacts\">\n")
        for contact in contacts {
            raw("<li><strong>")
            bdi(contact.name)
            raw("</strong>")
            if let role = contact.role {
                raw(", ")
                bdi(role)
            }
            if let email = contact.email { contactLine(email, href: ContactLink.mailto(email)) }
            if let phone = contact.phone { contactLine(phone, href: ContactLink.tel(phone)) }
            raw("</li>\n")
        }
        raw("</ul>\n</section>\n")
    }

    /// One way to reach a contact on a line of its own, linked when it can be (`mailto:`, `tel:`).
    private mutating func contactLine(_ value: String, href: String?) {
        raw("<br>")
        guard let href else { return bdi(value) }
        raw("<a href=\"\(HTMLEscaping.text(href))\">")
        bdi(value)
        raw("</a>")
    }

    /// Held-back material as "More material from <time>", with titles only when the policy announces
    /// them. Never an id or a URL.
    mutating func comingLater(_ held: [HeldBackAsset]) {
        let announcements = KitWording.announcements(held)
        guard !announcements.isEmpty else { return }
        raw("<section aria-labelledby=\"coming\">\n<h2 id=\"coming\">\(words[.comingLater])</h2>\n<ul class=\"coming\">\n")
        for announcement in announcements {
            raw("<li>" + words[.moreMaterialFrom])
            time(announcement.until, text: words.humanMoment(announcement.until))
            if announcement.titles.isEmpty {
                raw(" (\(announcement.count) \(words[announcement.count == 1 ? .item : .items]))")
            } else {
                raw(": ")
                list(announcement.titles, separator: "; ")
            }
            raw("</li>\n")
        }
        raw("</ul>\n</section>\n")
    }

    mutating func creditBlock(_ shared: PublicKitFacts.CreditAndRights?) {
        guard let shared else { return }
        raw("<section aria-labelledby=\"rights\" class=\"rights\">\n<h2 id=\"rights\">\(words[.creditAndRights])</h2>\n")
        creditAndRights(shared)
        raw("</section>\n")
    }

    /// "Credit: …" and the conditions of use, URLs in them linked; under an asset the conditions
    /// say "Rights:", since no heading names them there.
    mutating func creditAndRights(_ pair: PublicKitFacts.CreditAndRights, labelRights: Bool = false) {
        if let credit = pair.credit {
            raw("<p><strong>\(words[.credit])</strong> ")
            bdi(credit)
            raw("</p>\n")
        }
        if let rights = pair.rights {
            raw(labelRights ? "<p dir=\"auto\"><strong>\(words[.rights])</strong> " : "<p dir=\"auto\">")
            linkedText(rights)
            raw("</p>\n")
        }
    }

    /// Catalogue text with its http(s) URLs as links; everything escaped.
    mutating func linkedText(_ catalogueText: String) {
        for piece in LinkedText.pieces(catalogueText) {
            switch piece {
            case .text(let text): put(text)
            case .url(let url):
                if let href = WebLink.http(url) {
                    raw("<a href=\"\(HTMLEscaping.text(href))\" rel=\"noopener noreferrer\">")
                    put(url)
                    raw("</a>")
                } else {
                    put(url)
                }
            }
        }
    }

    mutating func publicStory(_ story: KitStory, number: Int, kit: PublicKitFacts, index: inout Int) {
        storyOpening(story, number: number, date: words.humanMoment(story.date))
        if let webstory = story.webstory, let href = WebLink.http(webstory.url) {
            raw("<p class=\"webstory\"><a href=\"\(HTMLEscaping.text(href))\" rel=\"noopener noreferrer\">\(words[.readStoryOnline])</a></p>\n")
        }
        gallery(story.assets, kit: kit, poster: story, index: &index)
        raw("</section>\n")
    }
}

/// `mailto:` and `tel:` links from a contact's text, only when the text is plainly an address or a number.
enum ContactLink {
    static func mailto(_ email: String) -> String? {
        let address = email.trimmedWhitespace
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || ".-_+".contains(c)) }
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), parts.allSatisfy({ $0.allSatisfy(allowed) }) else { return nil }
        return "mailto:" + address
    }

    /// RFC 3966: `tel:` and the global number, digits only after an optional `+`.
    static func tel(_ phone: String) -> String? {
        let text = phone.trimmedWhitespace
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().".contains($0)) }) else { return nil }
        let digits = text.filter(\.isNumber)
        guard digits.count >= 5 else { return nil }
        return "tel:" + (text.hasPrefix("+") ? "+" : "") + digits
    }
}

/// Text cut into plain runs and http(s) URLs (up to white space, without trailing punctuation).
enum LinkedText {
    enum Piece: Equatable { case text(String), url(String) }

    static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        while let start = [rest.range(of: "https://"), rest.range(of: "http://")].compactMap({ $0?.lowerBound }).min() {
            var end = rest[start...].firstIndex(where: \.isWhitespace) ?? rest.endIndex
            while end > start, ".,;:!?)]'\"".contains(rest[rest.index(before: end)]) { end = rest.index(before: end) }
            if start > rest.startIndex { pieces.append(.text(String(rest[..<start]))) }
            pieces.append(.url(String(rest[start..<end])))
            rest = rest[end...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }
}
