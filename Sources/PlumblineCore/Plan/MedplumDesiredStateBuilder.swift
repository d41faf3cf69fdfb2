/// Turns validated manifests into what one Medplum project should hold. Pure: "today" is given,
/// so an expiry is judged against the caller's clock.
public enum MedplumDesiredStateBuilder {
    public static func build(from manifests: ManifestSet, today: CalendarDate) -> (state: MedplumDesiredState, withoutAccess: [String]) {
        // What each role grants, worked out once rather than for each of tens of thousands of people.
        let grantsByRole = Dictionary(
            manifests.roles.compactMap { role in role.medplum.map { (role.name.value, RoleGrant(role: role.name.value, $0)) } },
            uniquingKeysWith: { first, _ in first }
        )
        var memberships: [DesiredMembership] = []
        var withoutAccess: [String] = []
        let users = manifests.users
        for index in users.indices {
            let grants = users[index].roles.compactMap { grantsByRole[$0.value] }
            let email = users[index].key
            guard let first = grants.first else {
                withoutAccess.append(email)
                continue
            }
            let reason = inactiveReason(of: users[index], today: today)
            memberships.append(DesiredMembership(
                email: email, firstName: users[index].firstName.value, lastName: users[index].lastName.value,
                profileType: first.profileType, policyNames: grants.flatMap(\.policyNames), admin: grants.contains(where: \.admin),
                active: reason == nil, inactiveReason: reason, roles: grants.map(\.role)
            ))
        }
        let state = MedplumDesiredState(
            policies: manifests.accessPolicies.map { policy in
                DesiredPolicy(name: policy.name.value, grants: policy.resources.map(grant))
            },
            memberships: memberships,
            clients: manifests.clients.map { client in
                DesiredClient(
                    name: client.name.value, description: client.description?.value,
                    allowedOrigins: client.allowedOrigins.map(\.value), redirectUris: client.redirectUris.map(\.value),
                    policyName: client.accessPolicy?.value
                )
            }
        )
        return (state, withoutAccess)
    }

    /// What one role grants in Medplum, as a membership needs it.
    private struct RoleGrant {
        let role: String
        let profileType: ProfileType
        let policyNames: [String]
        let admin: Bool

        init(role: String, _ grant: MedplumGrant) {
            self.role = role
            profileType = grant.profileType.value
            policyNames = grant.accessPolicies.map(\.value)
            admin = grant.admin?.value == true
        }
    }

    /// Why a declared person must not have access today, or nil when they may.
    public static func inactiveReason(of user: UserManifest, today: CalendarDate) -> String? {
        if !user.isActive { return "offboarded (active: false)" }
        if let expires = user.expires?.value, expires < today { return "access expired on \(expires)" }
        return nil
    }

    static func grant(_ rule: ResourceRule) -> PolicyGrant {
        PolicyGrant(
            resourceType: rule.resourceType.value, interactions: rule.interactions?.map(\.value),
            readonly: rule.readonly?.value, criteria: rule.criteria?.value,
            hiddenFields: rule.hiddenFields.map(\.value), readonlyFields: rule.readonlyFields.map(\.value)
        )
    }
}
