import Foundation

/// Builds an access review from the manifests and what was read. Pure: the creation times of
/// memberships (which cost a history read each) are passed in.
public enum AccessReviewBuilder {
    public static func build(
        environment: String, manifests: ManifestSet, today: CalendarDate, medplum: MedplumLiveState?, stytch: StytchLiveState?,
        membershipCreated: [String: Date] = [:]
    ) -> AccessReview {
        let users = Dictionary(manifests.users.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let policies = Dictionary((medplum?.policies ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let members = (stytch?.members ?? []).filter { !$0.isDeleted }
        let memberships = medplum?.memberships ?? []

        var emails = Set(users.keys)
        emails.formUnion(members.map(\.email))
        emails.formUnion(memberships.map(\.personKey))
        let people = emails.sorted().map { email -> PersonAccess in
            let user = users[email]
            let organizations = members.filter { $0.email == email }.sorted { $0.slug < $1.slug }.map(organizationAccess)
            let held = memberships.filter { $0.personKey == email }.map { membershipAccess($0, policies: policies, created: membershipCreated[$0.id]) }
            return PersonAccess(
                email: email, name: user.map { "\($0.firstName.value) \($0.lastName.value)" } ?? members.first { $0.email == email }?.name ?? "",
                declared: user != nil, status: status(of: user, today: today), roles: user?.roles.map(\.value) ?? [],
                expires: user?.expires?.value.description, organizations: organizations, memberships: held
            )
        }
        let unmanaged = members.filter { !$0.managed }.map { member in
            UnmanagedAccount(system: .stytch, key: member.key, email: member.email, organization: member.slug, status: member.status, access: ([StytchRoles.everyMember] + member.explicitRoles + member.implicitRoles).joined(separator: ", "))
        } + memberships.filter { $0.managedKey == nil }.map { membership in
            let names = membership.policyIds.map { policies[$0]?.name ?? "AccessPolicy/\($0)" }
            let access = [membership.profileType] + (names.isEmpty ? ["no access policy"] : names) + (membership.admin ? ["admin"] : [])
            return UnmanagedAccount(system: .medplum, key: membership.personKey, email: membership.personKey, status: membership.active ? "active" : "inactive", access: access.joined(separator: ", "))
        }
        return AccessReview(
            environment: environment, people: people, unmanaged: unmanaged.sorted { ($0.system, $0.key) < ($1.system, $1.key) },
            unrestrictedClinicalWrites: unrestrictedClinicalWrites(medplum)
        )
    }

    static func status(of user: UserManifest?, today: CalendarDate) -> String {
        guard let user else { return "undeclared" }
        if !user.isActive { return "offboarded" }
        if let expires = user.expires?.value, expires < today { return "expired" }
        return "active"
    }

    static func organizationAccess(_ member: LiveMember) -> OrganizationAccess {
        OrganizationAccess(
            slug: member.slug, status: member.status, roles: [StytchRoles.everyMember] + Array(Set(member.explicitRoles + member.implicitRoles)).sorted(),
            admin: member.isAdmin, managed: member.managed, memberSince: member.createdAt
        )
    }

    static func membershipAccess(_ membership: LiveMembership, policies: [String: LivePolicy], created: Date?) -> MembershipAccess {
        MembershipAccess(
            id: membership.id, profileType: membership.profileType, active: membership.active, admin: membership.admin,
            managed: membership.managedKey != nil, activeSince: created, unrestricted: membership.policyIds.isEmpty,
            policies: membership.policyIds.map { id in
                PolicyAccess(name: policies[id]?.name ?? "AccessPolicy/\(id)", id: id, grants: policies[id].map { $0.grants.map(GrantAccess.init) })
            }
        )
    }

    /// Every policy entry granting a write on a clinical type without a criteria, and every
    /// active membership with no policy at all (which Medplum lets write everything).
    static func unrestrictedClinicalWrites(_ live: MedplumLiveState?) -> [UnrestrictedClinicalWrite] {
        guard let live else { return [] }
        let holdersByPolicy = holders(live)
        var findings: [UnrestrictedClinicalWrite] = []
        for policy in live.policies.sorted(by: { ($0.name ?? $0.id) < ($1.name ?? $1.id) }) {
            for grant in policy.grants where grant.criteria == nil && ClinicalTypes.covers(grant.resourceType) {
                let writes = grant.granted.filter(\.isWrite).sorted()
                guard !writes.isEmpty else { continue }
                findings.append(UnrestrictedClinicalWrite(
                    policy: policy.name ?? "AccessPolicy/\(policy.id)", policyId: policy.id, managed: policy.managedKey != nil,
                    resourceType: grant.resourceType, interactions: writes, holders: holdersByPolicy[policy.id] ?? []
                ))
            }
        }
        let withoutPolicy = live.memberships.filter { $0.active && $0.policyIds.isEmpty }.map(\.personKey)
            + live.clients.compactMap { client in client.membership.flatMap { $0.policyIds.isEmpty ? "client \(client.name ?? client.id)" : nil } }
        if !withoutPolicy.isEmpty {
            findings.append(UnrestrictedClinicalWrite(
                policy: "(no access policy)", policyId: nil, managed: false, resourceType: "*",
                interactions: FHIRInteraction.allCases.filter(\.isWrite), holders: withoutPolicy.sorted()
            ))
        }
        return findings
    }

    /// Active holders of each policy: people by e-mail, clients as `client NAME`.
    static func holders(_ live: MedplumLiveState) -> [String: [String]] {
        var holders: [String: Set<String>] = [:]
        for membership in live.memberships where membership.active {
            for id in membership.policyIds { holders[id, default: []].insert(membership.personKey) }
        }
        for client in live.clients {
            for id in client.membership?.policyIds ?? [] { holders[id, default: []].insert("client \(client.name ?? client.id)") }
        }
        return holders.mapValues { $0.sorted() }
    }
}
