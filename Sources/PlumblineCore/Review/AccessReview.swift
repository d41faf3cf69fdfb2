import Foundation

/// An access review for auditors (DESIGN §3 `review`): who can reach which resource types,
/// through which role and policy, since when — from the manifests and the live servers.
public struct AccessReview: Sendable, Codable, Hashable {
    public var formatVersion = 1
    public var environment: String
    /// Declared people and everyone holding a live account, by e-mail.
    public var people: [PersonAccess]
    /// People the manifests took access from who can still sign in: an offboarding not yet
    /// carried out. Derived from `people`.
    public var accessNotRemoved: [RemainingAccess]
    /// Live accounts without plumbline's marker.
    public var unmanaged: [UnmanagedAccount]
    /// Policy entries that let their holders write clinical data of any patient.
    public var unrestrictedClinicalWrites: [UnrestrictedClinicalWrite]
    /// What `clinical` means in this report.
    public var clinicalTypes: String = ClinicalTypes.definition

    public init(environment: String, people: [PersonAccess], unmanaged: [UnmanagedAccount], unrestrictedClinicalWrites: [UnrestrictedClinicalWrite]) {
        self.environment = environment
        self.people = people
        accessNotRemoved = people.compactMap(RemainingAccess.init)
        self.unmanaged = unmanaged
        self.unrestrictedClinicalWrites = unrestrictedClinicalWrites
    }
}

/// One person's access in both systems.
public struct PersonAccess: Sendable, Codable, Hashable {
    public var email: String
    public var name: String
    public var declared: Bool
    /// `active`, `offboarded`, `expired` or `undeclared`.
    public var status: String
    /// The Roles the manifests give them.
    public var roles: [String]
    /// The manifest's `expires` (last day of access), `YYYY-MM-DD`.
    public var expires: String?
    public var organizations: [OrganizationAccess]
    public var memberships: [MembershipAccess]
}

/// A Stytch member.
public struct OrganizationAccess: Sendable, Codable, Hashable {
    public var slug: String
    public var status: String
    /// Every role held, explicit and implicit, `stytch_member` included.
    public var roles: [String]
    /// Holds `stytch_admin`.
    public var admin: Bool
    public var managed: Bool
    /// The member's `created_at`.
    public var memberSince: Date?

    public init(slug: String, status: String, roles: [String], admin: Bool, managed: Bool, memberSince: Date?) {
        self.slug = slug
        self.status = status
        self.roles = roles
        self.admin = admin
        self.managed = managed
        self.memberSince = memberSince
    }
}

/// A Medplum ProjectMembership and what its policies grant.
public struct MembershipAccess: Sendable, Codable, Hashable {
    public var id: String
    public var profileType: String
    public var active: Bool
    /// Project admin.
    public var admin: Bool
    public var managed: Bool
    /// When the membership was created: the first version's `meta.lastUpdated` in its history.
    public var activeSince: Date?
    /// No access policy: Medplum lets it reach every type but the project-admin ones.
    public var unrestricted: Bool
    public var policies: [PolicyAccess]
}

/// A policy as a membership holds it.
public struct PolicyAccess: Sendable, Codable, Hashable {
    public var name: String
    public var id: String
    /// Nil when the membership refers to a policy that does not exist.
    public var grants: [GrantAccess]?
}

/// One policy entry: a resource type, what may be done to it, and on which resources.
public struct GrantAccess: Sendable, Codable, Hashable {
    public var resourceType: String
    public var interactions: [FHIRInteraction]
    public var criteria: String?

    public init(_ grant: PolicyGrant) {
        resourceType = grant.resourceType
        interactions = grant.granted.sorted()
        criteria = grant.criteria
    }
}

/// A person offboarded (or past `expires`) who still has an active Medplum membership or a
/// Stytch member that is not deleted.
public struct RemainingAccess: Sendable, Codable, Hashable {
    public var email: String
    /// `offboarded` or `expired`.
    public var status: String
    /// Each account that still lets them in: `ProjectMembership/ID`, or `SLUG` with the Stytch
    /// member's status.
    public var medplum: [String]
    public var stytch: [String]

    public init(email: String, status: String, medplum: [String], stytch: [String]) {
        self.email = email
        self.status = status
        self.medplum = medplum
        self.stytch = stytch
    }

    /// What still lets `person` in, when the manifests took their access (a person's
    /// organizations list no deleted member).
    init?(_ person: PersonAccess) {
        guard person.status == "offboarded" || person.status == "expired" else { return nil }
        let medplum = person.memberships.filter(\.active).map { "ProjectMembership/\($0.id)" }
        let stytch = person.organizations.map { "\($0.slug) (\($0.status))" }
        guard !medplum.isEmpty || !stytch.isEmpty else { return nil }
        self.init(email: person.email, status: person.status, medplum: medplum, stytch: stytch)
    }
}

/// A live account plumbline does not manage.
public struct UnmanagedAccount: Sendable, Codable, Hashable {
    public var system: ManagedSystem
    /// DESIGN §3's key: `slug/email` or the e-mail.
    public var key: String
    /// The person's e-mail (a Medplum membership without one shows its user reference).
    public var email: String
    /// The Stytch organization's slug; nil for Medplum.
    public var organization: String?
    public var status: String
    /// Stytch roles, or Medplum profile type and policies.
    public var access: String

    public init(system: ManagedSystem, key: String, email: String, organization: String? = nil, status: String, access: String) {
        self.system = system
        self.key = key
        self.email = email
        self.organization = organization
        self.status = status
        self.access = access
    }
}

/// A policy entry granting create, update or delete on a clinical type (or `*`) without a
/// criteria, and who holds it.
public struct UnrestrictedClinicalWrite: Sendable, Codable, Hashable {
    /// The policy's name; `(no access policy)` for memberships that have none.
    public var policy: String
    public var policyId: String?
    public var managed: Bool
    public var resourceType: String
    public var interactions: [FHIRInteraction]
    /// Active holders: people by e-mail, clients as `client NAME`.
    public var holders: [String]

    public init(policy: String, policyId: String?, managed: Bool, resourceType: String, interactions: [FHIRInteraction], holders: [String]) {
        self.policy = policy
        self.policyId = policyId
        self.managed = managed
        self.resourceType = resourceType
        self.interactions = interactions
        self.holders = holders
    }
}
