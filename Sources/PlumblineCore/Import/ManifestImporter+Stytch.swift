extension ManifestImporter {
    /// Organization settings by Stytch field name → manifest key.
    static let settingKeys: [(field: String, key: String)] = [
        ("organization_external_id", "externalId"), ("email_allowed_domains", "emailAllowedDomains"),
        ("email_jit_provisioning", "emailJitProvisioning"), ("email_invites", "emailInvites"), ("auth_methods", "authMethods"),
        ("allowed_auth_methods", "allowedAuthMethods"), ("mfa_policy", "mfaPolicy"), ("mfa_methods", "mfaMethods"),
        ("allowed_mfa_methods", "allowedMfaMethods"),
    ]

    /// Every organization of the Stytch project, with each setting it has.
    func organizationDocuments(_ state: inout ImportState) -> [[String]] {
        guard let live = stytch else { return [] }
        return live.organizations.sorted { $0.slug < $1.slug }.map { organization in
            if !organization.managed { state.unmanaged.append(ResourceKey(.stytch, .organization, organization.slug)) }
            var lines = YAMLText.comment("from Stytch \(organization.id)\(organization.managed ? "" : " (not managed by plumbline yet)")")
            lines += ["kind: Organization", "name: \(YAMLText.scalar(organization.name))", "slug: \(YAMLText.scalar(organization.slug))"]
            for (field, key) in Self.settingKeys {
                switch organization.settings[field] {
                case .string(let value) where !value.isEmpty:
                    lines.append("\(key): \(YAMLText.scalar(value))")
                case .array(let values) where !values.isEmpty:
                    lines.append("\(key): \(YAMLText.list(values.compactMap(\.string)))")
                default:
                    break
                }
            }
            return lines
        }
    }
}
