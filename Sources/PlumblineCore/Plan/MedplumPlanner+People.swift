extension MedplumPlanner {
    func planMemberships(into output: inout Output) {
        // Positions in `live.memberships`, not copies: there is one per person.
        let live = live.memberships
        let managed = options.adopt.managedPositions(
            live, kind: .projectMembership, declares: desired.declaresMembership(for:),
            marker: { $0.managedKey?.lowercasedIfNeeded }, key: \.email
        )
        // Unmanaged memberships in the way of declared people, looked up only for those plumbline
        // does not already manage.
        var unmanagedByEmail: [String: Int] = [:]
        for position in live.indices where live[position].managedKey == nil {
            if let email = live[position].email, unmanagedByEmail[email] == nil { unmanagedByEmail[email] = position }
        }
        for membership in desired.memberships {
            let key = ResourceKey(.medplum, .projectMembership, membership.email)
            if let position = managed[membership.email] {
                let current = live[position]
                let adopting = current.managedKey == nil
                if let change = change(from: current, to: membership, key: key, into: &output) {
                    output.changes.append(adopting ? AdoptionScope.adopting(change) : change)
                } else if adopting && current.active && current.profileType == membership.profileType.rawValue {
                    output.changes.append(AdoptionScope.adopting(Change(
                        key, .update, person: membership.email, target: ObjectVersion(id: current.id, version: current.version), summary: "Medplum membership"
                    )))
                }
            } else if let position = unmanagedByEmail[membership.email] {
                output.conflicts.append(PlanConflict(key, "\(membership.email) already has a membership (ProjectMembership/\(live[position].id)) that plumbline does not manage; adopt it with plumbline import --adopt"))
            } else if membership.active {
                output.changes.append(creation(of: membership, key: key))
            }
        }
        for email in managed.keys.filter({ !desired.declaresMembership(for: $0) }).sorted() {
            guard let position = managed[email] else { continue }
            let current = live[position]
            let key = ResourceKey(.medplum, .projectMembership, email)
            if withoutAccess.contains(email) {
                if current.active { output.changes.append(deactivation(current, key: key, reason: "no role gives Medplum access")) }
            } else if options.prune {
                if current.active { output.changes.append(deactivation(current, key: key, reason: "not declared (--prune)")) }
            } else if current.active {
                output.notes.append("\(email) has a managed Medplum membership but is no longer declared; plan --prune would deactivate it")
            }
        }
    }

    private func creation(of membership: DesiredMembership, key: ResourceKey) -> Change {
        var escalations = ["new member with access"] + membership.policyNames.map { "policy '\($0)' added" }
        if membership.admin { escalations.append("project admin granted") }
        return Change(key, .create, fields: [
            FieldChange("profile", before: nil, after: .string(membership.profileType.rawValue)),
            FieldChange("access", before: nil, after: .array(membership.policyNames.map(JSONValue.string))),
            FieldChange("admin", before: nil, after: .bool(membership.admin)),
        ], escalations: escalations, reason: "roles: \(membership.roles.joined(separator: ", "))", person: membership.email,
        summary: "Medplum membership (\(([membership.profileType.rawValue] + membership.policyNames).joined(separator: ", "))\(membership.admin ? ", admin" : ""))")
    }

    private func deactivation(_ current: LiveMembership, key: ResourceKey, reason: String) -> Change {
        Change(
            key, .deactivate, fields: [FieldChange("active", before: .bool(true), after: .bool(false))], reason: reason,
            person: key.key, target: ObjectVersion(id: current.id, version: current.version), summary: "Medplum membership"
        )
    }

    /// The change that makes `current` what `membership` wants, or nil when they agree.
    private func change(from current: LiveMembership, to membership: DesiredMembership, key: ResourceKey, into output: inout Output) -> Change? {
        let target = ObjectVersion(id: current.id, version: current.version)
        if !membership.active {
            return current.active ? deactivation(current, key: key, reason: membership.inactiveReason ?? "inactive") : nil
        }
        guard current.profileType == membership.profileType.rawValue else {
            output.conflicts.append(PlanConflict(key, "\(membership.email) is a \(current.profileType) in Medplum but their roles make them a \(membership.profileType.rawValue); a membership's profile cannot change in place, so deactivate it and invite the person again"))
            return nil
        }
        var fields: [FieldChange] = []
        var escalations: [String] = []
        let wantedIds = membership.policyNames.map(policyId(named:))
        if current.policyIds != wantedIds && Set(current.policyIds) != Set(wantedIds) {
            fields.append(FieldChange("access", before: policyNames(current.policyIds), after: policyNames(wantedIds)))
            let added = Set(wantedIds).subtracting(current.policyIds)
            escalations += policyNames(Array(added)).array?.compactMap(\.string).map { "policy '\($0)' added" } ?? []
        }
        if current.admin != membership.admin {
            fields.append(FieldChange("admin", before: .bool(current.admin), after: .bool(membership.admin)))
            if membership.admin { escalations.append("project admin granted") }
        }
        if !current.active {
            fields.insert(FieldChange("active", before: .bool(false), after: .bool(true)), at: 0)
            escalations.insert("access restored", at: 0)
            return Change(key, .reactivate, fields: fields, escalations: escalations, person: membership.email, target: target, summary: "Medplum membership")
        }
        guard !fields.isEmpty else { return nil }
        return Change(key, .update, fields: fields, escalations: escalations, person: membership.email, target: target, summary: "Medplum membership")
    }

    // MARK: Clients

    func planClients(into output: inout Output) {
        let managed = options.adopt.managed(
            live.clients, kind: .clientApplication, declares: { desired.client(named: $0) != nil }, marker: \.managedKey, key: \.name
        )
        for client in desired.clients {
            let key = ResourceKey(.medplum, .clientApplication, client.name)
            if let current = managed[client.name] {
                if current.managedKey == nil {
                    let change = clientUpdate(current, client, key: key) ?? Change(key, .update, target: ObjectVersion(id: current.id, version: current.version))
                    output.changes.append(AdoptionScope.adopting(change))
                } else if let change = clientUpdate(current, client, key: key) {
                    output.changes.append(change)
                }
            } else if let unmanaged = live.clients.first(where: { $0.managedKey == nil && $0.name == client.name }) {
                output.conflicts.append(PlanConflict(key, "ClientApplication '\(client.name)' already exists (ClientApplication/\(unmanaged.id)) but plumbline does not manage it; adopt it with plumbline import --adopt, or rename the manifest's client"))
            } else {
                output.changes.append(Change(key, .create, fields: clientFields(before: nil, after: client), escalations: ["new client credentials"] + client.allowedOrigins.map { "origin \($0) allowed" }))
            }
        }
        for (name, current) in managed.sorted(by: { $0.key < $1.key }) where desired.client(named: name) == nil {
            let key = ResourceKey(.medplum, .clientApplication, name)
            if options.prune {
                output.changes.append(Change(key, .delete, fields: [FieldChange("name", before: .string(name), after: nil)], reason: "not declared (--prune)", target: ObjectVersion(id: current.id, version: current.version)))
            } else {
                output.notes.append("ClientApplication '\(name)' is managed by plumbline but no longer declared; plan --prune would delete it")
            }
        }
    }

    private func clientUpdate(_ current: LiveClient, _ client: DesiredClient, key: ResourceKey) -> Change? {
        let fields = clientFields(before: current, after: client)
        guard !fields.isEmpty else { return nil }
        var escalations = Set(client.allowedOrigins).subtracting(current.allowedOrigins).sorted().map { "origin \($0) allowed" }
        if let policy = client.policyName, !(current.membership?.policyIds.contains(policyId(named: policy)) ?? false) {
            escalations.append("policy '\(policy)' added")
        }
        return Change(key, .update, fields: fields, escalations: escalations, target: ObjectVersion(id: current.id, version: current.version))
    }

    private func clientFields(before current: LiveClient?, after client: DesiredClient) -> [FieldChange] {
        var fields: [FieldChange] = []
        func compare(_ path: String, _ before: JSONValue?, _ after: JSONValue?) {
            if before != after { fields.append(FieldChange(path, before: before, after: after)) }
        }
        let strings = { (values: [String]) -> JSONValue? in values.isEmpty ? nil : .array(values.map(JSONValue.string)) }
        if current == nil { compare("name", nil, .string(client.name)) }
        compare("description", current?.description.map(JSONValue.string), client.description.map(JSONValue.string))
        compare("allowedOrigin", current.flatMap { strings($0.allowedOrigins) }, strings(client.allowedOrigins))
        compare("redirectUris", current.flatMap { strings($0.redirectUris) }, strings(client.redirectUris))
        let livePolicies = current?.membership?.policyIds ?? []
        let wanted = client.policyName.map { [policyId(named: $0)] } ?? []
        if Set(livePolicies) != Set(wanted) {
            fields.append(FieldChange("accessPolicy", before: livePolicies.isEmpty ? nil : policyNames(livePolicies), after: wanted.isEmpty ? nil : policyNames(wanted)))
        }
        return fields
    }
}
