import Foundation

extension DriftDetector {
    func medplumFindings() -> [DriftFinding] {
        guard let side = medplum else { return [] }
        let live = side.live
        let output = MedplumPlanner(desired: side.desired, withoutAccess: side.withoutAccess, live: live, options: .init(adopt: .all)).plan()
        let deletedById = Dictionary(side.deleted.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [DriftFinding] = []
        var adopted: Set<String> = []
        for change in output.changes {
            if Self.isAdoption(change) {
                adopted.insert(change.target?.id ?? "")
                var finding = DriftFinding(change.resource, .unmanaged, fields: DriftFinding.drifted(Array(change.fields.dropFirst())), detail: Self.adoptableDetail, liveId: change.target?.id)
                lastChange(of: change, in: live).map { finding.attribute($0) }
                findings.append(finding)
            } else if let target = change.target {
                guard !Self.explainedByDeletedPolicies(change, deletedById) else { continue }
                var finding = DriftFinding(change.resource, .changed, fields: DriftFinding.drifted(change.fields), detail: change.reason, liveId: target.id)
                lastChange(of: change, in: live).map { finding.attribute($0) }
                findings.append(finding)
            } else if let finding = missing(change, side) {
                findings.append(finding)
            }
        }
        findings += output.conflicts.compactMap { conflict(for: $0, side) }
        findings += undeclared(side, adopted: adopted)
        return findings
    }

    /// Who last wrote the live object a change is about (for a client whose only difference is
    /// its membership's policy, the membership's author).
    func lastChange(of change: Change, in live: MedplumLiveState) -> LastChange? {
        guard let id = change.target?.id else { return nil }
        switch change.resource.kind {
        case .accessPolicy:
            return live.policies.first { $0.id == id }?.lastChange
        case .projectMembership:
            return live.memberships.first { $0.id == id }?.lastChange
        case .clientApplication:
            guard let client = live.clients.first(where: { $0.id == id }) else { return nil }
            let onlyMembership = !change.fields.isEmpty && change.fields.allSatisfy { $0.path == "accessPolicy" }
            return onlyMembership ? client.membership?.lastChange ?? client.lastChange : client.lastChange
        default:
            return nil
        }
    }

    /// A membership or client whose only difference is a policy deleted from the server: the
    /// policy's `missing` finding says it all.
    static func explainedByDeletedPolicies(_ change: Change, _ deleted: [String: DeletedObject]) -> Bool {
        guard !deleted.isEmpty, !change.fields.isEmpty,
              change.fields.allSatisfy({ $0.path == "access" || $0.path == "accessPolicy" })
        else { return false }
        return change.fields.allSatisfy { field in
            let before = (field.before?.array ?? []).compactMap(\.string).map { name -> String in
                guard name.hasPrefix("AccessPolicy/"), let object = deleted[String(name.dropFirst("AccessPolicy/".count))] else { return name }
                return object.key
            }
            return Set(before) == Set((field.after?.array ?? []).compactMap(\.string))
        }
    }

    private func missing(_ change: Change, _ side: MedplumSide) -> DriftFinding? {
        let fields = DriftFinding.drifted(change.fields)
        if change.resource.kind == .accessPolicy, let deleted = side.deleted.first(where: { $0.kind == .accessPolicy && $0.key == change.resource.key }) {
            let users = (side.live.memberships + side.live.clients.compactMap(\.membership)).filter { $0.policyIds.contains(deleted.id) }.count
            return DriftFinding(
                change.resource, .missing, fields: fields, changedAt: deleted.deletedAt,
                detail: "deleted from Medplum: the history of AccessPolicy/\(deleted.id) shows plumbline's marker, and \(users) membership(s) still refer to it; apply creates it again",
                liveId: deleted.id
            )
        }
        guard environmentIsManaged else { return nil }
        return DriftFinding(change.resource, .missing, fields: fields, detail: Self.absentDetail)
    }

    /// A conflict left when every unmanaged object is adoptable: a membership whose profile type
    /// cannot change in place.
    private func conflict(for conflict: PlanConflict, _ side: MedplumSide) -> DriftFinding? {
        guard conflict.resource.kind == .projectMembership else { return nil }
        let email = conflict.resource.key
        let live = side.live.memberships.first { $0.managedKey?.lowercased() == email } ?? side.live.memberships.first { $0.email == email }
        guard let live else { return nil }
        let declared = side.desired.membership(for: email)?.profileType.rawValue
        var finding = DriftFinding(
            conflict.resource, live.managedKey == nil ? .unmanaged : .changed,
            fields: [FieldChange("profile", before: declared.map(JSONValue.string), after: .string(live.profileType))],
            detail: conflict.message, liveId: live.id
        )
        finding.attribute(live.lastChange)
        return finding
    }

    /// Live objects no manifest declares: unmanaged ones (made in a console) and managed ones whose
    /// manifest was removed. The project owner's membership and plumbline's own client are left
    /// out: every project has them and plumbline never manages them.
    private func undeclared(_ side: MedplumSide, adopted: Set<String>) -> [DriftFinding] {
        let live = side.live
        var findings: [DriftFinding] = []
        func add(_ kind: ResourceKind, _ key: String, id: String, managed: Bool, fields: [FieldChange], change: LastChange) {
            var finding = DriftFinding(
                ResourceKey(.medplum, kind, key), .unmanaged, fields: fields,
                detail: managed ? Self.undeclaredManagedDetail : Self.outsideDetail, liveId: id
            )
            finding.attribute(change)
            findings.append(finding)
        }
        let policyNames = live.policyNamesById
        let declaredPolicies = Set(side.desired.policies.map(\.name))
        for policy in live.policies where !adopted.contains(policy.id) {
            let fields = [FieldChange("name", before: nil, after: policy.name.map(JSONValue.string))]
                + policy.grants.map { FieldChange("resource[\($0.label)]", before: nil, after: $0.medplumJSON) }
            if let key = policy.managedKey {
                if !declaredPolicies.contains(key) { add(.accessPolicy, key, id: policy.id, managed: true, fields: fields, change: policy.lastChange) }
            } else {
                add(.accessPolicy, policy.name ?? "AccessPolicy/\(policy.id)", id: policy.id, managed: false, fields: fields, change: policy.lastChange)
            }
        }
        let declaredPeople = Set(side.desired.memberships.map(\.email)).union(side.withoutAccess)
        for membership in live.memberships where membership.active && membership.userReference != live.ownerUserReference && !adopted.contains(membership.id) {
            let fields = [
                FieldChange("profile", before: nil, after: .string(membership.profileType)),
                FieldChange("access", before: nil, after: .array(membership.policyIds.map { .string(policyNames[$0] ?? "AccessPolicy/\($0)") })),
                FieldChange("admin", before: nil, after: .bool(membership.admin)),
            ]
            if let key = membership.managedKey?.lowercasedIfNeeded {
                if !declaredPeople.contains(key) { add(.projectMembership, key, id: membership.id, managed: true, fields: fields, change: membership.lastChange) }
            } else {
                add(.projectMembership, membership.email ?? "ProjectMembership/\(membership.id)", id: membership.id, managed: false, fields: fields, change: membership.lastChange)
            }
        }
        let declaredClients = Set(side.desired.clients.map(\.name))
        let ownClient = live.clients.first { $0.membership?.id != nil && $0.membership?.id == live.selfMembershipId }?.id
        for client in live.clients where client.id != ownClient && !adopted.contains(client.id) {
            let fields = [
                FieldChange("name", before: nil, after: client.name.map(JSONValue.string)),
                FieldChange("allowedOrigin", before: nil, after: .array(client.allowedOrigins.map(JSONValue.string))),
            ]
            if let key = client.managedKey {
                if !declaredClients.contains(key) { add(.clientApplication, key, id: client.id, managed: true, fields: fields, change: client.lastChange) }
            } else {
                add(.clientApplication, client.name ?? "ClientApplication/\(client.id)", id: client.id, managed: false, fields: fields, change: client.lastChange)
            }
        }
        return findings
    }
}
