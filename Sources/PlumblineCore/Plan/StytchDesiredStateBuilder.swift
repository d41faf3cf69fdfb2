/// Turns validated manifests into what one Stytch project should hold.
public enum StytchDesiredStateBuilder {
    public static func build(from manifests: ManifestSet, today: CalendarDate) -> StytchDesiredState {
        // Each role's Stytch roles, worked out once rather than for each of tens of thousands of people.
        let stytchRolesByRole = Dictionary(manifests.roles.map { ($0.name.value, $0.stytchRoles.map(\.value)) }, uniquingKeysWith: { first, _ in first })
        var members: [DesiredMember] = []
        members.reserveCapacity(manifests.users.count)
        let users = manifests.users
        for index in users.indices {
            let reason = MedplumDesiredStateBuilder.inactiveReason(of: users[index], today: today)
            let manifestRoles = users[index].roles.map(\.value)
            let stytchRoles = manifestRoles.flatMap { stytchRolesByRole[$0] ?? [] }  // `DesiredMember` normalises them
            let email = users[index].key
            let name = "\(users[index].firstName.value) \(users[index].lastName.value)"
            for organization in users[index].organizations {
                members.append(DesiredMember(
                    slug: organization.value, email: email, name: name, roles: stytchRoles, active: reason == nil,
                    inactiveReason: reason, manifestRoles: manifestRoles
                ))
            }
        }
        return StytchDesiredState(
            organizations: manifests.organizations.map(organization),
            members: members,
            declaredPeople: Set(manifests.users.map(\.key))
        )
    }

    /// The declared settings under Stytch's field names; undeclared ones are left out, so the
    /// server keeps whatever it has for them.
    static func organization(_ manifest: OrganizationManifest) -> DesiredOrganization {
        var settings: [String: JSONValue] = [:]
        func set(_ field: String, _ value: Located<String>?) { if let value { settings[field] = .string(value.value) } }
        func list(_ field: String, _ values: [Located<String>]?, lowercased: Bool = false) {
            if let values { settings[field] = .array(Array(Set(values.map { lowercased ? $0.value.lowercased() : $0.value })).sorted().map(JSONValue.string)) }
        }
        list("email_allowed_domains", manifest.emailAllowedDomains, lowercased: true)
        set("email_jit_provisioning", manifest.emailJitProvisioning)
        set("email_invites", manifest.emailInvites)
        set("auth_methods", manifest.authMethods)
        list("allowed_auth_methods", manifest.allowedAuthMethods)
        set("mfa_policy", manifest.mfaPolicy)
        set("mfa_methods", manifest.mfaMethods)
        list("allowed_mfa_methods", manifest.allowedMfaMethods)
        set("organization_external_id", manifest.externalId)
        return DesiredOrganization(slug: manifest.slug.value, name: manifest.name.value, settings: settings)
    }
}
