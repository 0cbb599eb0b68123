import Catalogue

/// The event, the glance, the stories and the assets of a Markdown kit.
extension MarkdownDocument {
    mutating func event(_ manifest: Manifest) {
        let event = manifest.event
        line("# \(MarkdownEscaping.inline(event.title))")
        list([
            "\(words.fact(.type)) \(words.eventType(event.type))",
            "\(words.fact(.dates)) \(isPublic ? words.humanDates(start: event.start, end: event.end) : KitWording.dates(start: event.start, end: event.end))",
            event.places.isEmpty ? nil : fact(.places, event.places.joined(separator: "; ")),
            fact(.kitAsOf, manifest.asOf.map(KitWording.moment)),
        ].compactMap { $0 })
        if let summary = event.summary { line(MarkdownEscaping.inline(summary)) }
        if !event.contacts.isEmpty {
            line(words.fact(.pressContacts))
            list(event.contacts.map { contact in
                MarkdownEscaping.inline([contact.name, contact.role, contact.email, contact.phone]
                    .compactMap { $0 }.joined(separator: " · "))
            })
        }
    }

    mutating func glance(_ manifest: Manifest) {
        let summary = manifest.summary
        let titles = KitWording.Titles(manifest)
        line("## At a glance")
        let counts = KitWording.kindCounts(summary.kinds).map { "\($0.count) \($0.kind)" }
        var items = ["**Assets:** \(summary.assetCount)" + (counts.isEmpty ? "" : " (\(MarkdownEscaping.inline(counts.joined(separator: ", "))))")]
        if !summary.requiredKinds.isEmpty {
            items.append("**Required kinds:** " + summary.requiredKinds.map(\.rawValue).joined(separator: ", "))
        }
        items.append("**Missing kinds:** " + (summary.missingKinds.isEmpty ? "none" : summary.missingKinds.map(\.rawValue).joined(separator: ", ")))
        items.append("**Held back by embargo:** " + Self.series(summary.embargoed.map { held in
            (held.title.map(MarkdownEscaping.inline) ?? MarkdownEscaping.code(held.id))
                + " (\(held.kind.rawValue)) until \(MarkdownEscaping.inline(KitWording.moment(held.until)))"
        }))
        items.append("**Left out:** " + Self.series(summary.leftOut.map { left in
            "\(MarkdownEscaping.code(left.id)) (\(left.kind.rawValue): \(MarkdownEscaping.inline(left.reasons.map(\.rawValue).joined(separator: ", "))))"
        }))
        for (name, ids) in [("Broken links", summary.broken), ("Stale checks", summary.stale), ("Never checked", summary.unchecked)] {
            items.append("**\(name):** " + Self.series(ids.map { id in
                titles[id].map { MarkdownEscaping.inline($0.title) } ?? MarkdownEscaping.code(id)
            }))
        }
        list(items)
    }

    /// A public kit's glance: what it offers, and when held-back material comes (never its link).
    mutating func offer(_ manifest: Manifest) {
        let summary = manifest.summary
        let counts = KitWording.kindCounts(summary.kinds).map { "\($0.count) \($0.kind)" }
        var items = ["\(words.fact(.assets)) \(summary.assetCount)" + (counts.isEmpty ? "" : " (\(MarkdownEscaping.inline(counts.joined(separator: ", "))))")]
        for announcement in KitWording.announcements(summary.embargoed) {
            items.append("**\(words[.moreMaterialFrom])\(MarkdownEscaping.inline(words.humanMoment(announcement.until)))\(words[.colon])** "
                         + (announcement.titles.isEmpty ? "\(announcement.count) \(words[announcement.count == 1 ? .moreAsset : .moreAssetsPlural])"
                            : announcement.titles.map(MarkdownEscaping.inline).joined(separator: "; ")))
        }
        list(items)
    }

    /// "none", or the items separated by semicolons (titles may hold commas).
    private static func series(_ items: [String]) -> String {
        items.isEmpty ? "none" : items.joined(separator: "; ")
    }

    mutating func story(_ story: KitStory) {
        line("## \(MarkdownEscaping.inline(story.headline))")
        var facts = ["\(words.fact(.date)) \(MarkdownEscaping.inline(isPublic ? words.humanMoment(story.date) : KitWording.moment(story.date)))"]
        if let place = fact(.place, story.place) { facts.append(place) }
        if !story.people.isEmpty, let people = fact(.people, story.people.joined(separator: ", ")) { facts.append(people) }
        if let webstory = story.webstory {
            let read = words[.readStoryOnline]
            facts.append("\(words.fact(.webStory)) " + Self.link(webstory.url, label: read.prefix(1).lowercased() + read.dropFirst())
                         + (isPublic ? "" : " — " + Self.health(webstory.health, flags: [])))
        }
        list(facts)
        if let summary = story.summary { line(MarkdownEscaping.inline(summary)) }
        groups(story.assets)
    }

    mutating func groups(_ groups: [KitAssetGroup]) {
        for group in groups {
            line("### \(words.heading(group.kind))")
            for asset in group.assets { self.asset(asset) }
        }
    }

    private mutating func asset(_ asset: KitAsset) {
        line("#### " + Self.link(asset.url, label: MarkdownEscaping.inline(asset.title)))
        var facts = isPublic ? [] : [Self.health(asset.health, flags: asset.flags)]
        let file = MediaSummary.line(asset.media?.properties, size: asset.size)
        let basics = [asset.kind.rawValue, file.isEmpty ? nil : file, asset.contentType, asset.language]
        facts.append("\(words.fact(.about)) " + MarkdownEscaping.inline(basics.compactMap { $0 }.joined(separator: " · ")))
        facts += [
            fact(.credit, asset.credit), fact(.rights, asset.rights), fact(.caption, asset.caption),
            fact(.embargoLifted, asset.embargo.map(KitWording.moment)), fact(.filmedFact, asset.filmed),
            fact(.location, asset.location), fact(.synopsis, asset.synopsis),
        ].compactMap { $0 }
        if !asset.speakers.isEmpty {
            let names = asset.speakers.map { speaker in speaker.name + (speaker.language.map { " (\($0))" } ?? "") }
            facts.append("\(words.fact(.speakers)) " + MarkdownEscaping.inline(names.joined(separator: ", ")))
        }
        list(facts)
        guard !asset.shotlist.isEmpty else { return }
        table([words[.timecode], words[.shot]], asset.shotlist.map { [$0.at, $0.shot] })
    }
}
