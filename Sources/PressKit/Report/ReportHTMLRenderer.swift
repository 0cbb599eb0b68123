/// The report as one standalone web page in the kit page's look (`HTMLPage`, its style sheet and
/// escaping): each change with its link, state and the assets using it, then what is still broken,
/// the incomplete kits, and a small inline SVG chart of each event's link health.
///
/// No scripts, no external resources, the kit page's Content-Security-Policy. Catalogue and server
/// text goes through `HTMLEscaping` inside `<bdi>`; URLs become links only when `WebLink.http`
/// accepts them. Headings go h1 → h2 (a section) → h3 (an event), never skipping a level.
public struct ReportHTMLRenderer: LinkReportRenderer {
    public init() {}

    public func render(_ report: LinkReport) -> String {
        var page = HTMLPage()
        page.open(title: "Link report" + (report.event == nil ? "" : ": "), subject: report.event, extraStyle: Self.style)
        page.raw("<header>\n<p class=\"eyebrow\">Link report</p>\n<h1>What changed in the links")
        if let event = report.event {
            page.raw(" of ")
            page.bdi(event)
        }
        page.raw("</h1>\n<p class=\"summary\">")
        page.put(ReportWording.period(report))
        page.raw(".</p>\n<p class=\"summary\"><strong>")
        page.put(ReportWording.summary(report))
        page.raw(".</strong></p>\n</header>\n<main>\n")
        for kind in ReportWording.kinds {
            let changes = report.changes(kind)
            guard !changes.isEmpty else { continue }
            page.section(id: "changes-\(kind.rawValue)", heading: "\(kind.heading) (\(changes.count))") {
                for change in changes { $0.change(change) }
            }
        }
        if !report.stillBroken.isEmpty {
            page.section(id: "still-broken", heading: "\(ReportWording.stillBroken) (\(report.stillBroken.count))") {
                for link in report.stillBroken { $0.brokenLink(link) }
            }
        }
        if !report.incompleteKits.isEmpty {
            page.section(id: "incomplete-kits", heading: "\(ReportWording.incompleteKits) (\(report.incompleteKits.count))") {
                for kit in report.incompleteKits { $0.incompleteKit(kit) }
            }
        }
        if !report.linkHealth.events.isEmpty {
            let dates = report.linkHealth.dates
            page.section(id: "link-health", heading: ReportWording.linkHealth) {
                for (index, health) in report.linkHealth.events.enumerated() {
                    $0.healthChart(health, dates: dates, id: "chart-\(index + 1)")
                }
            }
        }
        page.raw("</main>\n<footer>\n<p>Link report \(report.schema), made ")
        page.raw("<time datetime=\"\(HTMLEscaping.text(report.createdAt))\">\(HTMLEscaping.text(ReportWording.moment(report.createdAt)))</time>")
        page.raw(" by presskit. This page has no scripts and loads nothing.</p>\n</footer>\n</body>\n</html>\n")
        return page.text
    }

    /// The report's own rules, after the kit page's style sheet.
    static let style = """
        .change p { margin: .25rem 0; }
        .change ul { margin: .25rem 0; padding-left: 1.2rem; }
        .edit code { overflow-wrap: anywhere; }
        figure.health { margin: .5rem 0 0; }
        .kit h3 { margin-top: 0; }
        figure.health svg { display: block; width: 100%; max-width: 34rem; height: auto; }
        figure.health figcaption { color: var(--muted); font-size: .9rem; }
        details table { border-collapse: collapse; margin: .25rem 0; font-variant-numeric: tabular-nums; }
        details th, details td { padding: .1rem .6rem; border: 1px solid var(--line); text-align: right; }
        details th:first-child, details td:first-child { text-align: left; }

        """
}

extension HTMLPage {
    /// `<section>` with an `<h2>` and a list of cards filled by `body`.
    mutating func section(id: String, heading: String, _ body: (inout HTMLPage) -> Void) {
        raw("<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">")
        put(heading)
        raw("</h2>\n<ul class=\"assets\">\n")
        body(&self)
        raw("</ul>\n</section>\n")
    }

    mutating func change(_ change: LinkReport.Change) {
        let item = change.item
        raw("<li class=\"asset change\">\n<p>")
        badge(item.kind.rawValue, tone: Self.tone(item.kind))
        raw(" ")
        urlLink(item.url)
        raw("</p>\n<p>")
        put(ReportWording.state(item))
        raw("</p>\n")
        for edit in change.catalogueEdits {
            raw("<p class=\"edit\">Edit <code>")
            put(edit.path + (edit.line.map { ":\($0)" } ?? ""))
            raw("</code>: ")
            let field = edit.field.map { "\($0): " } ?? ""
            raw("<code>")
            put(field + item.url)
            raw("</code> → <code>")
            put(field + (item.newURL ?? "the new URL"))
            raw("</code></p>\n")
        }
        usedBy(item.usedBy)
        raw("</li>\n")
    }

    mutating func brokenLink(_ link: LinkReport.BrokenLink) {
        raw("<li class=\"asset change\">\n<p>")
        badge(link.verdict.rawValue, tone: .bad)
        raw(" ")
        urlLink(link.url)
        raw("</p>\n<p>")
        put(ReportWording.state(link))
        raw("</p>\n")
        usedBy(link.usedBy)
        raw("</li>\n")
    }

    mutating func incompleteKit(_ kit: LinkReport.IncompleteKit) {
        raw("<li class=\"kit\">\n<h3 dir=\"auto\">")
        put(kit.title)
        raw("</h3>\n<p class=\"muted\">")
        bdi(kit.event)
        raw("</p>\n<dl class=\"facts\">\n")
        if !kit.missingKinds.isEmpty {
            term("Missing kinds")
            put(kit.missingKinds.map(\.rawValue).joined(separator: ", "))
            raw("</dd>\n")
        }
        if !kit.leftOut.isEmpty {
            term("Left out")
            raw("<ul>")
            for asset in kit.leftOut {
                raw("<li>")
                bdi(asset.title)
                raw(" <span class=\"muted\">(")
                put(asset.id + ": " + asset.reasons.map(\.rawValue).joined(separator: ", "))
                raw(")</span></li>")
            }
            raw("</ul></dd>\n")
        }
        raw("</dl>\n</li>\n")
    }

    mutating func healthChart(_ health: EventHealth, dates: [String], id: String) {
        raw("<li class=\"kit\">\n<h3 dir=\"auto\">")
        put(health.title)
        raw("</h3>\n<p class=\"muted\">")
        bdi(health.event)
        raw(" · \(health.links) link\(health.links == 1 ? "" : "s")</p>\n<figure class=\"health\">\n")
        raw(HealthChart.svg(health, dates: dates, id: id))
        raw("\n<figcaption>")
        put(ReportWording.healthSentence(health) + " " + HealthChart.legend)
        raw("</figcaption>\n</figure>\n<details>\n<summary>Day by day</summary>\n<table>\n")
        raw("<thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Working</th><th scope=\"col\">Checked</th><th scope=\"col\">Share</th></tr></thead>\n<tbody>\n")
        for day in health.days {
            raw("<tr><td>\(HTMLEscaping.text(day.date))</td><td>\(day.working)</td><td>\(day.checked)</td><td>\(ReportWording.percent(day.share))</td></tr>\n")
        }
        raw("</tbody>\n</table>\n</details>\n</li>\n")
    }

    /// The URL as its own link text; a URL that is not http(s) is shown once, as code.
    private mutating func urlLink(_ url: String) {
        guard WebLink.http(url) == nil else { return link(url, label: "<bdi>\(HTMLEscaping.text(url))</bdi>") }
        raw("<span class=\"unlinked\"><code>")
        put(url)
        raw("</code> (not a web link)</span>")
    }

    private mutating func usedBy(_ references: [ChangeDigest.AssetReference]) {
        guard !references.isEmpty else {
            raw("<p class=\"muted\">No asset in the catalogue uses it any more.</p>\n")
            return
        }
        raw("<p>Used by:</p>\n<ul>\n")
        for reference in references {
            raw("<li>")
            bdi(reference.title)
            raw(" <span class=\"muted\">(")
            bdi(reference.event)
            raw("/")
            bdi(reference.asset)
            raw(")</span></li>\n")
        }
        raw("</ul>\n")
    }

    private static func tone(_ kind: ChangeDigest.Kind) -> KitWording.Tone {
        switch kind {
        case .broke, .reminder: .bad
        case .moved, .changed, .certificateExpiring: .warning
        case .recovered: .good
        }
    }
}
