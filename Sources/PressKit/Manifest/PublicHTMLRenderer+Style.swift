/// The public page's style: the staff page's (`HTMLPage.style`: colours at WCAG AA, wrapping, the
/// narrow layout) plus galleries, cards, buttons and a print sheet. Posters and placeholders keep a
/// 16:9 box and photos their probed size, so nothing jumps while images load. Printed, buttons give
/// way to each download's URL in full, and folded details are not needed to read the kit.
extension PublicHTMLRenderer {
    static let style = HTMLPage.style + """
        .when { font-size: 1.1rem; margin: 0 0 .5rem; }
        ul.contacts, ul.coming { margin: 0; padding-left: 1.2rem; }
        ul.contacts li { margin-bottom: .5rem; }
        .rights p { margin: .3rem 0; }
        ul.photos, ul.cards, ul.docs, ul.events { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
        ul.photos { grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
        ul.cards, ul.events { grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
        .photo, .card, .doc, .event { border: 1px solid var(--line); border-radius: 6px; padding: .75rem; min-width: 0; }
        .card, .event { padding: 0; overflow: hidden; }
        .card .body, .event .body { padding: .75rem; }
        figure { margin: 0; }
        .photo img { display: block; width: 100%; height: auto; aspect-ratio: 3 / 2; object-fit: cover; background: var(--panel); }
        .photo img[width] { aspect-ratio: auto; }
        .poster { display: block; width: 100%; height: auto; aspect-ratio: 16 / 9; object-fit: cover; background: var(--panel); }
        figcaption h4 { margin: .5rem 0 .2rem; }
        figcaption p, .card p, .doc p, .event p { margin: .3rem 0; }
        .spec { font-variant-numeric: tabular-nums; color: var(--muted); }
        details { margin: .4rem 0; }
        summary { cursor: pointer; font-weight: 600; color: var(--link); }
        .own-rights { font-size: .9rem; color: var(--muted); }
        .own-rights a, .rights a { color: var(--link); }
        a.button { display: inline-block; margin-top: .4rem; padding: .35rem .9rem; border: 2px solid var(--link); border-radius: 4px; font-weight: 600; text-decoration: none; }
        a.button:hover { background: var(--panel); }
        a.button .file { font-weight: 400; }
        .event h2 { margin: 0 0 .3rem; padding: 0; border: 0; font-size: 1.2rem; }
        .badge.live { color: #0a5a1e; background: #e6f4ea; }
        @media print {
          a.button { border: 0; padding: 0; font-weight: 400; }
          a.button > *, a.button::before { display: none; }
          a.button { font-size: 0; }
          a.button::after { content: attr(href); display: block; font: .8rem/1.4 ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
          .photo, .card, .doc { break-inside: avoid; }
          a { color: inherit; }
          body { font-size: 11pt; }
          header, main, footer { max-width: none; }
        }

        """
}

/// The public front page of a press site: every event as a card with its dates, places and a photo.
extension PublicHTMLRenderer {
    public func renderIndex(_ site: SiteIndex) -> String {
        PublicSiteIndex(kits: site.kits.map { PublicSiteIndex.Card(entry: $0) }, asOf: site.asOf).render(siteURL: siteURL)
    }
}
