import Foundation
import Testing
import TestSupport

/// Control characters in catalogue files, through the built binary: refused where they stand, and
/// never written raw to a terminal.
@Suite struct CatalogueTextTests: PresskitSuite {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func aNULInATitleIsRefusedNotCutShort() async throws {
        defer { directory.remove() }
        // "a\0b" used to import as "a".
        try directory.write("Catalog/nul.yaml", """
            event: {id: nul-title, title: "Before\\0after", type: visit, start: 2023-11-19}
            """)
        let result = try await presskit("import")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Catalog/nul.yaml:1:31: error: text holds the control character \\u{0}"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("presskit.sqlite")))
    }

    @Test func diagnosticsNeverCarryRawControlBytes() async throws {
        defer { directory.remove() }
        // A file name that would retitle a terminal, holding an unknown key with an escape sequence.
        try directory.write("Catalog/\u{1B}]0;owned\u{07}.yaml", """
            event: {id: hostile, title: T, type: visit, start: 2023-11-19, "x\\e[2J": 1}
            """)
        let result = try await presskit("validate")
        #expect(result.status == 2)
        #expect(result.stderr.contains("Catalog/\\u{1B}]0;owned\\u{7}.yaml:1:64: error: text holds the control character \\u{1B}"), "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no raw control byte on stderr")
    }
}

/// Catalogue entries that are not plain files: never skipped in silence, since an import would then
/// remove their events.
@Suite struct CatalogueEntryTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func aSymbolicLinkToAFileIsReadAndAPipeIsRefused() async throws {
        defer { directory.remove() }
        // Given one event file kept outside Catalog/ and linked into it,
        let shared = try directory.write("shared/linked.yaml", """
            event: {id: linked-event, title: Linked, type: visit, start: 2023-11-19}
            """)
        try FileManager.default.createDirectory(atPath: directory.path("Catalog"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.path("Catalog/linked.yaml"), withDestinationPath: shared)
        // the link is imported as the file it names.
        let imported = try await PresskitBinary.run(["import"], in: directory.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        let events = try await PresskitBinary.run(["events"], in: directory.path)
        #expect(events.stdout.contains("linked-event"), "\(events.stdout)")

        // When the link dangles and a pipe stands beside it, the import refuses both by name
        try FileManager.default.removeItem(atPath: shared)
        #expect(mkfifo(directory.path("Catalog/pipe.yaml"), 0o644) == 0)
        let refused = try await PresskitBinary.run(["import"], in: directory.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("Catalog/linked.yaml: error: not a regular file"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Catalog/pipe.yaml: error: not a regular file"), "\(refused.stderr)")
        // and the event the dangling link held stays in the catalogue.
        let after = try await PresskitBinary.run(["events"], in: directory.path)
        #expect(after.stdout.contains("linked-event"), "\(after.stdout)")
    }
}
