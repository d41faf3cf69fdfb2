import SandboxSupport

/// The emulated Medplum's state behind an actor: every request's repository work runs as one
/// isolated, synchronous step on a `StoreState`, and every write is journaled (and fsynced)
/// before the step returns when persistence is on.
actor MedplumStore {
    private var state: StoreState
    let clock: SandboxClock
    private let journal: Journal?
    /// Verified access tokens → their claims, so each request does not re-check a signature.
    private var verifiedTokens: [String: JSON] = [:]
    /// Effective policies by membership, so each request does not rebuild them.
    private var callers = CallerCache()

    init(state: StoreState = StoreState(), clock: SandboxClock, journal: Journal? = nil) {
        self.state = state
        self.clock = clock
        self.journal = journal
    }

    /// The current time in milliseconds, as the sandbox clock sees it.
    nonisolated var now: Int64 { Instant.milliseconds(clock.now()) }

    /// Runs `body` on the state; whatever it wrote is persisted even when it throws afterwards
    /// (a batch keeps the entries that succeeded).
    func run<T: Sendable>(_ body: @Sendable (inout StoreState) throws -> T) throws -> T {
        defer { flush() }
        return try body(&state)
    }

    /// Runs `body` on a copy of the state and keeps the copy only when `body` succeeds: how a
    /// transaction Bundle is all-or-nothing.
    func runAtomically<T: Sendable>(_ body: @Sendable (inout StoreState) throws -> T) throws -> T {
        var copy = state
        let result = try body(&copy)
        state = copy
        flush()
        return result
    }

    /// The claims of an access token, verifying its signature only the first time it is seen.
    func claims(of token: String, key: SigningKey) -> JSON? {
        if let cached = verifiedTokens[token] { return cached }
        guard let claims = key.verify(token) else { return nil }
        if verifiedTokens.count > 10_000 { verifiedTokens.removeAll() }
        verifiedTokens[token] = claims
        return claims
    }

    /// Authenticates a credential (see `StoreState.authenticate`), reusing built callers.
    func authenticate(_ credential: Credential?, issuer: String, now: Int64, extendedMode: Bool, onBehalfOf: String?)
        throws(Outcome) -> AuthState?
    {
        try state.authenticate(
            credential, issuer: issuer, now: now, extendedMode: extendedMode, onBehalfOf: onBehalfOf, cache: &callers)
    }

    private func flush() {
        guard !state.pendingJournal.isEmpty else { return }
        let entries = state.pendingJournal
        state.pendingJournal.removeAll()
        journal?.append(entries)
    }
}
