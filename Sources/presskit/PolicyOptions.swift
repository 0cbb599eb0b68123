import ArgumentParser
import PressKit

/// `--policies DIR`, shared by every command that applies a policy.
struct PolicyOptions: ParsableArguments {
    @Option(name: .customLong("policies"), help: ArgumentHelp(
        "The policies folder (default: ./\(LinkCheckPolicy.defaultDirectory) when it exists, else built-in defaults).", valueName: "dir"))
    var directory: String?

    /// The policies to apply; a folder named here must exist (`PolicySet` says why).
    var folder: PolicySet { PolicySet(directory: directory) }

    func linkCheckPolicy() throws -> LinkCheckPolicy { try folder.linkCheckPolicy() }

    func pressKitPolicy() throws -> PressKitPolicy { try folder.pressKitPolicy() }
}
