@testable import Fetcher
import TestHTTPServer

/// Short timeouts so a hostile server costs seconds, loopback allowed (the servers live there), and
/// no retries unless a test asks: each bound below is the engine's own `elapsed`, not wall time of a
/// test pool busy with other suites.
func hostileConfiguration(_ adjust: (inout FetchConfiguration) -> Void = { _ in }) -> FetchConfiguration {
    var configuration = FetchConfiguration()
    configuration.allowPrivateAddresses = true
    configuration.connectTimeout = .seconds(2)
    configuration.totalTimeout = .seconds(3)
    configuration.lowSpeedLimit = 100
    configuration.lowSpeedTime = 1
    configuration.maxRetries = 0
    configuration.retryBaseDelay = .milliseconds(50)
    configuration.maxRetryDelay = .milliseconds(200)
    adjust(&configuration)
    return configuration
}

/// Checks `requests` on one engine; results by URL.
func checkAll(_ requests: [FetchRequest], configuration: FetchConfiguration) async throws -> [String: FetchResult] {
    let engine = try FetchEngine(configuration: configuration)
    var results: [String: FetchResult] = [:]
    for await result in engine.fetch(requests) { results[result.request.url] = result }
    return results
}

/// Starts a server with `routes`, checks `path` once, stops the server.
func checkOnce(_ routes: [String: Route], path: String = "/asset", configuration: FetchConfiguration = hostileConfiguration(),
               request adjust: (inout FetchRequest) -> Void = { _ in }) async throws -> (FetchResult, TestHTTPServer) {
    let server = try TestHTTPServer(routes: routes)
    defer { server.stop() }
    var request = FetchRequest(url: server.url(path))
    adjust(&request)
    return (try await FetchEngine(configuration: configuration).fetch(request), server)
}
