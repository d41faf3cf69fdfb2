/// `kind: Environment` — a named target: the Medplum project, the Stytch project, the credential
/// references to reach them, and the browser origins the web app is served from.
public struct EnvironmentManifest: Sendable {
    public var name: Located<String>
    public var medplum: MedplumTarget?
    public var stytch: StytchTarget?
    /// `cors.allowedOrigins`: the origins the Medplum server must accept (checked by preflight).
    public var corsOrigins: [Located<ConfigValue>]
    /// The SessionPolicy this environment's sessions are judged by; nil = the one named `default`.
    public var sessionPolicy: Located<String>?
    /// Where the document starts.
    public var location: SourceLocation

    /// Whether this is the environment the stricter production rules apply to.
    public var isProduction: Bool { name.value.lowercased() == "production" }
}

/// How to reach and authenticate to one Medplum project.
public struct MedplumTarget: Sendable {
    public var baseUrl: Located<ConfigValue>
    public var projectId: Located<ConfigValue>
    public var clientId: Located<ConfigValue>
    public var clientSecret: Located<ConfigValue>
    /// Optional super-admin client, needed only to audit Medplum logins.
    public var superAdmin: ClientCredentialReferences?
    /// Whether invitations send Medplum's welcome e-mail (the invite API's `sendEmail`).
    public var sendInviteEmail: Located<Bool>?
    public var location: SourceLocation
}

/// A client id and secret, both usually references.
public struct ClientCredentialReferences: Sendable {
    public var clientId: Located<ConfigValue>
    public var clientSecret: Located<ConfigValue>
    public var location: SourceLocation
}

/// How to reach and authenticate to one Stytch B2B project.
public struct StytchTarget: Sendable {
    /// nil: derived from the project id (`project-live-…` → live, anything else → test).
    public var baseUrl: Located<ConfigValue>?
    public var projectId: Located<ConfigValue>
    public var secret: Located<ConfigValue>
    public var management: StytchManagementTarget?
    public var location: SourceLocation
}

/// Workspace management credentials, needed only to reconcile the frontend SDK's domains.
public struct StytchManagementTarget: Sendable {
    /// nil: `https://management.stytch.com/`.
    public var baseUrl: Located<ConfigValue>?
    public var projectSlug: Located<ConfigValue>
    public var environmentSlug: Located<ConfigValue>
    public var keyId: Located<ConfigValue>
    public var secret: Located<ConfigValue>
    public var location: SourceLocation
}
