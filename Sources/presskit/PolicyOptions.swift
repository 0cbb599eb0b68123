import ArgumentParser
import Foundation
import PressKit
import StrictYAML

/// `--policies DIR`, shared by every command that applies a policy.
struct PolicyOptions: ParsableArguments {
    @Option(name: .customLong("policies"), help: ArgumentHelp(
        "The policies folder (default: ./\(LinkCheckPolicy.defaultDirectory) when it exists, else built-in defaults).", valueName: "dir"))
    var directory: String?

    /// Only a folder named on the command line must exist: a mistyped --policies must not silently
    /// apply the defaults, while running away from the repository simply uses them.
    var folder: String? {
        directory ?? (FileManager.default.fileExists(atPath: LinkCheckPolicy.defaultDirectory) ? LinkCheckPolicy.defaultDirectory : nil)
    }

    /// Where notification channels are read from, as a person would look for it.
    var notificationsPath: String {
        (folder ?? directory ?? LinkCheckPolicy.defaultDirectory) + "/" + NotificationPolicy.fileName
    }

    func linkCheckPolicy() throws -> LinkCheckPolicy {
        try load { try LinkCheckPolicy.load(from: $0) } ?? LinkCheckPolicy()
    }

    func notificationPolicy() throws -> NotificationPolicy {
        try load { try NotificationPolicy.load(from: $0) } ?? NotificationPolicy()
    }

    func pressKitPolicy() throws -> PressKitPolicy {
        try load { try PressKitPolicy.load(from: $0) } ?? PressKitPolicy()
    }

    private func load<Policy>(_ read: (String) throws -> Policy) throws -> Policy? {
        guard let folder else { return nil }
        do {
            return try read(folder)
        } catch let invalid as InvalidInput {
            throw reportInvalid(invalid, action: "fix the policy and run again")
        }
    }
}
