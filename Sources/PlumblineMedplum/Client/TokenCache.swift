/// The client-credentials access token, kept until shortly before it expires so a run spends one
/// token request, not one per call (the token endpoint has its own 160/min limit). Concurrent
/// callers wait for the one fetch under way instead of starting their own.
actor TokenCache {
    private var token: (value: String, expires: ContinuousClock.Instant)?
    private var fetching = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let clock = ContinuousClock()
    /// Renew this long before the server's expiry, so a request never carries a dying token.
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
            token = (value, clock.now.advanced(by: max(.zero, lifetime - margin)))
            return value
        }
    }

    /// Forgets the token after the server refused it, so the next call fetches a new one.
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }
}
