extension StytchPlanner {
    func planMembers(into output: inout Output) {
        let members = live.members
        let positions = Self.positionsByKey(members)
        for member in desired.members {
            let key = ResourceKey(.stytch, .member, member.key)
            if let position = positions[key.key] {
                if let change = change(from: members[position], to: member, key: key, into: &output) { output.changes.append(change) }
            } else if member.active {
                output.changes.append(creation(of: member, key: key))
            }
        }
        let undeclared = positions.filter { key, position in
            members[position].managed && !members[position].isDeleted && !desired.declaresMember(key: key)
        }
        for (memberKey, position) in undeclared.sorted(by: { $0.key < $1.key }) {
            let current = members[position]
            let key = ResourceKey(.stytch, .member, memberKey)
            if desired.declaredPeople.contains(current.email) {
                output.changes.append(removal(current, key: key, reason: "no longer in organization '\(current.slug)'"))
            } else if options.prune {
                output.changes.append(removal(current, key: key, reason: "not declared (--prune)"))
            } else {
                output.notes.append("\(memberKey) is a managed Stytch member but the person is no longer declared; plan --prune would remove them and revoke their sessions")
            }
        }
    }

    /// Each live member's position by `slug/email`; a live (non-deleted) member wins over
    /// deleted ones with the same e-mail. Positions, not copies: planning 50,000 members would
    /// otherwise copy each one three times.
    private static func positionsByKey(_ members: [LiveMember]) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(members.count)
        for position in members.indices {
            let key = members[position].key
            if positions[key].map({ members[$0].isDeleted }) ?? true { positions[key] = position }
        }
        return positions
    }

    private func creation(of member: DesiredMember, key: ResourceKey) -> Change {
        var escalations = ["new member of \(member.slug)"]
        escalations += member.roles.map { "role \($0) granted" }
        return Change(key, .create, fields: [
            FieldChange("name", before: nil, after: .string(member.name)),
            FieldChange("roles", before: nil, after: .array(member.roles.map(JSONValue.string))),
        ], escalations: escalations, reason: "roles: \(member.manifestRoles.joined(separator: ", "))", person: member.email,
        summary: "Stytch member in \(member.slug)\(member.roles.isEmpty ? "" : " (\(member.roles.joined(separator: ", ")))")")
    }

    /// Offboarding in Stytch: the member is deleted (reversible by reactivation) and every
    /// session of theirs revoked.
    private func removal(_ current: LiveMember, key: ResourceKey, reason: String) -> Change {
        Change(
            key, .deactivate, fields: [FieldChange("status", before: .string(current.status), after: "deleted")],
            reason: "\(reason); member deleted and every session revoked", person: current.email,
            target: ObjectVersion(id: current.id, version: current.version), summary: "Stytch member in \(current.slug)"
        )
    }

    private func change(from current: LiveMember, to member: DesiredMember, key: ResourceKey, into output: inout Output) -> Change? {
        let target = ObjectVersion(id: current.id, version: current.version)
        guard current.managed else {
            if current.isDeleted {
                // A deleted member plumbline never managed is history: declare anew.
                return member.active ? creation(of: member, key: key) : nil
            }
            guard options.adopt.includes(key) else {
                output.conflicts.append(PlanConflict(key, "\(member.email) is already a member of '\(member.slug)' (\(current.id)) but plumbline does not manage them; adopt them with plumbline import --adopt"))
                return nil
            }
            // Offboarding deletes the member, so there is no marker to write then.
            guard member.active else { return removal(current, key: key, reason: member.inactiveReason ?? "inactive") }
            var adopted = current
            adopted.managed = true
            return AdoptionScope.adopting(
                change(from: adopted, to: member, key: key, into: &output)
                    ?? Change(key, .update, person: member.email, target: target, summary: "Stytch member in \(member.slug)")
            )
        }
        if !member.active {
            return current.isDeleted ? nil : removal(current, key: key, reason: member.inactiveReason ?? "inactive")
        }
        var fields: [FieldChange] = []
        var escalations: [String] = []
        if current.name != member.name {
            fields.append(FieldChange("name", before: .string(current.name), after: .string(member.name)))
        }
        if current.explicitRoles != member.roles {
            fields.append(FieldChange("roles", before: .array(current.explicitRoles.map(JSONValue.string)), after: .array(member.roles.map(JSONValue.string))))
            escalations += Set(member.roles).subtracting(current.explicitRoles).sorted().map { "role \($0) granted" }
        }
        if current.isDeleted {
            fields.insert(FieldChange("status", before: "deleted", after: "active"), at: 0)
            return Change(key, .reactivate, fields: fields, escalations: ["access restored"] + escalations, person: member.email, target: target, summary: "Stytch member in \(member.slug)")
        }
        guard !fields.isEmpty else { return nil }
        return Change(key, .update, fields: fields, escalations: escalations, person: member.email, target: target, summary: "Stytch member in \(member.slug)")
    }
}
