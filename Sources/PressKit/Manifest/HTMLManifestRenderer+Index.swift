
/// The front page of a press-kit site (`manifest --all`): every kit with what a journalist or an
/// editor checks first — when, how much, and whether anything is missing.
extension HTMLManifestRenderer {
    public func renderIndex(_ site: SiteIndex) -> String {
        var page = HTMLPage()
        page.open(title: "Press kits")
        page.raw("<header>\n<p class=\"eyebrow\">Press office</p>\n<h1>Press kits</h1>\n<p>")
        page.raw("\(site.kits.count) kit\(site.kits.count == 1 ? "" : "s")")
        if let asOf = site.asOf {
            page.raw(", as of ")
            page.time(asOf)
        }
        page.raw(".</p>\n</header>\n<main>\n<ul class=\"kits\">\n")
        for kit in site.kits { page.entry(kit) }
        page.raw("</ul>\n</main>\n")
        page.close(footer: "Press-kit site \(site.schema)", asOf: site.asOf)
        return page.text
    }
}

extension HTMLPage {
    fileprivate mutating func entry(_ kit: SiteIndex.Entry) {
        raw("<li class=\"kit\">\n<h2 dir=\"auto\">")
        // The file name comes from the event id: linked only as a plain relative path.
        if let href = WebLink.relativeFile(kit.file) {
            raw("<a href=\"\(HTMLEscaping.text(href))\">")
            put(kit.title)
            raw("</a>")
        } else {
            put(kit.title)
        }
        raw("</h2>\n<dl class=\"facts\">\n")
        term("Type")
        raw("\(KitWording.eventType(kit.type))</dd>\n")
        term("Dates")
        time(kit.start)
        if let end = kit.end, end != kit.start {
            raw(" to ")
            time(end)
        }
        raw("</dd>\n")
        term("Assets")
        raw("\(kit.assetCount)</dd>\n")
        term("Missing kinds")
        if kit.missingKinds.isEmpty { raw("none") }
        for (n, kind) in kit.missingKinds.enumerated() {
            if n > 0 { raw(" ") }
            badge("missing: \(kind.rawValue)", tone: .bad)
        }
        raw("</dd>\n")
        term("Policy problems")
        if kit.violationCount == 0 {
            raw("none")
        } else {
            badge("\(kit.violationCount) violation\(kit.violationCount == 1 ? "" : "s")", tone: .warning)
        }
        raw("</dd>\n</dl>\n</li>\n")
    }
}
