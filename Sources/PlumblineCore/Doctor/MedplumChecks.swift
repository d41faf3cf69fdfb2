/// The person's Medplum membership and what its access policies grant (guide §3 and §8).
enum MedplumChecks {
    /// The person's human membership: the active one if there are several.
    static func membership(of email: String, in live: MedplumLiveState) -> LiveMembership? {
        let matching = live.memberships.filter { $0.email == email || $0.managedKey == email }
        return matching.first(where: \.active) ?? matching.first
    }

    static func membership(_ inputs: DoctorInputs) -> DoctorCheck {
        if let skipped = Doctor.unavailable(inputs.medplum, .medplumMembership, dependsOn: .medplumCredentials) { return skipped }
        guard let live = inputs.medplum.value else { return .skipped(.medplumMembership, "not checked") }
        if let reason = PersonChecks.offboarding(inputs) { return offboarded(membership(of: inputs.email, in: live), reason) }
        let grant = inputs.user.flatMap { PersonChecks.medplumGrant(of: $0, in: inputs.manifests) }
        guard let membership = membership(of: inputs.email, in: live) else {
            if inputs.user != nil && grant == nil {
                return .pass(.medplumMembership, "no ProjectMembership, as declared: the person's roles grant no Medplum access")
            }
            let add = grant.map { "profile \($0.profileType.rawValue), access polic\($0.policies.count == 1 ? "y" : "ies") \($0.policies.joined(separator: ", "))" } ?? "a profile and an access policy"
            return .fail(
                .medplumMembership, "project \(live.projectId) has no ProjectMembership for \(inputs.email): signing in to Medplum fails with \"Project not found\"",
                remedy: "run plumbline apply to invite them (in the Medplum console: Admin → Project → Members → Add Member, with \(add))"
            )
        }
        let described = "ProjectMembership/\(membership.id) (\(membership.profileType)\(membership.admin ? ", project admin" : ""))"
        // What differs from the Role without keeping them out: said after the verdict.
        var differences: [String] = []
        if let grant, grant.profileType.rawValue != membership.profileType {
            differences.append("its profile is a \(membership.profileType) where the Role declares \(grant.profileType.rawValue) (plumbline plan shows the change)")
        }
        if let grant, membership.admin, !grant.admin {
            differences.append("it makes them a project admin, which no Role of theirs declares (plumbline apply removes it)")
        }
        guard membership.active else {
            return .fail(
                .medplumMembership, (["\(described) is inactive (active: false): Medplum refuses new logins (\"Profile not active\")"] + differences).joined(separator: "; "),
                remedy: inputs.user == nil
                    ? "if they should have access, declare them (see person-declared) and run plumbline apply"
                    : "run plumbline apply to reactivate the membership"
            )
        }
        return .pass(.medplumMembership, (["\(described) is active"] + differences).joined(separator: "; "))
    }

    /// An offboarded person's membership passes when it can no longer sign in, and fails while
    /// it still can: that is access the manifests took away and the server still grants.
    private static func offboarded(_ membership: LiveMembership?, _ reason: String) -> DoctorCheck {
        let title = CheckID.medplumMembership.withdrawnTitle
        guard let membership else { return .pass(.medplumMembership, "no ProjectMembership, as the person is \(reason)", title: title) }
        guard membership.active else {
            return .pass(.medplumMembership, "ProjectMembership/\(membership.id) is inactive, as the person is \(reason)", title: title)
        }
        return .fail(
            .medplumMembership, "ProjectMembership/\(membership.id) is still active although the person is \(reason): they can still sign in to Medplum",
            remedy: "run plumbline apply to deactivate it, then plumbline sessions --revoke to end the sessions they hold", title: title
        )
    }

    /// Guide §3: the membership's policies must exist and grant, on each resource type, the
    /// interactions the person's Roles declare (their policies' entries) — evaluated as contract 4.7.
    static func accessPolicies(_ inputs: DoctorInputs) -> DoctorCheck {
        if let skipped = Doctor.unavailable(inputs.medplum, .accessPolicies, dependsOn: .medplumCredentials) { return skipped }
        guard let live = inputs.medplum.value, let membership = membership(of: inputs.email, in: live) else {
            return .skipped(.accessPolicies, CheckID.medplumMembership.failedPrerequisite)
        }
        guard let user = inputs.user else {
            return .skipped(.accessPolicies, "no Role says what the person needs: \(CheckID.personDeclared.failedPrerequisite)")
        }
        if let reason = PersonChecks.offboarding(inputs) {
            return .skipped(.accessPolicies, "the person is \(reason), so the manifests declare no access to compare with")
        }
        guard let grant = PersonChecks.medplumGrant(of: user, in: inputs.manifests) else {
            return .pass(.accessPolicies, "the person's roles declare no Medplum access to compare with")
        }
        let policies = Dictionary(live.policies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = membership.policyIds.map { id in policies[id].map { "'\($0.name ?? id)'" } ?? "AccessPolicy/\(id)" }
        let missing = membership.policyIds.filter { policies[$0] == nil }
        guard missing.isEmpty else {
            return .fail(
                .accessPolicies, "the membership refers to \(missing.map { "AccessPolicy/\($0)" }.joined(separator: ", ")), which does not exist: Medplum refuses to sign the person in (\"Invalid access policy configuration\")",
                remedy: "run plumbline apply to point the membership at the declared polic\(grant.policies.count == 1 ? "y" : "ies") (\(grant.policies.joined(separator: ", ")))"
            )
        }
        let access = EffectiveAccess(grants: membership.policyIds.flatMap { policies[$0]?.grants ?? [] }, unrestricted: membership.policyIds.isEmpty)
        if access.unrestricted {
            return .pass(.accessPolicies, "the membership has no access policy, so Medplum lets it reach every resource type — wider than the roles declare (\(grant.policies.joined(separator: ", "))); plumbline plan shows the change")
        }
        let gaps = access.gaps(for: grant.needs)
        let through = "polic\(names.count == 1 ? "y" : "ies") \(names.joined(separator: ", "))"
        guard !gaps.isEmpty else {
            let types = Set(grant.needs.map(\.resourceType)).sorted()
            return .pass(.accessPolicies, "\(through) grant\(names.count == 1 ? "s" : "") what the roles need on \(types.joined(separator: ", "))")
        }
        let details = gaps.map { gap in
            let held = gap.granted.isEmpty ? "nothing" : gap.granted.map(\.rawValue).joined(separator: ", ")
            return "\(gap.target.label) needs \(gap.missing.map(\.rawValue).joined(separator: ", ")) (granted: \(held))"
        }
        return .fail(
            .accessPolicies, "\(through) lack\(names.count == 1 ? "s" : ""): \(details.joined(separator: "; ")) — the app gets 403 \"Access denied\" there",
            remedy: "run plumbline apply to restore the declared polic\(grant.policies.count == 1 ? "y" : "ies") (\(grant.policies.joined(separator: ", "))) and the membership's access (in the Medplum console: Admin → Access Policies → add the resource types and interactions)"
        )
    }
}
