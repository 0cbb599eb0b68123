import Foundation
import Testing
import TestSupport

/// The command line stays thin: it imports PressKit and ArgumentParser (and the system's own
/// modules), and its exit statuses are one table that README.md repeats.
@Suite struct CommandLineShapeTests {
    /// The modules a file of Sources/presskit may import: the library, the argument parser, and
    /// the platform's.
    static let allowedImports: Set<String> = ["PressKit", "ArgumentParser", "Foundation", "Dispatch", "Synchronization", "Glibc"]

    @Test func theCommandLineImportsOnlyPressKitArgumentParserAndThePlatform() throws {
        let folder = Repository.root.appendingPathComponent("Sources/presskit")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 5, "the command line's sources are where this test looks")
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                // `import X`, `@preconcurrency import X`, `import struct X.Y`, `@_exported import X`…
                guard let match = line.firstMatch(of: /^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)/) else { continue }
                let module = String(match.1)
                #expect(Self.allowedImports.contains(module), "\(file) imports \(module)")
            }
        }
    }

    @Test func thePackageGivesTheCommandLinePressKitAndArgumentParserOnly() throws {
        let manifest = try String(contentsOf: Repository.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let target = try #require(manifest.firstMatch(of: /\.executableTarget\(\s*name:\s*"presskit",\s*dependencies:\s*\[([^\]]*)\]/))
        let dependencies = target.1.filter { !$0.isWhitespace }
        #expect(dependencies == #""PressKit",.product(name:"ArgumentParser",package:"swift-argument-parser"),"#, "\(target.1)")
    }

    /// `presskit --help` lists every exit status in the table's words; README.md's table has a
    /// row for each, opening with the same words, and no other.
    @Test func theReadmesExitTableIsTheHelpsTable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let help = try await PresskitBinary.run(["--help"], in: directory.path, environment: ["COLUMNS": "2000"])
        #expect(help.status == 0)
        let paragraph = try #require(help.stdout.split(separator: "\n").first { $0.hasPrefix("Exit status: ") })
        var fromHelp: [String: String] = [:]
        for entry in paragraph.dropFirst("Exit status: ".count).dropLast().components(separatedBy: "; ") {
            let match = try #require(entry.firstMatch(of: /^(\d+) ([^(]+?)(?: \(.*\))?$/), "\(entry)")
            fromHelp[String(match.1)] = String(match.2)
        }
        #expect(fromHelp.keys.sorted() == ["0", "1", "130", "143", "2", "3", "4", "5"], "\(fromHelp)")

        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Exit status\n").dropFirst().first?.components(separatedBy: "\n### ").first)
        var fromReadme: [String: String] = [:]
        for row in section.split(separator: "\n") {
            guard let match = row.firstMatch(of: /^\| (\d+) \| (.+) \|$/) else { continue }
            fromReadme[String(match.1)] = String(match.2)
        }
        #expect(fromReadme.keys.sorted() == fromHelp.keys.sorted(), "README rows \(fromReadme.keys.sorted())")
        for (code, meaning) in fromHelp {
            let row = fromReadme[code] ?? ""
            #expect(row == meaning || row.hasPrefix(meaning + ":"), "README's row \(code) «\(row)» opens with «\(meaning)»")
        }
    }
}
