/// Whether the manifests declare the person, and give them access today.
enum PersonChecks {
    static func declared(_ inputs: DoctorInputs) -> DoctorCheck {
        guard let user = inputs.user else {
            return .fail(
                .personDeclared, "no User manifest declares \(inputs.email)",
                remedy: "declare the person in a User manifest (email, firstName, lastName, roles, organizations) and run plumbline apply; plumbline grants nothing to people the manifests do not declare"
            )
        }
        let roles = user.roles.map(\.value).joined(separator: ", ")
        let organizations = user.organizations.isEmpty ? "no organization" : "organizations " + user.organizations.map(\.value).joined(separator: ", ")
        let declaration = "declared at \(user.location) with roles \(roles) and \(organizations)"
        if !user.isActive {
            return .fail(
                .personDeclared, "\(declaration), but active: false (offboarded)",
                remedy: "access was removed on purpose; if the person should have it again, set active: true at \(user.active?.location.description ?? user.location.description) and run plumbline apply"
            )
        }
        if let expires = user.expires?.value, expires < inputs.today {
            return .fail(
                .personDeclared, "\(declaration), but access expired on \(expires)",
                remedy: "if the person should keep access, move expires (\(user.expires?.location.description ?? "")) to a later date and run plumbline apply"
            )
        }
        let expiry = user.expires.map { ", access until \($0.value)" } ?? ""
        return .pass(.personDeclared, "\(declaration), active\(expiry)")
    }

    /// Why the declared person has no access today (offboarded, or past `expires`); nil when
    /// they have it, or are not declared.
    static func offboarding(_ inputs: DoctorInputs) -> String? {
        inputs.user.flatMap { MedplumDesiredStateBuilder.inactiveReason(of: $0, today: inputs.today) }
    }

    /// What the person's Roles give in Medplum: the profile type, the policies' entries (the
    /// "needs" of the access check) and admin. Nil when no Role gives Medplum access.
    static func medplumGrant(of user: UserManifest, in manifests: ManifestSet) -> (profileType: ProfileType, policies: [String], needs: [PolicyGrant], admin: Bool)? {
        let roles = user.roles.compactMap { name in manifests.roles.first { $0.name.value == name.value } }
        let grants = roles.compactMap(\.medplum)
        guard let first = grants.first else { return nil }
        let policyNames = Doctor.unique(grants.flatMap { $0.accessPolicies.map(\.value) })
        let needs = policyNames.flatMap { name in
            manifests.accessPolicies.first { $0.name.value == name }?.resources.map(MedplumDesiredStateBuilder.grant) ?? []
        }
        return (first.profileType.value, policyNames, needs, grants.contains { $0.admin?.value == true })
    }

    /// The Stytch roles the person's Roles declare, sorted.
    static func stytchRoles(of user: UserManifest, in manifests: ManifestSet) -> [String] {
        let roles = user.roles.compactMap { name in manifests.roles.first { $0.name.value == name.value } }
        return StytchRoles.explicit(roles.flatMap { $0.stytchRoles.map(\.value) })
    }
}
