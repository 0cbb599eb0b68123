import Catalogue
import Foundation
import LinkVocabulary

/// Output formats of `presskit check`; one `switch` picks the renderer.
public enum CheckFormat: String, CaseIterable, Sendable {
    case text, json, junit, markdown

    /// `failOn`: the verdicts that JSON and JUnit count as failures.
    public func renderer(failOn: Set<LinkProblem>) -> any CheckRenderer {
        switch self {
        case .text: CheckTextRenderer()
        case .markdown: CheckMarkdownRenderer()
        case .json: CheckJSONRenderer(failOn: failOn)
        case .junit: CheckJUnitRenderer(failOn: failOn)
        }
    }
}

/// Writes a check report in one format. Text and Markdown list the problems; JSON and JUnit list
/// every link, from the `LinkListing` the run filled as it went (so a run of 100,000 links is never
/// held whole). No I/O of their own beyond reading the listing back: the caller picks the stream.
public protocol CheckRenderer: Sendable {
    /// `listing` is the one `LinkListing.needed(for:failOn:)` gave the run; nil for text and Markdown.
    func write<Output: FlushingOutput>(_ report: CheckReport, listing: LinkListing?, to output: inout Output) throws
}

/// The words the text, Markdown and JUnit reports share.
enum CheckWording {
    /// "N links checked in S s: counts", and what probes read.
    static func summary(_ report: CheckReport) -> String {
        let counts = report.counts.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            .map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
        let seconds = String(format: "%.1f", report.duration.seconds)
        let n = report.total
        let probes = report.probedCount == 0 ? ""
            : "; \(report.probedCount) file\(report.probedCount == 1 ? "" : "s") probed, \(ByteSize.text(report.probeBytes)) read"
        return "\(n) link\(n == 1 ? "" : "s") checked in \(seconds) s" + (counts.isEmpty ? "" : ": \(counts)") + probes
    }

    /// What went wrong, in a few words: the status, then the engine's detail or libcurl's message;
    /// the status once, when the detail already names it (a 404's detail is "HTTP 404").
    static func reason(_ check: LinkCheck) -> String {
        let explanation = check.detail ?? check.curlMessage
        guard let status = check.httpStatus else { return explanation ?? "" }
        guard let explanation, !explanation.isEmpty else { return "HTTP \(status)" }
        return explanation.contains("HTTP \(status)") ? explanation : "HTTP \(status): \(explanation)"
    }

    /// What to do about a problem link: the verdict's hint, unless the link works and only its
    /// certificate or its media need attention.
    static func advice(_ link: CheckedLink) -> String {
        guard link.check.verdict == .ok else {
            return link.heldCopy.map { "\(link.hint) The press office holds a copy (\(ArchiveFixity.facts($0)))." } ?? link.hint
        }
        if link.certificateWarning != nil { return "Renew the certificate before it lapses." }
        return "Ask for a file that meets the link-check policy's expect, or relax the policy."
    }
}

/// The problems, one or two lines each, for a terminal or a log.
struct CheckTextRenderer: CheckRenderer {
    func write<Output: FlushingOutput>(_ report: CheckReport, listing: LinkListing?, to output: inout Output) {
        var out = ""
        for link in report.problems {
            let verdict = link.check.verdict.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            var line = "\(verdict) \(link.target.url)"
            if let newURL = link.check.newURL { line += " → \(newURL)" }
            let reason = CheckWording.reason(link.check)
            if !reason.isEmpty && link.check.verdict != .ok { line += " (\(reason))" }
            if let warning = link.certificateWarning { line += " — \(warning)" }
            if !link.offSpec.isEmpty { line += " — off-spec: \(link.offSpec.joined(separator: "; "))" }
            out += TerminalText.sanitize(line) + "\n"
            out += "              \(TerminalText.sanitize(CheckWording.advice(link))) Used by \(link.target.usedBy.joined(separator: ", ")).\n"
        }
        output.write(out + CheckWording.summary(report) + ".\n")
    }
}

/// A table of the problems. Every cell goes through `MarkdownEscaping` (the one escaping file):
/// a URL is a code span linked only when http(s), so a `>` or `<script>` in it stays text.
struct CheckMarkdownRenderer: CheckRenderer {
    func write<Output: FlushingOutput>(_ report: CheckReport, listing: LinkListing?, to output: inout Output) {
        var out = "## Link check\n\n\(MarkdownEscaping.inline(CheckWording.summary(report))).\n"
        let problems = report.problems
        guard !problems.isEmpty else { return output.write(out + "\nAll links work.\n") }
        out += "\n| verdict | link | details | used by |\n|---|---|---|---|\n"
        for link in problems {
            var details = MarkdownEscaping.inline(CheckWording.reason(link.check))
            if let newURL = link.check.newURL { details += (details.isEmpty ? "" : "; ") + "moved to " + MarkdownEscaping.url(newURL) }
            if let warning = link.certificateWarning { details += (details.isEmpty ? "" : "; ") + MarkdownEscaping.inline(warning) }
            if !link.offSpec.isEmpty {
                details += (details.isEmpty ? "" : "; ") + "off-spec: " + MarkdownEscaping.inline(link.offSpec.joined(separator: "; "))
            }
            if let copy = link.heldCopy { details += (details.isEmpty ? "" : "; ") + MarkdownEscaping.inline(ArchiveFixity.holding(copy)) }
            out += "| \(MarkdownEscaping.inline(link.check.verdict.rawValue)) | \(MarkdownEscaping.url(link.target.url)) | \(details) | \(MarkdownEscaping.inline(link.target.usedBy.joined(separator: ", "))) |\n"
        }
        output.write(out)
    }
}

/// JUnit XML as CI dashboards read it: one test case per link, failures for `--fail-on` verdicts.
struct CheckJUnitRenderer: CheckRenderer {
    let failOn: Set<LinkProblem>

    func write<Output: FlushingOutput>(_ report: CheckReport, listing: LinkListing?, to output: inout Output) throws {
        guard let listing, listing.format == .junit else { preconditionFailure("the run was given no junit listing") }
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        output.write("<testsuites>\n  <testsuite name=\"presskit check\" tests=\"\(report.total)\" failures=\"\(report.failureCount(failOn: failOn))\" errors=\"0\" time=\"\(String(format: "%.3f", report.duration.seconds))\">\n")
        try listing.copy(to: &output)
        output.write("  </testsuite>\n</testsuites>\n")
    }

    /// One link's test case, as the run's listing holds it.
    static func testCase(_ link: CheckedLink, failOn: Set<LinkProblem>) -> String {
        let time = String(format: "%.3f", link.check.totalTime ?? 0)
        var line = "    <testcase classname=\"links\" name=\"\(XMLEscaping.text(link.target.url))\" time=\"\(time)\""
        if failOn.contains(.verdict(link.check.verdict)) {
            line += ">\n      <failure type=\"\(XMLEscaping.text(link.check.verdict.rawValue))\" message=\"\(XMLEscaping.text(CheckWording.reason(link.check)))\">\(XMLEscaping.text(CheckWording.advice(link))) Used by \(XMLEscaping.text(link.target.usedBy.joined(separator: ", "))).</failure>\n    </testcase>\n"
        } else if failOn.contains(FailurePolicy.offSpec), !link.offSpec.isEmpty {
            line += ">\n      <failure type=\"\(FailurePolicy.offSpec.rawValue)\" message=\"\(XMLEscaping.text(link.offSpec.joined(separator: "; ")))\">\(XMLEscaping.text(CheckWording.advice(link))) Used by \(XMLEscaping.text(link.target.usedBy.joined(separator: ", "))).</failure>\n    </testcase>\n"
        } else {
            line += "/>\n"
        }
        return line
    }
}

/// The JSON document: the same bytes `JSONText.encode` would give for the whole document (sorted
/// keys, two-space indentation), without building it in memory; each link is `CheckJSON.link`.
struct CheckJSONRenderer: CheckRenderer {
    let failOn: Set<LinkProblem>

    func write<Output: FlushingOutput>(_ report: CheckReport, listing: LinkListing?, to output: inout Output) throws {
        guard let listing, listing.format == .json else { preconditionFailure("the run was given no json listing") }
        let head = CheckDocument(report, failOn: failOn)
        // Keys in sorted order: counts, duration_seconds, failed, links, schema, started_at.
        output.write("{\n  \"counts\" : \(JSONText.fragment(head.counts, indent: 2)),\n")
        output.write("  \"duration_seconds\" : \(JSONText.fragment(head.durationSeconds, indent: 2)),\n")
        output.write("  \"failed\" : \(head.failed),\n  \"links\" : [")
        try listing.copy(to: &output)
        output.write(listing.isEmpty ? "\n\n  ],\n" : "\n  ],\n")
        output.write("  \"schema\" : \(JSONText.fragment(head.schema, indent: 2)),\n")
        output.write("  \"started_at\" : \(JSONText.fragment(head.startedAt, indent: 2))\n}\n")
    }
}

/// `presskit check --format json`: schema `presskit.check/1`, documented in README.md. The links are
/// written one by one (`CheckJSONRenderer`, `CheckJSON`); this holds the document's other fields.
struct CheckDocument {
    let schema = "presskit.check/1"
    var startedAt: String
    var durationSeconds: Double
    /// Links per verdict name: the JSON edge of the report's typed counts.
    var counts: [String: Int]
    var failed: Int

    init(_ report: CheckReport, failOn: Set<LinkProblem>) {
        startedAt = Timestamp.text(report.startedAt)
        durationSeconds = (report.duration.seconds * 1_000).rounded() / 1_000
        counts = Dictionary(uniqueKeysWithValues: report.counts.map { ($0.key.rawValue, $0.value) })
        failed = report.failureCount(failOn: failOn)
    }
}

extension Duration {
    /// The duration in seconds, for printing and timers.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
