import Synchronization

/// A one-way switch a test opens to let held requests (`Route.held(by:)`) answer.
public final class Gate: Sendable {
    private let opened = Atomic<Bool>(false)

    public init() {}

    public var isOpen: Bool { opened.load(ordering: .acquiring) }

    public func open() { opened.store(true, ordering: .releasing) }
}
