/// The servers plumbline manages.
public enum ManagedSystem: String, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case medplum
    case stytch

    public static func < (lhs: ManagedSystem, rhs: ManagedSystem) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The kinds of live object plumbline writes.
public enum ResourceKind: String, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case accessPolicy = "AccessPolicy"
    case projectMembership = "ProjectMembership"
    case clientApplication = "ClientApplication"
    case organization = "Organization"
    case member = "Member"
    /// An origin in the Medplum server's CORS configuration (`cors.allowedOrigins`), seen through
    /// preflights: drift only, since the server's configuration has no API.
    case allowedOrigin = "AllowedOrigin"
    /// The Stytch B2B frontend SDK's configuration (its authorized domains), keyed by
    /// `projectSlug/environmentSlug`.
    case frontendSDK = "FrontendSDK"

    /// The system whose objects are of this kind.
    public var system: ManagedSystem {
        switch self {
        case .accessPolicy, .projectMembership, .clientApplication, .allowedOrigin: .medplum
        case .organization, .member, .frontendSDK: .stytch
        }
    }

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Identifies a managed object across plans, drift reports and audit logs (DESIGN §3): policies,
/// clients and organizations by name (organizations by slug), Medplum memberships by lower-cased
/// e-mail, Stytch members by `slug/email`.
public struct ResourceKey: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    public let system: ManagedSystem
    public let kind: ResourceKind
    public let key: String

    public init(_ system: ManagedSystem, _ kind: ResourceKind, _ key: String) {
        self.system = system
        self.kind = kind
        self.key = key
    }

    public var description: String { "\(system.rawValue) \(kind.rawValue) '\(key)'" }

    public static func < (lhs: ResourceKey, rhs: ResourceKey) -> Bool {
        (lhs.system, lhs.kind, lhs.key) < (rhs.system, rhs.kind, rhs.key)
    }
}

/// The marker plumbline writes on the objects it manages (DESIGN §4): a `ProjectMembership`
/// identifier, a `meta.tag` on AccessPolicies and ClientApplications (Medplum's schema gives
/// those two no `identifier`), and `trusted_metadata.plumbline.managed` in Stytch.
public enum ManagedMarker {
    public static let system = "https://plumbline.dev/managed"
}
