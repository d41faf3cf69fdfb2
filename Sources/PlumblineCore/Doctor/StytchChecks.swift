/// The person's Stytch members: one per declared organization, active, with the declared roles.
enum StytchChecks {
    static func membership(_ inputs: DoctorInputs) -> DoctorCheck {
        if let skipped = Doctor.unavailable(inputs.stytch, .stytchMembership, dependsOn: .stytchCredentials) { return skipped }
        guard let live = inputs.stytch.value else { return .skipped(.stytchMembership, "not checked") }
        guard let user = inputs.user else {
            return .skipped(.stytchMembership, "no organization is declared for the person: \(CheckID.personDeclared.failedPrerequisite)")
        }
        let slugs = user.organizations.map(\.value)
        guard !slugs.isEmpty else { return .pass(.stytchMembership, "the person is declared in no organization; nothing to check") }
        if let reason = PersonChecks.offboarding(inputs) { return offboarded(slugs, live, inputs.email, reason) }
        let declaredRoles = PersonChecks.stytchRoles(of: user, in: inputs.manifests)
        var fine: [String] = [], problems: [String] = [], remedies: [String] = []
        for slug in slugs {
            guard live.organization(slug: slug) != nil else {
                problems.append("organization '\(slug)' does not exist in Stytch")
                remedies.append("run plumbline apply to create organization '\(slug)'")
                continue
            }
            let members = live.members.filter { $0.slug == slug && $0.email == inputs.email }
            guard let member = members.first(where: { !$0.isDeleted }) ?? members.first else {
                problems.append("not a member of \(slug)")
                remedies.append("run plumbline apply to add them to \(slug)")
                continue
            }
            switch member.status {
            case "active":
                let missing = declaredRoles.filter { !member.explicitRoles.contains($0) && !member.implicitRoles.contains($0) }
                let held = ([StytchRoles.everyMember] + member.explicitRoles + member.implicitRoles).joined(separator: ", ")
                if missing.isEmpty {
                    // Not a failure (nothing keeps them out), but access the manifests do not
                    // grant is what someone asking "why can they see that?" needs to read.
                    let undeclared = member.explicitRoles.filter { !declaredRoles.contains($0) }
                    let beyond = undeclared.isEmpty ? "" : "; also holds \(undeclared.joined(separator: ", ")), which the manifests do not grant (plumbline apply removes \(undeclared.count == 1 ? "it" : "them"))"
                    fine.append("\(slug): active (\(held))\(beyond)")
                } else {
                    problems.append("\(slug): active but lacks role\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (holds \(held))")
                    remedies.append("run plumbline apply to give them the declared roles in \(slug)")
                }
            case "deleted":
                problems.append("\(slug): member \(member.id) is deleted, so Stytch refuses the sign-in")
                remedies.append("run plumbline apply to reactivate them in \(slug)")
            default:
                problems.append("\(slug): member \(member.id) is \(member.status): the person has not finished signing up")
                remedies.append("ask them to accept the invitation or complete sign-up in \(slug) (a member becomes active once they authenticate)")
            }
        }
        let observed = (problems + fine).joined(separator: "; ")
        guard problems.isEmpty else {
            return .fail(.stytchMembership, observed, remedy: Doctor.unique(remedies).joined(separator: "; "))
        }
        return .pass(.stytchMembership, observed)
    }

    /// An offboarded person's members pass when deleted (or gone), and fail while any can still
    /// sign in or finish signing up.
    private static func offboarded(_ slugs: [String], _ live: StytchLiveState, _ email: String, _ reason: String) -> DoctorCheck {
        var gone: [String] = [], remaining: [String] = []
        for slug in slugs {
            let members = live.members.filter { $0.slug == slug && $0.email == email }
            if let member = members.first(where: { !$0.isDeleted }) {
                remaining.append("\(slug): member \(member.id) is still \(member.status) although the person is \(reason)")
            } else {
                gone.append(members.isEmpty ? "\(slug): no member" : "\(slug): deleted")
            }
        }
        let title = CheckID.stytchMembership.withdrawnTitle
        guard remaining.isEmpty else {
            return .fail(
                .stytchMembership, (remaining + gone).joined(separator: "; "),
                remedy: "run plumbline apply to delete them from \(slugs.joined(separator: ", ")) and revoke their sessions", title: title
            )
        }
        return .pass(.stytchMembership, gone.joined(separator: "; ") + ", as the person is \(reason)", title: title)
    }
}
