import Foundation
import Testing
import TestSupport

/// What starting the binary loads: libcurl and the libraries it needs only in commands that fetch
/// (Sources/CCurl/libcurl.c opens it on first use), libxml2 and ICU only in commands that read feeds
/// (Sources/CXML/xml.c); README "Benchmarks".
@Suite struct StartUpTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test(arguments: [["--help"], ["--version"], ["events", "--db", "missing.sqlite"], ["assets", "e", "--db", "missing.sqlite"]])
    func commandsThatFetchNothingDoNotLoadLibcurlOrLibxml2(arguments: [String]) async throws {
        // The dynamic loader traces every library it opens to stderr (`LD_DEBUG=files`); the trace
        // names what it did open (SQLite is linked), so its silence on libcurl counts.
        let run = try await PresskitBinary.run(arguments, in: directory.path, environment: ["LD_DEBUG": "files"])
        #expect(run.stderr.contains("libsqlite3"), "no loader trace: \(run.stderr.prefix(300))")
        #expect(!run.stderr.contains("libcurl"), "\(arguments) loaded libcurl")
        #expect(!run.stderr.contains("libxml2") && !run.stderr.contains("libicu"), "\(arguments) loaded libxml2 or ICU")
    }
}
