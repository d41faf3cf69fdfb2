/// What the manifests want in one Medplum project (DESIGN §4).
public struct MedplumDesiredState: Sendable {
    public var policies: [DesiredPolicy]
    /// One per declared person whose roles give Medplum access, active or not.
    public var memberships: [DesiredMembership] { didSet { membershipIndex = Self.index(memberships) } }
    public var clients: [DesiredClient]
    /// Positions in `memberships` by e-mail: planning 50,000 people looks each one up.
    private var membershipIndex: [String: Int]

    public init(policies: [DesiredPolicy], memberships: [DesiredMembership], clients: [DesiredClient]) {
        self.policies = policies
        self.memberships = memberships
        self.clients = clients
        membershipIndex = Self.index(memberships)
    }

    private static func index(_ memberships: [DesiredMembership]) -> [String: Int] {
        Dictionary(memberships.enumerated().map { ($1.email, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func policy(named name: String) -> DesiredPolicy? { policies.first { $0.name == name } }
    public func membership(for email: String) -> DesiredMembership? { membershipIndex[email].map { memberships[$0] } }
    public func declaresMembership(for email: String) -> Bool { membershipIndex[email] != nil }
    public func client(named name: String) -> DesiredClient? { clients.first { $0.name == name } }
}

/// One `resource` entry of an AccessPolicy, normalised so equal meaning compares equal: sets are
/// sorted, empty lists are absent (Medplum strips them), interactions keep the server's order.
public struct PolicyGrant: Sendable, Hashable, Codable {
    public var resourceType: String
    public var interactions: [FHIRInteraction]?
    public var readonly: Bool?
    public var criteria: String?
    public var hiddenFields: [String]
    public var readonlyFields: [String]

    public init(
        resourceType: String, interactions: [FHIRInteraction]?, readonly: Bool? = nil, criteria: String? = nil,
        hiddenFields: [String] = [], readonlyFields: [String] = []
    ) {
        self.resourceType = resourceType
        self.interactions = interactions.map { Array(Set($0)).sorted() }
        self.readonly = readonly == false ? nil : readonly
        self.criteria = criteria
        self.hiddenFields = Array(Set(hiddenFields)).sorted()
        self.readonlyFields = Array(Set(readonlyFields)).sorted()
    }

    /// What the entry grants, as Medplum evaluates it (contract 4.7).
    public var granted: Set<FHIRInteraction> {
        if let interactions { return Set(interactions) }
        return readonly == true ? FHIRInteraction.readOnly : Set(FHIRInteraction.allCases)
    }

    /// The entry as Medplum stores it: `AccessPolicy.resource[]` with Medplum's element names.
    public var medplumJSON: JSONValue {
        var object: [String: JSONValue] = ["resourceType": .string(resourceType)]
        if let interactions { object["interaction"] = .array(interactions.map { .string($0.rawValue) }) }
        if let readonly { object["readonly"] = .bool(readonly) }
        if let criteria { object["criteria"] = .string(criteria) }
        if !hiddenFields.isEmpty { object["hiddenFields"] = .array(hiddenFields.map(JSONValue.string)) }
        if !readonlyFields.isEmpty { object["readonlyFields"] = .array(readonlyFields.map(JSONValue.string)) }
        return .object(object)
    }

    /// `Observation` or `Observation?status=final`: how entries are told apart in diffs.
    public var label: String { criteria ?? resourceType }
}

public struct DesiredPolicy: Sendable, Hashable {
    public var name: String
    public var grants: [PolicyGrant]

    public init(name: String, grants: [PolicyGrant]) {
        self.name = name
        self.grants = grants
    }
}

/// A person's Medplum membership as the manifests want it.
public struct DesiredMembership: Sendable, Hashable {
    /// Lower-cased e-mail: the membership's key and managed identifier value.
    public var email: String
    public var firstName: String
    public var lastName: String
    public var profileType: ProfileType
    /// Policy names from every Medplum role, sorted, without repeats.
    public var policyNames: [String]
    public var admin: Bool
    public var active: Bool
    /// Why the membership is inactive (offboarded, expired, no Medplum role any more).
    public var inactiveReason: String?
    public var roles: [String]

    public init(
        email: String, firstName: String, lastName: String, profileType: ProfileType, policyNames: [String],
        admin: Bool, active: Bool, inactiveReason: String? = nil, roles: [String] = []
    ) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.profileType = profileType
        self.policyNames = Array(Set(policyNames)).sorted()
        self.admin = admin
        self.active = active
        self.inactiveReason = inactiveReason
        self.roles = roles
    }
}

/// A ClientApplication and the policy on its membership.
public struct DesiredClient: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var allowedOrigins: [String]
    public var redirectUris: [String]
    public var policyName: String?

    public init(name: String, description: String?, allowedOrigins: [String], redirectUris: [String], policyName: String?) {
        self.name = name
        self.description = description
        self.allowedOrigins = Array(Set(allowedOrigins)).sorted()
        self.redirectUris = Array(Set(redirectUris)).sorted()
        self.policyName = policyName
    }
}
