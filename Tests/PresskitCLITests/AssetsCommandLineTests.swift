import Foundation
import Testing
import TestSupport

/// `presskit assets` command lines read without ArgumentParser (Sources/presskit/AssetsCommandLine.swift)
/// mean exactly what ArgumentParser makes of them, and everything else still reaches ArgumentParser.
@Suite struct AssetsCommandLineTests: PresskitSuite {
    let directory: TemporaryDirectory

    init() async throws {
        directory = try TemporaryDirectory()
        try FileManager.default.copyItem(at: Repository.catalog, to: directory.url.appendingPathComponent("Catalog"))
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Policies"),
                                         to: directory.url.appendingPathComponent("Policies"))
        #expect(try await presskit("import", "--db", "other.sqlite").status == 0)
        #expect(try await presskit("import").status == 0)
        // A database on which the default one and `--db other.sqlite` disagree, so `--db` is seen to count.
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("Catalog/2023-11/western-balkans-visit-2023.yaml"))
        #expect(try await presskit("import", "--db", "other.sqlite").status == 0)
    }

    /// The same command line with the event after `--`, which the shortcut leaves to ArgumentParser.
    static func throughArgumentParser(_ arguments: [String]) -> [String] {
        // The event is the first word after `assets` that is neither an option nor an option's value.
        var index = 1
        while arguments[index].hasPrefix("-") { index += arguments[index].contains("=") ? 1 : 2 }
        var rest = arguments
        let event = rest.remove(at: index)
        return rest + ["--", event]
    }

    @Test(arguments: [
        ["assets", "western-balkans-visit-2023"],
        ["assets", "western", "--format", "json"],
        ["assets", "--format=JSON", "western"],
        ["assets", "western", "--format", "csv", "--kind", "video", "--kind", "Transcript"],
        ["assets", "--kind=photo", "western", "--story", "wb23-skopje"],
        ["assets", "western", "--story=wb23-belgrade", "--format", "table", "--policies", "Policies"],
        ["assets", "--db", "presskit.sqlite", "western", "--format", "json"],
        ["assets", "western", "--db=other.sqlite"],
        ["assets", "--policies=Policies", "--db", "elsewhere.sqlite", "western"],
        ["assets", "no-such-event", "--format", "json"],
        ["assets", "western", "--story", "no-such-story"],
        ["assets", "w"],
    ])
    func aPlainListingMeansWhatArgumentParserReads(arguments: [String]) async throws {
        defer { directory.remove() }
        let quick = try await presskit(arguments)
        let parsed = try await presskit(Self.throughArgumentParser(arguments))
        #expect(quick.status == parsed.status, "\(arguments): \(quick.stderr) | \(parsed.stderr)")
        #expect(quick.stdout == parsed.stdout, "\(arguments)")
        #expect(quick.stderr == parsed.stderr, "\(arguments)")
        // Not vacuous: each of these either lists something or says what is wrong.
        #expect(!(quick.stdout + quick.stderr).isEmpty, "\(arguments)")
    }

    /// Forms the shortcut does not read: ArgumentParser's own answers, as before it existed.
    @Test func everythingElseGetsArgumentParsersAnswer() async throws {
        defer { directory.remove() }
        let refused: [([String], String)] = [
            (["assets"], "presskit: error: Missing expected argument '<event>'"),
            (["assets", "western", "extra"], "presskit: error: Unexpected argument 'extra'"),
            (["assets", "western", "--db"], "presskit: error: Missing value for '--db <path>'"),
            (["assets", "western", "--kind", "brol"], "presskit: error: The value 'brol' is invalid for '--kind <kind>'"),
            (["assets", "western", "--format", "xml"], "presskit: error: The value 'xml' is invalid for '--format <format>'"),
            (["assets", "western", "--colour", "red"], "presskit: error: Unknown option '--colour'"),
            (["assets", "western", "-x"], "presskit: error: Unknown option '-x'"),
        ]
        for (arguments, message) in refused {
            let run = try await presskit(arguments)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix(message), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(arguments)")
        }
        for help in [["assets", "--help"], ["assets", "western", "-h"], ["help", "assets"]] {
            let run = try await presskit(help)
            #expect(run.status == 0, "\(help): \(run.stderr)")
            #expect(run.stdout.contains("USAGE: presskit assets <event>"), "\(help): \(run.stdout)")
        }
        let version = try await presskit("assets", "western", "--version")
        let plainVersion = try await presskit("--version")
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout == plainVersion.stdout && !version.stdout.isEmpty)
    }
}
