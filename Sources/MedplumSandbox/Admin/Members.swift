/// `/admin/projects/:projectId/members/:membershipId` (contract 3.5).
extension StoreState {
    /// Read with the caller's rights; a membership of another project the caller can see is 403.
    func readMember(_ id: String, project: JSON, context: AdminContext) throws(Outcome) -> Reply {
        let caller = context.auth.caller
        let membership = try readable("ProjectMembership", id, caller: caller)
        try requireSameProject(membership, project: project)
        return .json(view(membership, caller: caller) ?? .null)
    }

    /// Replaces a membership as a FHIR update with the caller's rights (read-only `project` and
    /// `user` are silently kept); the body must be a ProjectMembership with the path's id (else 403).
    mutating func updateMember(_ id: String, _ body: JSON, project: JSON, context: AdminContext) throws(Outcome)
        -> Reply
    {
        guard body["resourceType"]?.stringValue == "ProjectMembership", body["id"]?.stringValue == id else {
            throw Outcome.forbidden
        }
        let caller = context.auth.caller
        let existing = try readable("ProjectMembership", id, caller: caller)
        try requireSameProject(existing, project: project)
        let (saved, _) = try update("ProjectMembership", id, body, caller: caller, now: context.now)
        return .json(view(saved, caller: caller) ?? .null)
    }

    /// Deletes a membership, except the project owner's (400).
    mutating func deleteMember(_ id: String, project: JSON, context: AdminContext) throws(Outcome) -> Reply {
        let caller = context.auth.caller
        let membership = try readable("ProjectMembership", id, caller: caller)
        try requireSameProject(membership, project: project)
        if let owner = project["owner"]?.referenceString,
            membership.current.resource?["user"]?.referenceString == owner
        {
            throw Outcome.badRequest("Cannot delete the owner of the project")
        }
        try delete("ProjectMembership", id, caller: caller, now: context.now)
        return .outcome(.allOK, tracing: context.tracing)
    }

    private func requireSameProject(_ membership: StoredResource, project: JSON) throws(Outcome) {
        guard membership.projectID == project["id"]?.stringValue else { throw Outcome.forbidden }
    }
}
