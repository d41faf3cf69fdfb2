extension Diagnostic.Code {
    static let leastPrivilege = Self("least-privilege")
}

/// Lint for least privilege (warnings only): wildcard write access, project admin handed to many
/// people, and Medplum memberships or clients with no access policy, which Medplum reads as
/// access to every resource (contract 4.6).
struct LeastPrivilegeRule: ValidationRule {
    let id = "least-privilege"
    let summary = "warn about grants broader than a person or client needs"

    /// More holders than this of a project-admin role draw a warning.
    static let adminHolderLimit = 3

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        wildcardWrites(manifests) + crowdedAdminRoles(manifests) + unrestrictedRoles(manifests) + unrestrictedClients(manifests)
    }

    private func wildcardWrites(_ manifests: ManifestSet) -> [Diagnostic] {
        manifests.accessPolicies.flatMap { policy in
            policy.resources.compactMap { rule -> Diagnostic? in
                let writes = rule.grantedInteractions.filter(\.isWrite).sorted()
                guard rule.resourceType.value == "*", !writes.isEmpty else { return nil }
                return Diagnostic(
                    .warning, .leastPrivilege, at: rule.resourceType.location,
                    "AccessPolicy '\(policy.name.value)' grants \(writes.map(\.rawValue).joined(separator: ", ")) on every resource type ('*'); list the resource types it needs instead"
                )
            }
        }
    }

    private func crowdedAdminRoles(_ manifests: ManifestSet) -> [Diagnostic] {
        manifests.roles.compactMap { role -> Diagnostic? in
            guard let admin = role.medplum?.admin, admin.value else { return nil }
            let holders = manifests.users.filter { user in user.isActive && user.roles.contains { $0.value == role.name.value } }.count
            guard holders > Self.adminHolderLimit else { return nil }
            return Diagnostic(
                .warning, .leastPrivilege, at: admin.location,
                "Role '\(role.name.value)' makes its holders Medplum project admins and \(holders) active users hold it; keep project admins to \(Self.adminHolderLimit) or fewer people"
            )
        }
    }

    private func unrestrictedRoles(_ manifests: ManifestSet) -> [Diagnostic] {
        manifests.roles.compactMap { role -> Diagnostic? in
            guard let medplum = role.medplum, medplum.accessPolicies.isEmpty else { return nil }
            return Diagnostic(
                .warning, .leastPrivilege, at: medplum.location,
                "Role '\(role.name.value)' gives a Medplum membership without access policies, which Medplum treats as access to every resource; list its 'accessPolicies'"
            )
        }
    }

    private func unrestrictedClients(_ manifests: ManifestSet) -> [Diagnostic] {
        manifests.clients.compactMap { client -> Diagnostic? in
            guard client.accessPolicy == nil else { return nil }
            return Diagnostic(
                .warning, .leastPrivilege, at: client.location,
                "Client '\(client.name.value)' has no 'accessPolicy', so its membership can reach every resource; name a policy"
            )
        }
    }
}
