import Catalogue

/// The parts of a kit page above the assets: the event, the kit at a glance, each story.
/// Headings go h1 (event) → h2 (contacts, glance, event-wide assets, each story) → h3 (a kind) →
/// h4 (an asset), never skipping a level, so screen-reader users can jump through the kit.
extension HTMLPage {
    mutating func eventHeader(_ manifest: Manifest) {
        let event = manifest.event
        raw("<header>\n<p class=\"eyebrow\">Press kit</p>\n<h1 \(textDirection(.event, .title))>")
        put(event.title)
        raw("</h1>\n<dl class=\"facts\">\n")
        term("Type")
        raw("\(KitWording.eventType(event.type))</dd>\n")
        term("Dates")
        time(event.start)
        if let end = event.end, end != event.start {
            raw(" to ")
            time(end)
        }
        raw("</dd>\n")
        if !event.places.isEmpty {
            term("Places")
            list(event.places, separator: "; ")
            raw("</dd>\n")
        }
        if let asOf = manifest.asOf {
            term("Kit as of")
            time(asOf)
            raw("</dd>\n")
        }
        raw("</dl>\n")
        if let summary = event.summary {
            raw("<p class=\"summary\" \(textDirection(.event, .summary))>")
            put(summary)
            raw("</p>\n")
        }
        if !event.contacts.isEmpty { contacts(event.contacts) }
        raw("</header>\n")
    }

    /// Catalogue strings, each isolated. Places take semicolons: they hold commas themselves
    /// ("Tapa, Estonia").
    mutating func list(_ items: [String], separator: String = ", ") {
        for (n, item) in items.enumerated() {
            if n > 0 { raw(separator) }
            bdi(item)
        }
    }

    private mutating func contacts(_ contacts: [Contact]) {
        // E-mail addresses and phone numbers stay text: only http(s) catalogue values become links.
        raw("<section aria-labelledby=\"contacts\">\n<h2 id=\"contacts\">Press contacts</h2>\n<ul class=\"contacts\">\n")
        for contact in contacts {
            raw("<li>")
            raw("<strong>")
            bdi(contact.name)
            raw("</strong>")
            for detail in [contact.role, contact.email, contact.phone].compactMap({ $0 }) {
                raw(" · ")
                bdi(detail)
            }
            raw("</li>\n")
        }
        raw("</ul>\n</section>\n")
    }

    /// The summary: what the kit offers, what it lacks, and what is held back or in trouble.
    mutating func glance(_ manifest: Manifest) {
        let summary = manifest.summary
        let titles = KitWording.Titles(manifest)
        raw("<section aria-labelledby=\"glance\">\n<h2 id=\"glance\">At a glance</h2>\n")
        raw("<p>\(summary.assetCount) asset\(summary.assetCount == 1 ? "" : "s") in this kit")
        let counts = KitWording.kindCounts(summary.kinds)
        if !counts.isEmpty {
            raw(": ")
            raw(counts.map { "\($0.count)\u{A0}\(HTMLEscaping.text($0.kind))" }.joined(separator: ", "))
        }
        raw(".</p>\n<dl class=\"facts\">\n")
        if !summary.requiredKinds.isEmpty {
            term("Required kinds")
            raw(summary.requiredKinds.map(\.rawValue).joined(separator: ", "))
            raw("</dd>\n")
        }
        term("Missing kinds")
        if summary.missingKinds.isEmpty { raw("none") }
        for (n, kind) in summary.missingKinds.enumerated() {
            if n > 0 { raw(" ") }
            badge("missing: \(kind.rawValue)", tone: .bad)
        }
        raw("</dd>\n")
        term("Held back by embargo")
        items(summary.embargoed) { page, held in
            if let title = held.title { page.bdi(title) } else { page.raw("<code>"); page.put(held.id); page.raw("</code>") }
            page.raw(" (\(held.kind.rawValue)), until ")
            page.time(held.until)
        }
        term("Left out")
        items(summary.leftOut) { page, left in
            page.raw("<code>")
            page.put(left.id)
            page.raw("</code> (\(left.kind.rawValue))")
            for reason in left.reasons {
                page.raw(" ")
                page.badge(reason.rawValue, tone: KitWording.tone(ofFlag: reason))
            }
        }
        for (name, ids) in [("Broken links", summary.broken), ("Stale checks", summary.stale),
                            ("Never checked", summary.unchecked)] {
            term(name)
            items(ids) { page, id in page.assetReference(id, titles: titles) }
        }
        raw("</dl>\n</section>\n")
    }

    /// "none", or a list of items written by `item`; closes the `dd`. Long lists fold into a
    /// `<details>` element (no script needed) so a kit with many unchecked links still shows its
    /// assets within a screen or two.
    private mutating func items<T>(_ values: [T], _ item: (inout HTMLPage, T) -> Void) {
        if values.isEmpty {
            raw("none</dd>\n")
            return
        }
        let folded = values.count > 5
        if folded { raw("<details><summary>\(values.count) links</summary>") }
        raw("\n<ul>\n")
        for value in values {
            raw("<li>")
            item(&self, value)
            raw("</li>\n")
        }
        raw(folded ? "</ul></details></dd>\n" : "</ul></dd>\n")
    }

    /// An asset in the kit by its title, linking to it on the page; one outside the kit by its id.
    private mutating func assetReference(_ id: String, titles: KitWording.Titles) {
        if let found = titles[id] {
            raw("<a href=\"#\(found.anchor)\">")
            bdi(found.title)
            raw("</a>")
        } else {
            raw("<code>")
            put(id)
            raw("</code>")
        }
    }

    /// A story's section opening, the same for both audiences: headline, when (worded as `date`) and
    /// where, summary and people.
    mutating func storyOpening(_ story: KitStory, number: Int, date: String) {
        raw("<section class=\"story\" aria-labelledby=\"story-\(number)\">\n<h2 id=\"story-\(number)\" \(textDirection(.story(story.id), .headline))>")
        put(story.headline)
        raw("</h2>\n<p class=\"meta\">")
        time(story.date, text: date)
        if let place = story.place {
            raw(" · ")
            bdi(place)
        }
        raw("</p>\n")
        if let summary = story.summary {
            raw("<p \(textDirection(.story(story.id), .summary))>")
            put(summary)
            raw("</p>\n")
        }
        if !story.people.isEmpty {
            raw("<p><strong>\(words[.people])</strong> ")
            list(story.people)
            raw("</p>\n")
        }
    }

    mutating func story(_ story: KitStory, number: Int, firstIndex index: inout Int) {
        storyOpening(story, number: number, date: KitWording.moment(story.date))
        if let webstory = story.webstory {
            raw("<p class=\"webstory\"><strong>Web story:</strong> ")
            link(webstory.url, label: "Read the story online")
            raw(" ")
            health(webstory.health, flags: [])
            raw("</p>\n")
        }
        groups(story.assets, firstIndex: &index)
        raw("</section>\n")
    }

    /// Each kind under an h3, its assets as a list; `index` counts assets across the page for anchors.
    mutating func groups(_ groups: [KitAssetGroup], firstIndex index: inout Int) {
        for group in groups {
            raw("<h3>\(KitWording.heading(group.kind))</h3>\n<ul class=\"assets\">\n")
            for asset in group.assets {
                raw("<li>")
                self.asset(asset, anchor: KitWording.anchor(index))
                raw("</li>\n")
                index += 1
            }
            raw("</ul>\n")
        }
    }
}
