import Foundation
import Synchronization

/// The sandbox's notion of "now": the system clock plus an offset that tests shift through
/// `POST /_sandbox/clock` to age tokens and sessions without waiting.
///
/// A class behind a `Mutex` rather than an actor so that store actors can read the time
/// synchronously inside their own isolated methods.
public final class SandboxClock: Sendable {
    private let offset: Mutex<TimeInterval>
    private let base: @Sendable () -> Date

    /// - Parameters:
    ///   - offsetSeconds: the initial offset from `base`.
    ///   - base: the underlying clock; tests inject a fixed date to make output deterministic.
    public init(offsetSeconds: TimeInterval = 0, base: @escaping @Sendable () -> Date = { Date() }) {
        self.offset = Mutex(offsetSeconds)
        self.base = base
    }

    /// The current time as the emulated server sees it.
    public func now() -> Date {
        base().addingTimeInterval(offset.withLock { $0 })
    }

    /// The offset in seconds currently applied to the base clock.
    public var offsetSeconds: TimeInterval {
        offset.withLock { $0 }
    }

    /// Replaces the offset: `setOffset(3600)` makes the server live one hour in the future.
    public func setOffset(_ seconds: TimeInterval) {
        offset.withLock { $0 = seconds }
    }
}
