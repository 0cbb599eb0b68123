import Foundation
import Testing

/// Golden files under `Tests/PressKitTests/Snapshots/`, compared byte for byte. Set
/// `PRESSKIT_RECORD_SNAPSHOTS=1` to rewrite them on purpose, then review the diff before committing.
enum Snapshots {
    static func check(_ actual: String, named name: String, filePath: String = #filePath,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PRESSKIT_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file, options: .atomic)
            return
        }
        guard let expected = FileManager.default.contents(atPath: file.path) else {
            Issue.record("no snapshot \(name); record it with PRESSKIT_RECORD_SNAPSHOTS=1 swift test", sourceLocation: sourceLocation)
            return
        }
        guard Data(actual.utf8) != expected else { return }
        let expectedLines = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        let line = Array(zip(expectedLines, actualLines)).firstIndex { $0 != $1 } ?? min(expectedLines.count, actualLines.count)
        Issue.record("""
            \(name) differs from its snapshot at line \(line + 1):
              expected: \(line < expectedLines.count ? expectedLines[line] : "(end of file)")
              actual:   \(line < actualLines.count ? actualLines[line] : "(end of file)")
            If the change is intended, re-record with PRESSKIT_RECORD_SNAPSHOTS=1 swift test --filter PressKitTests
            """, sourceLocation: sourceLocation)
    }
}
