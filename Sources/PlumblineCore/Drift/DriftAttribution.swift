import Foundation

extension DriftDetector {
    /// Refines who made a Medplum difference and when from the object's `_history` (newest first):
    /// the author of the current version only wrote it last, which need not be the write that
    /// introduced the difference. Walking back while the planner finds the same difference, the
    /// oldest such version is the one that introduced it; the walk stops at a version that
    /// differed otherwise (or agreed with the manifests), at a deletion, or at the first version.
    public func attribute(_ finding: DriftFinding, history: [MedplumVersion]) -> DriftFinding {
        guard let side = medplum, let current = history.first, let wanted = fields(of: current, finding.resource, side) else { return finding }
        var introducing = current
        for version in history.dropFirst() {
            guard let fields = fields(of: version, finding.resource, side), fields == wanted else { break }
            introducing = version
        }
        var refined = finding
        refined.attribute(introducing.change)
        if let own = ownReference(side.live), introducing.change.authorReference == own {
            let note = "last written by plumbline itself: the manifests changed since the last apply, not the server"
            refined.detail = refined.detail.map { "\($0); \(note)" } ?? note
        }
        return refined
    }

    /// `ClientApplication/<id>` of the client plumbline signs in as.
    func ownReference(_ live: MedplumLiveState) -> String? {
        live.clients.first { $0.membership?.id != nil && $0.membership?.id == live.selfMembershipId }.map { "ClientApplication/\($0.id)" }
    }

    /// The difference the planner finds between one version and the manifests, planning that one
    /// object alone (so walking a long history stays cheap at any project size); nil for a deletion.
    func fields(of version: MedplumVersion, _ key: ResourceKey, _ side: MedplumSide) -> [FieldChange]? {
        let live = side.live
        var desired = MedplumDesiredState(policies: [], memberships: [], clients: [])
        var state = MedplumLiveState(projectId: live.projectId, ownerUserReference: nil, selfMembershipId: nil, policies: live.policies, memberships: [], clients: [])
        var withoutAccess: [String] = []
        switch version.content {
        case .deleted:
            return nil
        case .policy(let policy):
            state.policies = live.policies.filter { $0.id != policy.id } + [policy]
            desired.policies = side.desired.policies.filter { $0.name == key.key }
        case .membership(let membership):
            state.memberships = [membership]
            desired.memberships = side.desired.memberships.filter { $0.email == key.key }
            withoutAccess = side.withoutAccess.filter { $0 == key.key }
        case .client(var client):
            client.membership = live.clients.first { $0.id == client.id }?.membership
            state.clients = [client]
            desired.clients = side.desired.clients.filter { $0.name == key.key }
        }
        let output = MedplumPlanner(desired: desired, withoutAccess: withoutAccess, live: state, options: .init(adopt: .all)).plan()
        return output.changes.first { $0.resource == key }?.fields ?? []
    }
}
