/// `kind: Client` — a Medplum ClientApplication, such as the web app's backend.
public struct ClientManifest: Sendable {
    public var name: Located<String>
    public var description: Located<String>?
    /// Exact origins allowed to log in through this client (`ClientApplication.allowedOrigin`).
    public var allowedOrigins: [Located<String>]
    public var redirectUris: [Located<String>]
    /// The AccessPolicy on the client's membership; nil leaves it unrestricted.
    public var accessPolicy: Located<String>?
    public var location: SourceLocation
}

/// `kind: SessionPolicy` — how long sessions may live and how many a person may hold.
public struct SessionPolicyManifest: Sendable {
    public var name: Located<String>
    public var maxAge: Located<ManifestDuration>?
    public var idleTimeout: Located<ManifestDuration>?
    public var maxConcurrent: Located<Int>?
    public var onViolation: Located<ViolationAction>?
    public var location: SourceLocation
}

/// What a session audit does with a session that breaks the policy.
public enum ViolationAction: String, Sendable, CaseIterable, Codable {
    case report
    case revoke
}
