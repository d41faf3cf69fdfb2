import Foundation

/// One person as both systems hold them, before becoming a `User`.
struct ImportedPerson {
    var email: String
    var membership: LiveMembership?
    /// Non-deleted members, by organization slug.
    var members: [LiveMember] = []
}

extension ManifestImporter {
    /// People matched across systems by lower-cased e-mail, and the Roles inferred from them.
    func peopleDocuments(_ state: inout ImportState) -> (roles: [[String]], users: [[String]]) {
        var people: [String: ImportedPerson] = [:]
        if let live = medplum {
            for membership in live.memberships {
                // plumbline never changes the owner's membership, so it never declares it either.
                if membership.userReference == live.ownerUserReference { continue }
                guard let email = (membership.managedKey ?? membership.email)?.lowercased() else {
                    state.notes.append("ProjectMembership/\(membership.id) names no e-mail, so it cannot be matched to a person; it was left out")
                    continue
                }
                people[email, default: ImportedPerson(email: email)].membership = membership
            }
        }
        for member in stytch?.members ?? [] where !member.isDeleted {
            people[member.email, default: ImportedPerson(email: member.email)].members.append(member)
        }
        let sorted = people.values.sorted { $0.email < $1.email }
        let accesses = sorted.map { access(of: $0, &state) }
        let inference = RoleInference(accesses)
        let users = zip(sorted, accesses).map { person, access in userDocument(person, role: inference.name(of: access), &state) }
        return (inference.roles.map(inference.document), users)
    }

    private func access(of person: ImportedPerson, _ state: inout ImportState) -> HeldAccess {
        var stytchRoles: [String]?
        if !person.members.isEmpty {
            let sets = Set(person.members.map(\.explicitRoles))
            if sets.count > 1 {
                state.notes.append("\(person.email) holds different Stytch roles in different organizations; a Role grants the same in each, so the union was imported and plan shows the difference")
            }
            stytchRoles = Array(Set(sets.flatMap { $0 })).sorted()
        }
        let medplumAccess = person.membership.flatMap { membership -> HeldAccess.MedplumAccess? in
            guard let type = ProfileType(rawValue: membership.profileType) else { return nil }
            let names = membership.policyIds.map { id -> String? in
                guard let name = state.policyNames[id] else {
                    state.notes.append("\(person.email)'s membership refers to AccessPolicy/\(id), which was not imported; plan shows the difference")
                    return nil
                }
                return name
            }
            return HeldAccess.MedplumAccess(profileType: type, policies: Array(Set(names.compactMap { $0 })).sorted(), admin: membership.admin)
        }
        return HeldAccess(stytchRoles: stytchRoles, medplum: medplumAccess)
    }

    private func userDocument(_ person: ImportedPerson, role: String, _ state: inout ImportState) -> [String] {
        var sources: [String] = []
        if let membership = person.membership {
            sources.append("Medplum ProjectMembership/\(membership.id)")
            if membership.managedKey == nil { state.unmanaged.append(ResourceKey(.medplum, .projectMembership, person.email)) }
        }
        for member in person.members.sorted(by: { $0.slug < $1.slug }) {
            sources.append("Stytch \(member.id) in \(member.slug)")
            if !member.managed { state.unmanaged.append(ResourceKey(.stytch, .member, member.key)) }
        }
        let anyUnmanaged = person.membership.map { $0.managedKey == nil } ?? false || person.members.contains { !$0.managed }
        var lines = YAMLText.comment("from \(sources.joined(separator: ", "))\(anyUnmanaged ? " (not all managed by plumbline yet)" : "")")
        let (first, last) = names(of: person, &state)
        lines += ["kind: User", "email: \(YAMLText.scalar(person.email))", "firstName: \(YAMLText.scalar(first))", "lastName: \(YAMLText.scalar(last))"]
        let slugs = Array(Set(person.members.map(\.slug))).sorted()
        if !slugs.isEmpty { lines.append("organizations: \(YAMLText.list(slugs))") }
        lines.append("roles: [\(YAMLText.scalar(role))]")
        // Access ends when every account is deactivated: the Medplum membership, if any, is
        // inactive and no Stytch member is left.
        if let membership = person.membership, !membership.active {
            if person.members.isEmpty {
                lines.append("active: false")
            } else {
                state.notes.append("\(person.email)'s Medplum membership is inactive but they are still a Stytch member; imported as active, so plan reactivates the membership")
            }
        }
        return lines
    }

    /// First and last name such that `first last` is the Stytch member's name (what plan
    /// compares), else the Medplum profile's name, else the e-mail's local part.
    private func names(of person: ImportedPerson, _ state: inout ImportState) -> (String, String) {
        let stytchName = person.members.map(\.name).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let name = stytchName ?? person.membership?.profileDisplay ?? ""
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        if parts.count == 2 { return (parts[0], parts[1]) }
        let fallback = parts.first ?? String(person.email.prefix { $0 != "@" })
        if !person.members.isEmpty {
            state.notes.append("\(person.email) has \(stytchName == nil ? "no name" : "only one name") in Stytch; a User needs a first and last name, so plan sets the member's name to '\(fallback) -'")
        }
        return (fallback, "-")
    }
}
