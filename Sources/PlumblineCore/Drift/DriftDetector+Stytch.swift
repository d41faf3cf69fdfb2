import Foundation

extension DriftDetector {
    func stytchFindings() -> [DriftFinding] {
        guard let side = stytch else { return [] }
        let live = side.live
        let output = StytchPlanner(desired: side.desired, live: live, options: .init(adopt: .all)).plan()
        let liveSlugs = Set(live.organizations.map(\.slug))
        var findings: [DriftFinding] = []
        var adopted: Set<String> = []
        for change in output.changes {
            if Self.isAdoption(change) {
                adopted.insert(change.resource.key)
                var finding = DriftFinding(change.resource, .unmanaged, fields: DriftFinding.drifted(Array(change.fields.dropFirst())), detail: Self.adoptableDetail, liveId: change.target?.id)
                finding.changedAt = updatedAt(of: change, in: live)
                findings.append(finding)
            } else if let target = change.target {
                let member = change.resource.kind == .member ? live.members.first { $0.id == target.id } : nil
                if let member, member.isDeleted, member.managed {
                    findings.append(DriftFinding(
                        change.resource, .missing, fields: DriftFinding.drifted(change.fields), changedAt: member.updatedAt,
                        detail: "deleted in Stytch; the deleted member still carries plumbline's marker; apply reactivates it",
                        liveId: member.id
                    ))
                } else {
                    var finding = DriftFinding(change.resource, .changed, fields: DriftFinding.drifted(change.fields), detail: change.reason, liveId: target.id)
                    finding.changedAt = updatedAt(of: change, in: live)
                    findings.append(finding)
                }
            } else {
                // The members of a missing organization went with it: its own finding covers them.
                if change.resource.kind == .member, let slug = change.resource.key.split(separator: "/").first, !liveSlugs.contains(String(slug)) { continue }
                guard environmentIsManaged else { continue }
                findings.append(DriftFinding(change.resource, .missing, fields: DriftFinding.drifted(change.fields), detail: Self.absentDetail))
            }
        }
        findings += undeclared(side, adopted: adopted)
        return findings
    }

    private func updatedAt(of change: Change, in live: StytchLiveState) -> Date? {
        guard let id = change.target?.id else { return nil }
        switch change.resource.kind {
        case .organization: return live.organizations.first { $0.id == id }?.updatedAt
        case .member: return live.members.first { $0.id == id }?.updatedAt
        default: return nil
        }
    }

    /// Organizations and members no manifest declares. The scope is the organizations plumbline
    /// manages: a member added to one of them through the console is drift; another tenant of the
    /// same Stytch project is not plumbline's business.
    private func undeclared(_ side: StytchSide, adopted: Set<String>) -> [DriftFinding] {
        let live = side.live
        let declaredSlugs = Set(side.desired.organizations.map(\.slug))
        let declaredMembers = Set(side.desired.members.map(\.key))
        var findings: [DriftFinding] = []
        for organization in live.organizations where organization.managed && !declaredSlugs.contains(organization.slug) {
            findings.append(DriftFinding(
                ResourceKey(.stytch, .organization, organization.slug), .unmanaged,
                fields: [FieldChange("organization_name", before: nil, after: .string(organization.name))],
                changedAt: organization.updatedAt, detail: Self.undeclaredManagedDetail, liveId: organization.id
            ))
        }
        let managedOrganizations = Set(live.organizations.filter(\.managed).map(\.id))
        for member in live.members where !member.isDeleted && managedOrganizations.contains(member.organizationId) {
            guard !declaredMembers.contains(member.key), !adopted.contains(member.key) else { continue }
            let detail: String
            if member.managed {
                // A declared person who left the organization gets a planned removal instead.
                guard !side.desired.declaredPeople.contains(member.email) else { continue }
                detail = Self.undeclaredManagedDetail
            } else {
                detail = "added to organization '\(member.slug)' outside plumbline (e.g. in the Stytch dashboard) and declared by no manifest; declare the person, or remove the member"
            }
            findings.append(DriftFinding(
                ResourceKey(.stytch, .member, member.key), .unmanaged,
                fields: [
                    FieldChange("name", before: nil, after: .string(member.name)),
                    FieldChange("roles", before: nil, after: .array(member.explicitRoles.map(JSONValue.string))),
                    FieldChange("status", before: nil, after: .string(member.status)),
                ],
                changedAt: member.updatedAt, detail: detail, liveId: member.id
            ))
        }
        return findings
    }
}
