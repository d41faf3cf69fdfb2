import Foundation

/// What one Stytch B2B project holds now, read through the search endpoints.
public struct StytchLiveState: Sendable {
    public var organizations: [LiveOrganization]
    /// Members of every organization read, deleted ones included.
    public var members: [LiveMember]
    /// Role ids the project's RBAC policy defines.
    public var roleIds: Set<String>
    /// The frontend SDK's configuration, when the environment has management credentials.
    public var frontendSDK: LiveFrontendSDK?

    public init(organizations: [LiveOrganization], members: [LiveMember], roleIds: Set<String>, frontendSDK: LiveFrontendSDK? = nil) {
        self.organizations = organizations
        self.members = members
        self.roleIds = roleIds
        self.frontendSDK = frontendSDK
    }

    /// Every object read, with its version, for a saved plan's staleness check (unsorted: the
    /// plan sorts them with Medplum's).
    public var observed: [ObservedObject] {
        (organizations.map { ObservedObject(system: .stytch, kind: .organization, id: $0.id, version: $0.version) }
            + members.map { ObservedObject(system: .stytch, kind: .member, id: $0.id, version: $0.version) }
            + (frontendSDK.map { [ObservedObject(system: .stytch, kind: .frontendSDK, id: $0.key, version: $0.version)] } ?? []))
    }

    public func organization(slug: String) -> LiveOrganization? { organizations.first { $0.slug == slug } }
}

public struct LiveOrganization: Sendable, Hashable {
    public var id: String
    /// `updated_at`: Stytch has no version numbers, so a saved plan compares timestamps.
    public var version: String
    public var slug: String
    public var name: String
    /// Every setting plumbline may manage, by Stytch field name.
    public var settings: [String: JSONValue]
    public var managed: Bool
    public var updatedAt: Date?

    public init(id: String, version: String, slug: String, name: String, settings: [String: JSONValue], managed: Bool, updatedAt: Date? = nil) {
        self.id = id
        self.version = version
        self.slug = slug
        self.name = name
        self.settings = settings
        self.managed = managed
        self.updatedAt = updatedAt
    }
}

/// A member of an organization as read, its fields behind one reference (`Shared`).
public struct LiveMember: Sendable, Hashable {
    private struct Fields: Sendable, Hashable {
        var id: String
        var version: String
        var organizationId: String
        var slug: String
        var email: String
        var name: String
        var status: String
        var explicitRoles: [String]
        var implicitRoles: [String]
        var managed: Bool
        var updatedAt: Date?
        var createdAt: Date?
    }

    @Shared private var fields: Fields

    public var id: String { get { fields.id } set { fields.id = newValue } }
    public var version: String { get { fields.version } set { fields.version = newValue } }
    public var organizationId: String { get { fields.organizationId } set { fields.organizationId = newValue } }
    public var slug: String { get { fields.slug } set { fields.slug = newValue } }
    /// Lower-cased.
    public var email: String { get { fields.email } set { fields.email = newValue } }
    public var name: String { get { fields.name } set { fields.name = newValue } }
    /// `active`, `pending`, `invited` or `deleted`.
    public var status: String { get { fields.status } set { fields.status = newValue } }
    /// Roles with a `direct_assignment` source, `stytch_member` excluded, sorted.
    public var explicitRoles: [String] { get { fields.explicitRoles } set { fields.explicitRoles = newValue } }
    /// Roles granted only implicitly (e-mail domain, SSO, SCIM), for reports.
    public var implicitRoles: [String] { get { fields.implicitRoles } set { fields.implicitRoles = newValue } }
    public var managed: Bool { get { fields.managed } set { fields.managed = newValue } }
    public var updatedAt: Date? { get { fields.updatedAt } set { fields.updatedAt = newValue } }
    /// `created_at`: when the person became a member of the organization (access reviews).
    public var createdAt: Date? { get { fields.createdAt } set { fields.createdAt = newValue } }

    public init(
        id: String, version: String, organizationId: String, slug: String, email: String, name: String, status: String,
        explicitRoles: [String], implicitRoles: [String] = [], managed: Bool, updatedAt: Date? = nil, createdAt: Date? = nil
    ) {
        fields = Fields(
            id: id, version: version, organizationId: organizationId, slug: slug, email: email.lowercasedIfNeeded, name: name,
            status: status, explicitRoles: StytchRoles.explicit(explicitRoles), implicitRoles: implicitRoles.sorted(),
            managed: managed, updatedAt: updatedAt, createdAt: createdAt
        )
    }

    public var key: String { "\(slug)/\(email)" }
    public var isDeleted: Bool { status == "deleted" }
    /// Whether the member holds `stytch_admin` from any source.
    public var isAdmin: Bool { explicitRoles.contains("stytch_admin") || implicitRoles.contains("stytch_admin") }
}

/// The B2B frontend SDK's `basic` configuration as the Management API returns it (contract 8.2).
public struct LiveFrontendSDK: Sendable, Hashable {
    /// `projectSlug/environmentSlug`.
    public var key: String
    /// `basic.domains[].domain`: the origins the SDK accepts, sorted, without repeats.
    public var domains: [String]
    /// A fingerprint of the whole `basic` object: the Management API has no versions, so a saved
    /// plan compares this.
    public var version: String

    public init(key: String, domains: [String], version: String) {
        self.key = key
        self.domains = Array(Set(domains)).sorted()
        self.version = version
    }
}
