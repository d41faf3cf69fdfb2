extension Diagnostic.Code {
    static let conflictingProfileTypes = Self("conflicting-profile-types")
    static let rolesWithoutOrganizations = Self("roles-without-organizations")
}

/// A person is one membership in Medplum and one member per organization in Stytch, so their
/// roles must agree on the Medplum profile type, and Stytch roles need an organization to land in.
struct PersonRule: ValidationRule {
    let id = "person"
    let summary = "a person's roles must agree on their Medplum profile type and have organizations for their Stytch roles"

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        let roles = Dictionary(manifests.roles.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        return manifests.users.flatMap { user -> [Diagnostic] in
            let held = user.roles.compactMap { roles[$0.value] }
            var diagnostics: [Diagnostic] = []
            let types = held.compactMap { role in role.medplum.map { (role.name.value, $0.profileType.value) } }
            if Set(types.map(\.1)).count > 1, let location = user.roles.first?.location {
                let listed = types.map { "\($0.0): \($0.1.rawValue)" }.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    .error, .conflictingProfileTypes, at: location,
                    "User '\(user.email.value)' has roles with different Medplum profile types (\(listed)); a membership has one profile, so give the person roles that agree"
                ))
            }
            let stytchRoles = held.filter { !$0.stytchRoles.isEmpty }.map(\.name.value)
            if !stytchRoles.isEmpty, user.organizations.isEmpty {
                diagnostics.append(Diagnostic(
                    .warning, .rolesWithoutOrganizations, at: user.location,
                    "User '\(user.email.value)' gets Stytch roles from \(stytchRoles.map { "'\($0)'" }.joined(separator: ", ")) but belongs to no organization, so those roles are never granted; add 'organizations'"
                ))
            }
            return diagnostics
        }
    }
}
