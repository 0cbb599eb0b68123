import Foundation

/// Runs blocking work (waiting for a child process, polling a port) on a thread of its own.
///
/// Swift Testing runs suites in parallel on the cooperative pool, which has one thread per core:
/// two here. A test that blocks one of them in `waitUntilExit` stalls every other test, and the
/// timeouts and timings those tests check stretch with it.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
