/// An event's link health over the chart window as a small inline SVG bar chart: one bar per day,
/// as tall as the share of the event's links that worked at that day's last check.
///
/// Accessible by construction (WCAG 2.2): the `<svg>` is `role="img"` named by its `<title>` and
/// described by its `<desc>` (SVG Accessibility API Mappings §5.1), and each bar carries a
/// `<title>` of its own for pointer users; the page repeats the description and a day-by-day table
/// as text. Colour is never the only signal (1.4.1): height gives the share, and the caption says
/// that green is all working, red some failing, no bar not checked. Bars and axes are at least
/// 3:1 against white (1.4.11): green #0a5a1e 7.4:1, red #b42318 6.4:1, axis #4d4d4d 8.5:1.
/// Nothing external: no fonts, no scripts, no links; text in it is escaped like the page's, and the
/// event's title in `<title>` (plain text, where `<bdi>` cannot go) isolated like the kit page's title.
enum HealthChart {
    static let width = 340, height = 96
    private static let left = 38, top = 8, plotHeight = 60, slot = 10, bar = 7
    private static var baseline: Int { top + plotHeight }

    /// The chart for `health` over `dates` (every day of the window, oldest first); `id` is a
    /// page-unique prefix of our own, never catalogue text.
    static func svg(_ health: EventHealth, dates: [String], id: String) -> String {
        let byDate = Dictionary(health.days.map { ($0.date, $0) }, uniquingKeysWith: { _, last in last })
        let plotWidth = dates.count * slot
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" class="chart">
            <title id="\(id)-title">Link health of \(HTMLEscaping.isolated(health.title)), last \(dates.count) days</title>
            <desc id="\(id)-desc">\(HTMLEscaping.text(ReportWording.healthSentence(health)))</desc>
            <g font-family="system-ui, sans-serif" font-size="10" fill="#4d4d4d">
            <text x="\(left - 4)" y="\(top + 4)" text-anchor="end">100%</text>
            <text x="\(left - 4)" y="\(baseline)" text-anchor="end">0%</text>

            """
        if let first = dates.first, let last = dates.last {
            svg += "<text x=\"\(left)\" y=\"\(baseline + 16)\">\(HTMLEscaping.text(first))</text>\n"
            svg += "<text x=\"\(left + plotWidth)\" y=\"\(baseline + 16)\" text-anchor=\"end\">\(HTMLEscaping.text(last))</text>\n"
        }
        svg += "</g>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left + plotWidth)\" y2=\"\(top)\" stroke=\"#c4c9cf\" stroke-dasharray=\"2 3\"/>\n"
        for (index, date) in dates.enumerated() {
            guard let day = byDate[date] else { continue }
            // A day when nothing worked still gets a visible stub, in red.
            let barHeight = max(2, Int((day.share * Double(plotHeight)).rounded()))
            let colour = day.working == day.checked ? "#0a5a1e" : "#b42318"
            svg += "<rect x=\"\(left + index * slot + 1)\" y=\"\(baseline - barHeight)\" width=\"\(bar)\" height=\"\(barHeight)\" fill=\"\(colour)\">"
            svg += "<title>\(HTMLEscaping.text(dayText(day)))</title></rect>\n"
        }
        svg += "<line x1=\"\(left)\" y1=\"\(baseline)\" x2=\"\(left + plotWidth)\" y2=\"\(baseline)\" stroke=\"#4d4d4d\"/>\n"
        return svg + "</svg>"
    }

    /// "2026-11-24: 5 of 6 links working (83 %)".
    static func dayText(_ day: DayHealth) -> String {
        "\(day.date): \(day.working) of \(day.checked) link\(day.checked == 1 ? "" : "s") working (\(ReportWording.percent(day.share)))"
    }

    /// What the bars mean, in words, for the caption.
    static let legend = "Each bar is one day: its height is the share of the event's links working at that day's last check; green when all worked, red when some failed, no bar when nothing was checked."
}
