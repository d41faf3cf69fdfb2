import Foundation

/// What one Medplum project holds now, read in bulk and mapped from the wire by the provider.
public struct MedplumLiveState: Sendable {
    public var projectId: String
    /// `User/<id>` of `Project.owner`, whose membership may never be removed.
    public var ownerUserReference: String?
    /// plumbline's own client membership, which a plan may never change.
    public var selfMembershipId: String?
    public var policies: [LivePolicy]
    /// Human memberships (profiles Practitioner, Patient, RelatedPerson).
    public var memberships: [LiveMembership]
    public var clients: [LiveClient]

    public init(
        projectId: String, ownerUserReference: String?, selfMembershipId: String?, policies: [LivePolicy],
        memberships: [LiveMembership], clients: [LiveClient]
    ) {
        self.projectId = projectId
        self.ownerUserReference = ownerUserReference
        self.selfMembershipId = selfMembershipId
        self.policies = policies
        self.memberships = memberships
        self.clients = clients
    }

    /// Every object read, with its version, for a saved plan's staleness check (unsorted: the
    /// plan sorts them with Stytch's).
    public var observed: [ObservedObject] {
        let policies = policies.map { ObservedObject(system: .medplum, kind: .accessPolicy, id: $0.id, version: $0.version) }
        let memberships = memberships.map { ObservedObject(system: .medplum, kind: .projectMembership, id: $0.id, version: $0.version) }
        let clients = clients.flatMap { client in
            [ObservedObject(system: .medplum, kind: .clientApplication, id: client.id, version: client.version)]
                + (client.membership.map { [ObservedObject(system: .medplum, kind: .projectMembership, id: $0.id, version: $0.version)] } ?? [])
        }
        return policies + memberships + clients
    }

    /// Policy names by id, for showing memberships' policies by name.
    public var policyNamesById: [String: String] {
        Dictionary(policies.map { ($0.id, $0.name ?? "AccessPolicy/\($0.id)") }, uniquingKeysWith: { first, _ in first })
    }
}

/// Who last changed an object and when, as Medplum's `meta` says.
public struct LastChange: Sendable, Hashable, Codable {
    /// The author's display name when the server gives one, else their reference.
    public var author: String?
    public var at: Date?
    /// `Practitioner/…` or `ClientApplication/…`: who the author is, unambiguously.
    public var authorReference: String?

    public init(author: String?, at: Date?, authorReference: String? = nil) {
        self.author = author
        self.at = at
        self.authorReference = authorReference
    }
}

public struct LivePolicy: Sendable, Hashable {
    public var id: String
    public var version: String
    public var name: String?
    public var grants: [PolicyGrant]
    /// The manifest key in plumbline's marker, when managed.
    public var managedKey: String?
    public var lastChange: LastChange

    public init(id: String, version: String, name: String?, grants: [PolicyGrant], managedKey: String?, lastChange: LastChange = LastChange(author: nil, at: nil)) {
        self.id = id
        self.version = version
        self.name = name
        self.grants = grants
        self.managedKey = managedKey
        self.lastChange = lastChange
    }
}

/// A project membership as read, its fields behind one reference (`Shared`).
public struct LiveMembership: Sendable, Hashable {
    private struct Fields: Sendable, Hashable {
        var id: String
        var version: String
        var userReference: String
        var email: String?
        var profileReference: String
        var profileType: String
        var policyIds: [String]
        var usesAccessList: Bool
        var admin: Bool
        var active: Bool
        var managedKey: String?
        var lastChange: LastChange
        var profileDisplay: String?
    }

    @Shared private var fields: Fields

    public var id: String { get { fields.id } set { fields.id = newValue } }
    public var version: String { get { fields.version } set { fields.version = newValue } }
    /// `User/<id>` (or `ClientApplication/<id>` for a client's membership).
    public var userReference: String { get { fields.userReference } set { fields.userReference = newValue } }
    /// The user's e-mail as the reference's display carries it (invite sets it), lower-cased.
    public var email: String? { get { fields.email } set { fields.email = newValue } }
    public var profileReference: String { get { fields.profileReference } set { fields.profileReference = newValue } }
    public var profileType: String { get { fields.profileType } set { fields.profileType = newValue } }
    /// Policy ids from `accessPolicy` and every `access[].policy`, in that order.
    public var policyIds: [String] { get { fields.policyIds } set { fields.policyIds = newValue } }
    /// Whether the policies are written in the `access[]` form (kept that way when updating).
    public var usesAccessList: Bool { get { fields.usesAccessList } set { fields.usesAccessList = newValue } }
    public var admin: Bool { get { fields.admin } set { fields.admin = newValue } }
    public var active: Bool { get { fields.active } set { fields.active = newValue } }
    public var managedKey: String? { get { fields.managedKey } set { fields.managedKey = newValue } }
    public var lastChange: LastChange { get { fields.lastChange } set { fields.lastChange = newValue } }
    /// The profile's display name as the membership's reference carries it ("Alice Doe").
    public var profileDisplay: String? { get { fields.profileDisplay } set { fields.profileDisplay = newValue } }

    public init(
        id: String, version: String, userReference: String, email: String?, profileReference: String, profileType: String,
        policyIds: [String], usesAccessList: Bool, admin: Bool, active: Bool, managedKey: String?,
        lastChange: LastChange = LastChange(author: nil, at: nil), profileDisplay: String? = nil
    ) {
        fields = Fields(
            id: id, version: version, userReference: userReference, email: email, profileReference: profileReference,
            profileType: profileType, policyIds: policyIds, usesAccessList: usesAccessList, admin: admin, active: active,
            managedKey: managedKey, lastChange: lastChange, profileDisplay: profileDisplay
        )
    }
}

public struct LiveClient: Sendable, Hashable {
    public var id: String
    public var version: String
    public var name: String?
    public var description: String?
    public var allowedOrigins: [String]
    public var redirectUris: [String]
    public var managedKey: String?
    /// The client's own membership (`user` = `profile` = this ClientApplication).
    public var membership: LiveMembership?
    public var lastChange: LastChange

    public init(
        id: String, version: String, name: String?, description: String?, allowedOrigins: [String], redirectUris: [String],
        managedKey: String?, membership: LiveMembership?, lastChange: LastChange = LastChange(author: nil, at: nil)
    ) {
        self.id = id
        self.version = version
        self.name = name
        self.description = description
        self.allowedOrigins = Array(Set(allowedOrigins)).sorted()
        self.redirectUris = Array(Set(redirectUris)).sorted()
        self.managedKey = managedKey
        self.membership = membership
        self.lastChange = lastChange
    }
}
