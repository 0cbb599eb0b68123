/// The kit page's only style sheet, inline so the page stays one file that works offline.
///
/// Colours meet WCAG 2.2 AA (4.5:1) for text, badges included: ink #1b1b1b and muted #4d4d4d on white
/// (17.2:1, 8.5:1), links #0b4f9c (8.0:1; 7.4:1 on the panel grey), badge text on its own tint
/// (good 7.4:1, warning 8.4:1, bad 8.0:1). `overflow-wrap: anywhere` lets long URLs and titles wrap, so a 360 px phone never
/// scrolls sideways; the event's and the summary's fact lists fold to one column there (their labels are long), an
/// asset's keep two (its labels are one short word).
extension HTMLPage {
    static let style = """
        :root { color-scheme: light; --ink: #1b1b1b; --muted: #4d4d4d; --line: #c4c9cf; --link: #0b4f9c; --panel: #f3f5f7; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: var(--ink); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; overflow-wrap: anywhere; }
        header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
        h1 { font-size: 1.9rem; line-height: 1.2; margin: .25rem 0 .75rem; }
        h2 { font-size: 1.4rem; line-height: 1.25; margin: 2.25rem 0 .75rem; padding-top: 1rem; border-top: 3px solid var(--line); }
        h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        h4 { font-size: 1.05rem; line-height: 1.3; margin: 0 0 .4rem; }
        a { color: var(--link); }
        a:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; background: var(--panel); padding: 0 .2em; border-radius: 3px; }
        .eyebrow { margin: 1.5rem 0 0; color: var(--muted); font-size: .85rem; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; }
        .summary { font-size: 1.05rem; }
        .meta, .muted, footer { color: var(--muted); }
        dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; margin: .5rem 0; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; min-width: 0; }
        dl.facts ul { margin: 0; padding-left: 1.2rem; }
        ul.assets, ul.kits { list-style: none; margin: 0; padding: 0; display: grid; gap: .9rem; }
        .asset, .kit { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; }
        .kit h2 { margin: 0 0 .4rem; padding: 0; border: 0; font-size: 1.2rem; }
        .asset p { margin: .4rem 0; }
        .thumb { display: block; max-width: 100%; max-height: 16rem; height: auto; margin: .5rem 0; padding: .25rem; background: var(--panel); border: 1px solid var(--line); color: var(--muted); font-style: italic; }
        .badge { display: inline-block; padding: 0 .5rem; border: 1px solid currentColor; border-radius: 1rem; font-size: .85rem; font-weight: 600; line-height: 1.5; }
        .good { color: #0a5a1e; background: #e6f4ea; }
        .warning { color: #5c4200; background: #fff2c7; }
        .bad { color: #8a1616; background: #fde7e7; }
        .unlinked code { color: var(--ink); }
        .download a { display: inline-block; padding: .3rem 1rem; border: 2px solid var(--link); border-radius: 4px; font-weight: 600; text-decoration: none; }
        .download a:hover { background: var(--panel); }
        table.shots { width: 100%; margin: .5rem 0; border-collapse: collapse; table-layout: fixed; }
        table.shots caption { text-align: left; font-weight: 600; padding-bottom: .2rem; }
        .shots th, .shots td { padding: .25rem .5rem; border: 1px solid var(--line); text-align: left; vertical-align: top; }
        .shots th:first-child { width: 7rem; }
        .shots td:first-child { font-variant-numeric: tabular-nums; white-space: nowrap; }
        .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        footer { margin-top: 3rem; padding-bottom: 2rem; font-size: .9rem; }
        time { white-space: nowrap; }
        @media (max-width: 30rem) {
          header dl.facts, section > dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
          header dl.facts dd, section > dl.facts dd { margin-bottom: .4rem; }
          .asset dl.facts { gap: .2rem .75rem; }
          h1 { font-size: 1.6rem; }
        }

        """
}
