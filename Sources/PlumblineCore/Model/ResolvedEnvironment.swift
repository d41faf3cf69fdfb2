/// An environment with every reference resolved: what a provider needs to reach its servers.
/// Secrets stay wrapped in `Secret` so they cannot be printed by accident.
public struct ResolvedEnvironment: Sendable, Equatable {
    public let name: String
    public let isProduction: Bool
    public let medplum: MedplumConnection?
    public let stytch: StytchConnection?
    public let corsOrigins: [WebOrigin]
    public let sessionPolicyName: String?
}

public struct MedplumConnection: Sendable, Equatable {
    public let baseURL: ServerURL
    public let projectId: String
    public let client: ClientCredentials
    public let superAdmin: ClientCredentials?
    /// Whether invitations send Medplum's welcome e-mail; defaults to true, as the API does.
    public let sendInviteEmail: Bool
}

public struct ClientCredentials: Sendable, Equatable {
    public let clientId: String
    public let clientSecret: Secret<String>

    public init(clientId: String, clientSecret: Secret<String>) {
        self.clientId = clientId
        self.clientSecret = clientSecret
    }
}

public struct StytchConnection: Sendable, Equatable {
    public let baseURL: ServerURL
    public let projectId: String
    public let secret: Secret<String>
    public let management: StytchManagementConnection?
}

public struct StytchManagementConnection: Sendable, Equatable {
    public let baseURL: ServerURL
    public let projectSlug: String
    public let environmentSlug: String
    public let keyId: String
    public let secret: Secret<String>
}
