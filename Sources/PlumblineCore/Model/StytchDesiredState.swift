/// What the manifests want in one Stytch B2B project (DESIGN §4).
public struct StytchDesiredState: Sendable {
    public var organizations: [DesiredOrganization]
    /// One per declared person and organization they belong to, active or not.
    public var members: [DesiredMember] { didSet { memberIndex = Self.index(members) } }
    /// Declared people, by lower-cased e-mail (whether or not they belong to any organization).
    public var declaredPeople: Set<String>
    /// The frontend SDK's authorized domains, when the environment reconciles them (management
    /// credentials and `cors.allowedOrigins`).
    public var frontendSDK: DesiredFrontendSDK?
    /// Positions in `members` by `slug/email`: planning 50,000 people looks each one up.
    private var memberIndex: [String: Int]

    public init(organizations: [DesiredOrganization], members: [DesiredMember], declaredPeople: Set<String>, frontendSDK: DesiredFrontendSDK? = nil) {
        self.organizations = organizations
        self.members = members
        self.declaredPeople = declaredPeople
        self.frontendSDK = frontendSDK
        memberIndex = Self.index(members)
    }

    private static func index(_ members: [DesiredMember]) -> [String: Int] {
        Dictionary(members.enumerated().map { ("\($1.slug)/\($1.email)", $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func organization(slug: String) -> DesiredOrganization? { organizations.first { $0.slug == slug } }
    public func member(slug: String, email: String) -> DesiredMember? {
        memberIndex["\(slug)/\(email)"].map { members[$0] }
    }

    /// Whether a member `slug/email` is declared.
    public func declaresMember(key: String) -> Bool {
        memberIndex[key] != nil
    }
}

/// An organization as declared: its name, slug and only the settings the manifest sets (the
/// others stay as the server has them).
public struct DesiredOrganization: Sendable, Hashable {
    public var slug: String
    public var name: String
    /// Declared settings by Stytch field name (`email_allowed_domains`, `mfa_policy`, …).
    public var settings: [String: JSONValue]

    public init(slug: String, name: String, settings: [String: JSONValue]) {
        self.slug = slug
        self.name = name
        self.settings = settings
    }
}

/// A person's membership in one organization. Key: `slug/email`.
public struct DesiredMember: Sendable, Hashable {
    public var slug: String
    public var email: String
    /// `First Last`.
    public var name: String
    /// Explicit Stytch roles, sorted, `stytch_member` excluded (every member holds it).
    public var roles: [String]
    public var active: Bool
    public var inactiveReason: String?
    public var manifestRoles: [String]

    public init(slug: String, email: String, name: String, roles: [String], active: Bool, inactiveReason: String? = nil, manifestRoles: [String] = []) {
        self.slug = slug
        self.email = email
        self.name = name
        self.roles = StytchRoles.explicit(roles)
        self.active = active
        self.inactiveReason = inactiveReason
        self.manifestRoles = manifestRoles
    }

    public var key: String { "\(slug)/\(email)" }
}

/// The frontend SDK's authorized domains as an environment declares them: exactly its
/// `cors.allowedOrigins`, since the web app's origin must be accepted by both servers (DESIGN §4).
public struct DesiredFrontendSDK: Sendable, Hashable {
    /// `projectSlug/environmentSlug`.
    public var key: String
    /// Sorted, without repeats.
    public var domains: [String]

    public init(key: String, domains: [String]) {
        self.key = key
        self.domains = Array(Set(domains)).sorted()
    }

    /// What the environment declares, or nil when it does not reconcile the SDK's domains: no
    /// management credentials, or no origin to authorize (an empty list would clear the
    /// allow-list, which no one wants by omission).
    public static func declared(by environment: ResolvedEnvironment) -> DesiredFrontendSDK? {
        guard let management = environment.stytch?.management, !environment.corsOrigins.isEmpty else { return nil }
        return DesiredFrontendSDK(
            key: "\(management.projectSlug)/\(management.environmentSlug)",
            domains: environment.corsOrigins.map(\.description)
        )
    }
}

/// Stytch role ids as plumbline compares them.
public enum StytchRoles {
    /// The role every member holds, never assigned or compared.
    public static let everyMember = "stytch_member"

    /// `roles` sorted, without repeats and without `stytch_member`: sets, shown in a stable order.
    /// Most people hold one role, so no set is made for them.
    public static func explicit(_ roles: [String]) -> [String] {
        let explicit = roles.filter { $0 != everyMember }
        guard explicit.count > 1 else { return explicit }
        var unique: [String] = []
        for role in explicit.sorted() where role != unique.last { unique.append(role) }
        return unique
    }
}
