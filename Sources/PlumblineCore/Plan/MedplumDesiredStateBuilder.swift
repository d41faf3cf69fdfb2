/// Turns validated manifests into what one Medplum project should hold. Pure: "today" is given,
/// so an expiry is judged against the caller's clock.
public enum MedplumDesiredStateBuilder {
    public static func build(from manifests: ManifestSet, today: CalendarDate) -> (state: MedplumDesiredState, withoutAccess: [String]) {
        let roles = Dictionary(manifests.roles.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        var memberships: [DesiredMembership] = []
        var withoutAccess: [String] = []
        for user in manifests.users {
            let grants = user.roles.compactMap { roles[$0.value] }.compactMap { role in role.medplum.map { (role.name.value, $0) } }
            guard let first = grants.first else {
                withoutAccess.append(user.key)
                continue
            }
            memberships.append(DesiredMembership(
                email: user.key, firstName: user.firstName.value, lastName: user.lastName.value,
                profileType: first.1.profileType.value,
                policyNames: grants.flatMap { $0.1.accessPolicies.map(\.value) },
                admin: grants.contains { $0.1.admin?.value == true },
                active: inactiveReason(of: user, today: today) == nil,
                inactiveReason: inactiveReason(of: user, today: today),
                roles: grants.map(\.0)
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
