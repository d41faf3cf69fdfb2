import Synchronization

/// Set when the run is asked to stop (SIGTERM, SIGINT): no new write starts after it; writes in
/// flight finish, the lease is released and the report written.
final class StopFlag: Sendable {
    private let stopped = Mutex(false)

    func stop() { stopped.withLock { $0 = true } }
    var isStopped: Bool { stopped.withLock { $0 } }
}
