import StrictYAML
import Catalogue

/// What `presskit import` and `presskit validate` print. Pure functions of the outcome.
public enum ImportReport {
    public static func text(_ outcome: CatalogueImport.Outcome, database: String) -> String {
        let s = outcome.summary
        var table = TextTable([.init(header: ""), .init(header: "ADDED"), .init(header: "CHANGED"),
                               .init(header: "REMOVED"), .init(header: "UNCHANGED")])
        for (name, counts) in [("events", s.events), ("stories", s.stories), ("assets", s.assets)] {
            table.append([name, String(counts.added), String(counts.changed), String(counts.removed), String(counts.unchanged)])
        }
        let files = outcome.reading.fileCount
        let verdict = s.isNoChange ? "nothing changed" : "catalogue updated"
        return "Read \(files) file\(files == 1 ? "" : "s") into \(database): \(verdict).\n" + table.render(maxWidth: nil)
    }

    struct ImportJSON: Encodable {
        let schema = "presskit.import/1"
        var database: String
        var files: Int
        var events: ImportSummary.Counts
        var stories: ImportSummary.Counts
        var assets: ImportSummary.Counts
        var warnings: [DiagnosticJSON]
    }

    struct DiagnosticJSON: Encodable {
        var path: String
        var line: Int
        var column: Int
        var severity: String
        var message: String

        init(_ d: Diagnostic) {
            (path, line, column, severity, message) = (d.path, d.line, d.column, d.severity.rawValue, d.message)
        }
    }

    public static func json(_ outcome: CatalogueImport.Outcome, database: String) -> String {
        let s = outcome.summary
        return JSONText.encode(ImportJSON(
            database: database, files: outcome.reading.fileCount, events: s.events, stories: s.stories,
            assets: s.assets, warnings: outcome.reading.diagnostics.filter { $0.severity == .warning }.map(DiagnosticJSON.init)))
    }

    struct ValidationJSON: Encodable {
        let schema = "presskit.validation/1"
        var files: Int
        var valid: Bool
        var diagnostics: [DiagnosticJSON]
    }

    public static func diagnosticsJSON(_ reading: CatalogueImport.Reading) -> String {
        JSONText.encode(ValidationJSON(files: reading.fileCount, valid: !reading.diagnostics.hasErrors,
                                       diagnostics: reading.diagnostics.map(DiagnosticJSON.init)))
    }

    public static func validated(_ reading: CatalogueImport.Reading) -> String {
        let events = reading.catalogue.events
        let stories = events.reduce(0) { $0 + $1.stories.count }
        let assets = events.reduce(0) { $0 + $1.allAssets.count }
        func counted(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        return "\(counted(reading.fileCount, "file", "files")) OK: \(counted(events.count, "event", "events")), "
            + "\(counted(stories, "story", "stories")), \(counted(assets, "asset", "assets")).\n"
    }
}
