import Synchronization

/// Counts requests by method and route, and attempts (retries included), for benchmarks, job
/// metrics and tests that assert how many requests a command made.
public final class RequestCounter: Sendable {
    public struct Snapshot: Sendable, Equatable, Codable {
        /// Requests by `METHOD /route`, each counted once however many attempts it took.
        public var byRoute: [String: Int]
        /// Attempts sent on the wire, retries included.
        public var attempts: Int
        public var retries: Int { attempts - byRoute.values.reduce(0, +) }
        public var total: Int { byRoute.values.reduce(0, +) }

        /// The requests of one server, by host.
        public var byHost: [String: Int]
    }

    private let state = Mutex(Snapshot(byRoute: [:], attempts: 0, byHost: [:]))

    public init() {}

    func recordRequest(_ countedAs: String, host: String) {
        state.withLock {
            $0.byRoute[countedAs, default: 0] += 1
            $0.byHost[host, default: 0] += 1
        }
    }

    func recordAttempt() {
        state.withLock { $0.attempts += 1 }
    }

    public func snapshot() -> Snapshot { state.withLock { $0 } }
}
