@testable import Fetcher
import Foundation
import TestHTTPServer
import Testing

/// Not a timed test: a smoke check that thousands of checks flow through one engine, with the
/// rate printed. Runs only with PRESSKIT_FETCHER_THROUGHPUT=N set (N checks). The real benchmark
/// (nginx, curl --parallel, 10,000 and 100,000 URLs) is issue 3 §8 and lives with the CLI.
@Suite("Throughput smoke", .enabled(if: ProcessInfo.processInfo.environment["PRESSKIT_FETCHER_THROUGHPUT"] != nil))
struct ThroughputTests {
    @Test func thousandsOfChecks() async throws {
        let count = Int(ProcessInfo.processInfo.environment["PRESSKIT_FETCHER_THROUGHPUT"] ?? "") ?? 5_000
        let server = try TestHTTPServer(routes: ["/asset": .file(size: 1_000, contentType: "image/jpeg")])
        defer { server.stop() }
        let requests = (0..<count).map { FetchRequest(url: server.url("/asset?n=\($0)")) }
        let clock = ContinuousClock()
        let start = clock.now
        let results = try await checkAll(requests, configuration: testConfiguration {
            $0.totalConcurrency = 64
            $0.perHostConcurrency = 32
        })
        let elapsed = clock.now - start
        print("throughput: \(count) checks in \(elapsed), \(Int(Double(count) / elapsed.seconds))/s, "
              + "\(server.acceptedConnections) connections")
        #expect(results.count == count)
        #expect(results.values.allSatisfy { $0.verdict == .ok })
    }
}
