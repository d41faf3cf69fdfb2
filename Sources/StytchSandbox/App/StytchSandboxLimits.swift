import Foundation

/// Rate limits as Stytch applies them (contract §9): fixed windows aligned to the top of the
/// interval, counted per project and endpoint.
public struct StytchSandboxLimits: Sendable, Equatable {
    /// One limit: `requests` per `windowSeconds`; a negative count disables the limit.
    public struct Limit: Sendable, Equatable {
        public var requests: Int
        public var windowSeconds: Double

        public init(requests: Int, windowSeconds: Double = 60) {
            self.requests = requests
            self.windowSeconds = windowSeconds
        }

        /// No limit at all.
        public static let unlimited = Limit(requests: -1)
    }

    /// Organization search and member search, each: 100 per minute by default (the stricter of
    /// the two documented figures, so clients are tested against it).
    public var search: Limit
    /// Every other endpoint, each with its own window: 10,000 per second by default, generous
    /// enough that bulk seeding through the API never meets it.
    public var other: Limit
    /// Per-endpoint overrides keyed by `"METHOD /route/template"` with parameters written `:id`,
    /// e.g. `"POST /v1/b2b/organizations/:id/members"`.
    public var overrides: [String: Limit]
    /// Send `Retry-After` (seconds to the end of the window) on 429s; Stytch documents none.
    public var retryAfter: Bool

    public init(
        search: Limit = Limit(requests: 100), other: Limit = Limit(requests: 10_000, windowSeconds: 1),
        overrides: [String: Limit] = [:],
        retryAfter: Bool = false
    ) {
        self.search = search
        self.other = other
        self.overrides = overrides
        self.retryAfter = retryAfter
    }

    /// No limits anywhere (benchmarks, bulk seeding).
    public static let unlimited = StytchSandboxLimits(search: .unlimited, other: .unlimited)

    /// The searches that share Stytch's search limit.
    static let searchEndpoints: Set<String> = [
        "POST /v1/b2b/organizations/search", "POST /v1/b2b/organizations/members/search",
    ]

    /// The limit for an endpoint key.
    func limit(for endpoint: String) -> Limit {
        if let override = overrides[endpoint] { return override }
        return Self.searchEndpoints.contains(endpoint) ? search : other
    }
}
