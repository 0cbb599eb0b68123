@testable import Fetcher
import TestHTTPServer
import Testing

/// Short timeouts so the whole suite stays well under a minute, and loopback allowed.
func testConfiguration(_ adjust: (inout FetchConfiguration) -> Void = { _ in }) -> FetchConfiguration {
    var configuration = FetchConfiguration()
    configuration.allowPrivateAddresses = true
    configuration.connectTimeout = .seconds(2)
    configuration.totalTimeout = .seconds(6)
    configuration.lowSpeedLimit = 100
    configuration.lowSpeedTime = 1
    configuration.maxRetries = 2
    configuration.retryBaseDelay = .milliseconds(50)
    configuration.maxRetryDelay = .milliseconds(200)
    configuration.retryAfterCap = .seconds(3)
    configuration.maxBodyBytes = 16_384
    adjust(&configuration)
    return configuration
}

/// Starts a server with `routes`, checks `path` once, stops the server.
func checkOnce(
    _ routes: [String: Route], path: String = "/asset",
    configuration: FetchConfiguration = testConfiguration(),
    request adjust: (inout FetchRequest) -> Void = { _ in }
) async throws -> (FetchResult, TestHTTPServer) {
    let server = try TestHTTPServer(routes: routes)
    defer { server.stop() }
    let engine = try FetchEngine(configuration: configuration)
    var request = FetchRequest(url: server.url(path))
    adjust(&request)
    let result = try await engine.fetch(request)
    return (result, server)
}

/// Checks all `requests` on one engine and returns the results by URL.
func checkAll(_ requests: [FetchRequest], configuration: FetchConfiguration) async throws -> [String: FetchResult] {
    let engine = try FetchEngine(configuration: configuration)
    var results: [String: FetchResult] = [:]
    for await result in engine.fetch(requests) { results[result.request.url] = result }
    return results
}
