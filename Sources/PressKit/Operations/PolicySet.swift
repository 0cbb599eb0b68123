import Foundation
import StrictYAML

/// The policies a command applies, read from one folder (`--policies DIR`), or the built-in
/// defaults when there is none; a policy with errors fails with every diagnostic.
public struct PolicySet: Sendable {
    /// The folder named on the command line, if any.
    public var directory: String?

    public init(directory: String?) {
        self.directory = directory
    }

    /// The folder read, if any. Only a folder named on the command line must exist: a mistyped
    /// --policies must not silently apply the defaults, while running away from the repository
    /// simply uses them.
    public var path: String? {
        directory ?? (FileManager.default.fileExists(atPath: LinkCheckPolicy.defaultDirectory) ? LinkCheckPolicy.defaultDirectory : nil)
    }

    /// Where notification channels are read from, as a person would look for it.
    public var notificationsPath: String {
        (path ?? directory ?? LinkCheckPolicy.defaultDirectory) + "/" + NotificationPolicy.fileName
    }

    public func linkCheckPolicy() throws -> LinkCheckPolicy {
        try load { try LinkCheckPolicy.load(from: $0) } ?? LinkCheckPolicy()
    }

    public func notificationPolicy() throws -> NotificationPolicy {
        try load { try NotificationPolicy.load(from: $0) } ?? NotificationPolicy()
    }

    public func pressKitPolicy() throws -> PressKitPolicy {
        try load { try PressKitPolicy.load(from: $0) } ?? PressKitPolicy()
    }

    private func load<Policy>(_ read: (String) throws -> Policy) throws -> Policy? {
        guard let folder = path else { return nil }
        do {
            return try read(folder)
        } catch let invalid as InvalidInput {
            throw OperationFailure(invalid, action: "fix the policy and run again")
        }
    }
}
