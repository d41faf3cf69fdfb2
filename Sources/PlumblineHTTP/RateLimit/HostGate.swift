/// The one place every request to a server waits its turn: a token bucket for the request rate,
/// a bound on requests in flight, and a pause that a 429 or an exhausted `RateLimit` budget
/// imposes on every task talking to that server at once.
actor HostGate {
    private let rate: Double
    private let capacity: Double
    private let maxInFlight: Int
    private var tokens: Double
    private var lastRefill: ContinuousClock.Instant
    private var pausedUntil: ContinuousClock.Instant?
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let clock = ContinuousClock()

    init(limits: ServerLimits) {
        rate = limits.requestsPerSecond
        capacity = max(1, limits.burst)
        maxInFlight = max(1, limits.maxConcurrentRequests)
        tokens = max(1, limits.burst)
        lastRefill = clock.now
    }

    /// Waits for a slot, for any pause to end, and for a token; throws when cancelled.
    func acquire() async throws {
        await takeSlot()
        do {
            try await waitForToken()
        } catch {
            release()
            throw error
        }
    }

    /// Gives the slot back.
    func release() {
        inFlight -= 1
        if !waiting.isEmpty {
            inFlight += 1
            waiting.removeFirst().resume()
        }
    }

    /// Holds every request to this server back for `duration` (or longer if already paused).
    func pause(for duration: Duration) {
        let until = clock.now.advanced(by: duration)
        if pausedUntil.map({ $0 < until }) ?? true { pausedUntil = until }
    }

    private func takeSlot() async {
        if inFlight < maxInFlight {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func waitForToken() async throws {
        while true {
            if let until = pausedUntil, clock.now < until {
                try await clock.sleep(until: until)
                continue
            }
            refill()
            if tokens >= 1 {
                tokens -= 1
                return
            }
            try await clock.sleep(for: .seconds((1 - tokens) / rate))
        }
    }

    private func refill() {
        let now = clock.now
        let elapsed = lastRefill.duration(to: now)
        lastRefill = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(capacity, tokens + seconds * rate)
    }
}

/// How hard plumbline may drive one server.
public struct ServerLimits: Sendable, Equatable {
    /// Sustained request rate of the token bucket.
    public var requestsPerSecond: Double
    /// How many requests may go at once after a quiet spell.
    public var burst: Double
    /// Requests in flight at once to this server.
    public var maxConcurrentRequests: Int

    public init(requestsPerSecond: Double, burst: Double, maxConcurrentRequests: Int) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.maxConcurrentRequests = maxConcurrentRequests
    }

    /// A conservative default for any API: 50 requests per second, bursts of 20, 8 at once.
    public static let standard = ServerLimits(requestsPerSecond: 50, burst: 20, maxConcurrentRequests: 8)
}
