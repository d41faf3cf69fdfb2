/// The client-credentials access token, kept until shortly before it expires so a run spends one
/// token request, not one per call (the token endpoint has its own 160/min limit). Concurrent
/// callers wait for the one fetch under way instead of starting their own.
actor TokenCache {
    private var token: (value: String, expires: ContinuousClock.Instant)?
    private var fetching = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let clock = ContinuousClock()
    /// Renew this long before the server's expiry, so a request never carries a dying token;
    /// for a token that lives less than twice as long, halfway through its life instead.
    private let margin: Duration = .seconds(60)

    /// The cached token, or a new one from `fetch` (value and lifetime).
    func token(fetch: @Sendable () async throws -> (String, Duration)) async throws -> String {
        while true {
            if let token, clock.now < token.expires { return token.value }
            guard !fetching else {
                await withCheckedContinuation { waiting.append($0) }
                continue
            }
            fetching = true
            defer {
                fetching = false
                waiting.forEach { $0.resume() }
                waiting.removeAll()
            }
            let (value, lifetime) = try await fetch()
            token = (value, clock.now.advanced(by: Self.renewal(lifetime: lifetime, margin: margin)))
            return value
        }
    }

    /// How long a token of `lifetime` is used. A client may be given short tokens
    /// (`ClientApplication.accessTokenLifetime: 30s`): renewing them a full margin early would
    /// spend a token request on every call, against the token endpoint's own limit.
    static func renewal(lifetime: Duration, margin: Duration) -> Duration {
        max(.zero, lifetime - min(margin, lifetime / 2))
    }

    /// Forgets the token after the server refused it, so the next call fetches a new one.
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }
}
