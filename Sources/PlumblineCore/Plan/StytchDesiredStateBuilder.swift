/// Turns validated manifests into what one Stytch project should hold.
public enum StytchDesiredStateBuilder {
    public static func build(from manifests: ManifestSet, today: CalendarDate) -> StytchDesiredState {
        let roles = Dictionary(manifests.roles.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        let members = manifests.users.flatMap { user -> [DesiredMember] in
            let reason = MedplumDesiredStateBuilder.inactiveReason(of: user, today: today)
            let stytchRoles = user.roles.compactMap { roles[$0.value] }.flatMap { $0.stytchRoles.map(\.value) }
            return user.organizations.map { organization in
                DesiredMember(
                    slug: organization.value, email: user.key, name: "\(user.firstName.value) \(user.lastName.value)",
                    roles: stytchRoles, active: reason == nil, inactiveReason: reason, manifestRoles: user.roles.map(\.value)
                )
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
