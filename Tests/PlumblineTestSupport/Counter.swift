import Synchronization

/// A thread-safe count, for callbacks that may run concurrently (progress, fetches).
public final class Counter: Sendable {
    private let count = Mutex(0)

    public init() {}

    public func increment() { count.withLock { $0 += 1 } }
    public var value: Int { count.withLock { $0 } }
}
