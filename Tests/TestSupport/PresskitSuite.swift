/// A suite of end-to-end tests that runs the built binary in a temporary folder of its own.
public protocol PresskitSuite {
    var directory: TemporaryDirectory { get }
}

extension PresskitSuite {
    /// Runs `presskit arguments…` in the suite's folder, with `environment` added to a clean one.
    public func presskit(_ arguments: String..., environment: [String: String] = [:]) async throws -> PresskitBinary.Result {
        try await PresskitBinary.run(arguments, in: directory.path, environment: environment)
    }

    /// The same, with the arguments as a list (for shared option lists).
    public func presskit(_ arguments: [String], environment: [String: String] = [:]) async throws -> PresskitBinary.Result {
        try await PresskitBinary.run(arguments, in: directory.path, environment: environment)
    }
}
