import Catalogue
import Foundation

/// Output formats of `presskit check`.
public enum CheckFormat: String, CaseIterable, Sendable {
    case text, json, junit, markdown
}

/// Renders a check report. Pure functions: the CLI decides where the text goes.
public enum CheckRenderers {
    public static func render(_ report: CheckReport, format: CheckFormat, failOn: Set<String>) -> String {
        switch format {
        case .text: text(report)
        case .json: JSONText.encode(CheckDocument(report, failOn: failOn))
        case .junit: junit(report, failOn: failOn)
        case .markdown: markdown(report)
        }
    }

    static func summary(_ report: CheckReport) -> String {
        let counts = report.counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let seconds = String(format: "%.1f", report.duration.seconds)
        let n = report.links.count
        return "\(n) link\(n == 1 ? "" : "s") checked in \(seconds) s" + (counts.isEmpty ? "" : ": \(counts)")
    }

    /// What went wrong, in a few words: the status, or libcurl's message, or the engine's detail.
    static func reason(_ check: LinkCheck) -> String {
        var parts: [String] = []
        if let status = check.httpStatus { parts.append("HTTP \(status)") }
        if let detail = check.detail { parts.append(detail) } else if let message = check.curlMessage { parts.append(message) }
        return parts.joined(separator: ": ")
    }

    static func text(_ report: CheckReport) -> String {
        var out = ""
        for link in report.problems {
            let verdict = link.check.verdict.padding(toLength: 13, withPad: " ", startingAt: 0)
            var line = "\(verdict) \(link.target.url)"
            if let newURL = link.check.newURL { line += " → \(newURL)" }
            let reason = reason(link.check)
            if !reason.isEmpty && link.check.verdict != "ok" { line += " (\(reason))" }
            if let warning = link.certificateWarning { line += " — \(warning)" }
            out += TerminalText.sanitize(line) + "\n"
            out += "              \(TerminalText.sanitize(link.check.verdict == "ok" ? "Renew the certificate before it lapses." : link.hint)) Used by \(link.target.usedBy.joined(separator: ", ")).\n"
        }
        return out + summary(report) + ".\n"
    }

    static func markdown(_ report: CheckReport) -> String {
        var out = "## Link check\n\n\(summary(report)).\n"
        let problems = report.problems
        guard !problems.isEmpty else { return out + "\nAll links work.\n" }
        out += "\n| verdict | link | details | used by |\n|---|---|---|---|\n"
        for link in problems {
            var details = reason(link.check)
            if let newURL = link.check.newURL { details += (details.isEmpty ? "" : "; ") + "moved to <\(newURL)>" }
            if let warning = link.certificateWarning { details += (details.isEmpty ? "" : "; ") + warning }
            out += "| \(cell(link.check.verdict)) | <\(link.target.url)> | \(cell(details)) | \(cell(link.target.usedBy.joined(separator: ", "))) |\n"
        }
        return out
    }

    /// A Markdown table cell: pipes and line breaks escaped, HTML's special characters as entities.
    static func cell(_ text: String) -> String {
        TerminalText.sanitize(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "\\|")
    }

    /// JUnit XML as CI dashboards read it: one test case per link, failures for `--fail-on` verdicts.
    static func junit(_ report: CheckReport, failOn: Set<String>) -> String {
        let failures = report.failures(failOn: failOn)
        let seconds = report.duration.seconds
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites>\n  <testsuite name=\"presskit check\" tests=\"\(report.links.count)\" failures=\"\(failures.count)\" errors=\"0\" time=\"\(String(format: "%.3f", seconds))\">\n"
        for link in report.links {
            let time = String(format: "%.3f", link.check.totalTime ?? 0)
            out += "    <testcase classname=\"links\" name=\"\(xml(link.target.url))\" time=\"\(time)\""
            if failOn.contains(link.check.verdict) {
                out += ">\n      <failure type=\"\(xml(link.check.verdict))\" message=\"\(xml(reason(link.check)))\">\(xml(link.hint)) Used by \(xml(link.target.usedBy.joined(separator: ", "))).</failure>\n    </testcase>\n"
            } else {
                out += "/>\n"
            }
        }
        return out + "  </testsuite>\n</testsuites>\n"
    }

    /// XML 1.0 text: the five predefined entities, and characters XML cannot carry replaced by U+FFFD.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}

/// `presskit check --format json`: schema `presskit.check/1`, documented in README.md.
struct CheckDocument: Encodable {
    let schema = "presskit.check/1"
    var startedAt: String
    var durationSeconds: Double
    var counts: [String: Int]
    var failed: Int
    var links: [Link]

    enum CodingKeys: String, CodingKey {
        case schema, startedAt = "started_at", durationSeconds = "duration_seconds", counts, failed, links
    }

    struct Link: Encodable {
        var url: String
        var verdict: String
        var hint: String
        var warning: String?
        var detail: String?
        var newURL: String?
        var httpStatus: Int?
        var method: String?
        var attempts: Int
        var redirects: [LinkCheck.Hop]
        var finalURL: String?
        var contentType: String?
        var contentLength: Int64?
        var lastModified: String?
        var etag: String?
        var filename: String?
        var httpVersion: String?
        var remoteIP: String?
        var timings: [String: Double]
        var certificateExpiry: String?
        var curlCode: Int?
        var curlMessage: String?
        var kinds: [String]
        var usedBy: [String]

        enum CodingKeys: String, CodingKey {
            case url, verdict, hint, warning, detail, newURL = "new_url", httpStatus = "http_status", method, attempts
            case redirects, finalURL = "final_url", contentType = "content_type", contentLength = "content_length"
            case lastModified = "last_modified", etag, filename, httpVersion = "http_version", remoteIP = "remote_ip"
            case timings, certificateExpiry = "certificate_expiry", curlCode = "curl_code", curlMessage = "curl_message"
            case kinds, usedBy = "used_by"
        }
    }

    init(_ report: CheckReport, failOn: Set<String>) {
        startedAt = Timestamp.text(report.startedAt)
        durationSeconds = (report.duration.seconds * 1_000).rounded() / 1_000
        counts = report.counts
        failed = report.failures(failOn: failOn).count
        links = report.links.map { link in
            let c = link.check
            var timings: [String: Double] = [:]
            for (name, value) in [("dns", c.dnsTime), ("connect", c.connectTime), ("tls", c.tlsTime),
                                  ("first_byte", c.firstByteTime), ("total", c.totalTime)] {
                if let value { timings[name] = (value * 1_000_000).rounded() / 1_000_000 }
            }
            return Link(url: c.url, verdict: c.verdict, hint: link.hint, warning: link.certificateWarning, detail: c.detail,
                        newURL: c.newURL, httpStatus: c.httpStatus, method: c.method, attempts: c.attempts,
                        redirects: c.redirects, finalURL: c.finalURL, contentType: c.contentType,
                        contentLength: c.contentLength, lastModified: c.lastModified, etag: c.etag,
                        filename: c.filename, httpVersion: c.httpVersion, remoteIP: c.remoteIP, timings: timings,
                        certificateExpiry: c.certificateExpiry.map(Timestamp.text), curlCode: c.curlCode,
                        curlMessage: c.curlMessage, kinds: link.target.kinds.map(\.rawValue).sorted(),
                        usedBy: link.target.usedBy)
        }
    }
}

extension Duration {
    /// The duration in seconds, for printing.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
