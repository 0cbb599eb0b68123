import Foundation
import Testing
import TestSupport

/// The binary the end-to-end tests run is the code under test, or the tests stop saying why.
@Suite struct PresskitBinaryTests {
    @Test func aBinaryOlderThanASourceFileIsRefusedByName() throws {
        let tree = try TemporaryDirectory()
        defer { tree.remove() }
        // Given a built binary and the tree it was built from.
        let binary = try tree.write(".build/debug/presskit", "#!/bin/sh\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        try tree.write("Package.swift", "")
        let source = try tree.write("Sources/PressKit/Kit.swift", "")
        let now = Date()
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-30)], ofItemAtPath: binary)
        let url = URL(fileURLWithPath: binary)

        // A schema beside the sources is not built into the binary, and a change to Package.swift may
        // concern only the tests: no complaint.
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-90)], ofItemAtPath: source)
        try tree.write("Sources/PressKit/Schemas/kit.schema.json", "{}")
        #expect(PresskitBinary.problem(with: url, builtFrom: tree.url) == nil)

        // When the source changes after the build, the binary is refused, naming the file.
        try FileManager.default.setAttributes([.modificationDate: now], ofItemAtPath: source)
        let stale = try #require(PresskitBinary.problem(with: url, builtFrom: tree.url))
        #expect(stale.description.contains("is older than \(source)"), "\(stale)")

        // And a missing binary is refused rather than replaced by another build.
        let missing = PresskitBinary.problem(with: tree.url.appendingPathComponent("nowhere/presskit"), builtFrom: tree.url)
        #expect(missing?.description.hasPrefix("no presskit binary at ") == true)
    }

    @Test func theBinaryTheseTestsRunIsCurrent() throws {
        #expect(throws: Never.self) { try PresskitBinary.url }
    }
}
