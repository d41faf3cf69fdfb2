import Synchronization

/// What a command read, left for the operating system to take back when the process exits
/// right after the command. Freeing tens of thousands of people's objects one by one costs a
/// plan about a twentieth of its time; the kernel reclaims the pages at once (compilers skip the
/// same work: `-disable-free`). Run in-process (the tests, the benchmarks' sandboxes), where
/// nothing exits, a command's state is freed as usual.
enum ExitTeardown {
    private static let kept = Mutex<[any Sendable]>([])

    /// Keeps `state` alive until the process exits, when it is about to.
    static func leaveToExit(_ state: any Sendable) {
        guard Runtime.current.exitsAfterCommand else { return }
        kept.withLock { $0.append(state) }
    }
}
