extension ManifestImporter {
    /// Every named AccessPolicy, by the name its marker gives it (or its own name).
    func policyDocuments(_ state: inout ImportState) -> [[String]] {
        guard let live = medplum else { return [] }
        var documents: [(String, [String])] = []
        var taken: Set<String> = []
        for policy in live.policies {
            guard let name = policy.managedKey ?? policy.name else {
                state.notes.append("AccessPolicy/\(policy.id) has no name, so no manifest can refer to it; it was left out")
                continue
            }
            guard taken.insert(name).inserted else {
                state.notes.append("AccessPolicy/\(policy.id) is named '\(name)' like another policy; it was left out")
                continue
            }
            state.policyNames[policy.id] = name
            if policy.managedKey == nil { state.unmanaged.append(ResourceKey(.medplum, .accessPolicy, name)) }
            var lines = YAMLText.comment("from Medplum AccessPolicy/\(policy.id)\(policy.managedKey == nil ? " (not managed by plumbline yet)" : "")")
            if let live = policy.name, live != name {
                lines += YAMLText.comment("its marker names it '\(name)' but the server calls it '\(live)'; plan renames it")
            }
            lines += ["kind: AccessPolicy", "name: \(YAMLText.scalar(name))"]
            lines.append(policy.grants.isEmpty ? "resources: []" : "resources:")
            for grant in policy.grants {
                lines.append("  - resourceType: \(YAMLText.scalar(grant.resourceType))")
                if let interactions = grant.interactions { lines.append("    interactions: \(YAMLText.list(interactions.map(\.rawValue)))") }
                if let readonly = grant.readonly { lines.append("    readonly: \(readonly)") }
                if let criteria = grant.criteria { lines.append("    criteria: \(YAMLText.scalar(criteria))") }
                if !grant.hiddenFields.isEmpty { lines.append("    hiddenFields: \(YAMLText.list(grant.hiddenFields))") }
                if !grant.readonlyFields.isEmpty { lines.append("    readonlyFields: \(YAMLText.list(grant.readonlyFields))") }
            }
            documents.append((name, lines))
        }
        return documents.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Every ClientApplication but the one plumbline signs in as.
    func clientDocuments(_ state: inout ImportState) -> [[String]] {
        guard let live = medplum else { return [] }
        var documents: [(String, [String])] = []
        var taken: Set<String> = []
        for client in live.clients {
            if let own = live.selfMembershipId, client.membership?.id == own { continue }
            guard let name = client.managedKey ?? client.name, taken.insert(name).inserted else {
                state.notes.append("ClientApplication/\(client.id) has no name or shares one with another client; it was left out")
                continue
            }
            if client.managedKey == nil { state.unmanaged.append(ResourceKey(.medplum, .clientApplication, name)) }
            var lines = YAMLText.comment("from Medplum ClientApplication/\(client.id)\(client.managedKey == nil ? " (not managed by plumbline yet)" : "")")
            lines += ["kind: Client", "name: \(YAMLText.scalar(name))"]
            if let description = client.description { lines.append("description: \(YAMLText.scalar(description))") }
            let origins = client.allowedOrigins.filter { origin in
                if case .success = WebOrigin.parse(origin) { return true }
                state.notes.append("ClientApplication '\(name)' allows '\(origin)', which is not an origin a browser sends; it was left out, so plan removes it")
                return false
            }
            if !origins.isEmpty { lines.append("allowedOrigins: \(YAMLText.list(origins))") }
            if !client.redirectUris.isEmpty { lines.append("redirectUris: \(YAMLText.list(client.redirectUris))") }
            let policies = (client.membership?.policyIds ?? []).compactMap { state.policyNames[$0] }
            if let policy = policies.first {
                if policies.count > 1 { state.notes.append("ClientApplication '\(name)' holds \(policies.count) policies; a Client declares one, so only '\(policy)' was imported") }
                lines.append("accessPolicy: \(YAMLText.scalar(policy))")
            }
            documents.append((name, lines))
        }
        return documents.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
