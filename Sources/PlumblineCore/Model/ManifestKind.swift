/// The kinds of manifest document schema v1 knows (DESIGN §2 and §6).
public enum ManifestKind: String, Sendable, CaseIterable, Codable {
    case environment = "Environment"
    case accessPolicy = "AccessPolicy"
    case role = "Role"
    case organization = "Organization"
    case user = "User"
    case client = "Client"
    case sessionPolicy = "SessionPolicy"
    case job = "Job"
    case driftAcknowledgement = "DriftAcknowledgement"
    case adoption = "Adoption"

    /// `a Role`, `an AccessPolicy`: the kind as a noun in a sentence.
    public var withArticle: String {
        let vowels: Set<Character> = ["A", "E", "I", "O", "U"]
        return (rawValue.first.map(vowels.contains) ?? false ? "an " : "a ") + rawValue
    }

    /// The key that identifies a document of this kind: `email` for users, `name` otherwise.
    public var identifyingKey: String { self == .user ? "email" : "name" }
}

/// The manifests of a directory, decoded as far as their problems allowed, in file order.
///
/// A set loaded from manifests that had errors is incomplete: only a `ValidationReport` without
/// errors hands one to planning.
public struct ManifestSet: Sendable {
    public var environments: [EnvironmentManifest] = []
    public var accessPolicies: [AccessPolicyManifest] = []
    public var roles: [RoleManifest] = []
    public var organizations: [OrganizationManifest] = []
    public var users: [UserManifest] = []
    public var clients: [ClientManifest] = []
    public var sessionPolicies: [SessionPolicyManifest] = []
    public var jobs: [JobManifest] = []
    public var driftAcknowledgements: [DriftAcknowledgementManifest] = []
    public var adoptions: [AdoptionManifest] = []

    public init() {}

    /// The environment with this name, if declared.
    public func environment(named name: String) -> EnvironmentManifest? {
        environments.first { $0.name.value == name }
    }

    /// Every object the `Adoption` manifests list.
    public var adoptionScope: AdoptionScope {
        .only(Set(adoptions.flatMap { $0.objects.map(\.value) }))
    }
}
