extension Diagnostic.Code {
    static let unknownStytchRole = Self("unknown-stytch-role")
}

/// Every Stytch role a Role names must exist in the project's RBAC policy, read once before
/// planning; a missing role stops everything before any write, pointing at the manifest.
public enum StytchRoleCheck {
    public static func check(_ manifests: ManifestSet, roleIds: Set<String>) -> [Diagnostic] {
        manifests.roles.flatMap { role in
            role.stytchRoles.filter { !roleIds.contains($0.value) }.map { stytchRole in
                let hint = Suggestion.didYouMean(stytchRole.value, in: roleIds.sorted())
                    ?? "create it in the Stytch RBAC policy or fix the Role"
                return Diagnostic(
                    .error, .unknownStytchRole, at: stytchRole.location,
                    "Role '\(role.name.value)' grants Stytch role '\(stytchRole.value)', which the project's RBAC policy does not define; \(hint)"
                )
            }
        }.sorted()
    }
}
