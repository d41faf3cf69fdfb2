/// Create, update, patch and delete with Medplum's repository semantics (contract 4.1, 4.2, 4.5).
extension StoreState {
    /// `POST /{type}`: a new resource with a server-assigned UUID (a supplied id is ignored unless
    /// the server itself assigns one, as seeding does).
    mutating func create(
        _ resourceType: String, _ body: JSON, caller: Caller, now: Int64, assignedID: String? = nil
    ) throws(Outcome) -> StoredResource {
        guard body["resourceType"]?.stringValue == resourceType else {
            throw Outcome.badRequest("Incorrect resource type")
        }
        try authorize(resourceType, .create, caller: caller)
        let id = assignedID ?? MedplumID.generate()
        let projectID = Self.owningProject(resourceType, id: id, body: body, caller: caller)
        return try save(resourceType, id: id, body: body, previous: nil, projectID: projectID, caller: caller, now: now)
    }

    /// `PUT /{type}/{id}`. Returns the stored resource and whether it was created (a super admin
    /// or the server writing an id that never existed).
    mutating func update(
        _ resourceType: String, _ id: String, _ body: JSON, caller: Caller, now: Int64, ifMatch: String? = nil
    ) throws(Outcome) -> (resource: StoredResource, created: Bool) {
        guard body["resourceType"]?.stringValue == resourceType else {
            throw Outcome.badRequest("Incorrect resource type")
        }
        guard body["id"]?.stringValue == id else { throw Outcome.badRequest("Incorrect resource ID") }
        try authorize(resourceType, .update, caller: caller)
        guard let existing = stored(resourceType, id), caller.canSee(projectID: existing.projectID) else {
            guard caller.isAdministrative, stored(resourceType, id) == nil else { throw Outcome.notFound }
            let projectID = Self.owningProject(resourceType, id: id, body: body, caller: caller)
            let created = try save(
                resourceType, id: id, body: body, previous: nil, projectID: projectID, caller: caller, now: now)
            return (created, true)
        }
        if let ifMatch, let expected = Self.quotedETag(ifMatch), expected != existing.current.versionID {
            throw Outcome.preconditionFailed
        }
        if !existing.isDeleted {
            _ = try governingEntry(resourceType, .update, values: existing.values, caller: caller)
        }
        let saved = try save(
            resourceType, id: id, body: body, previous: existing, projectID: existing.projectID,
            caller: caller, now: now)
        return (saved, false)
    }

    /// `PATCH /{type}/{id}` with a JSON Patch array, applied to what the caller can see and then
    /// saved as an update (`If-Match` is not consulted).
    mutating func patch(
        _ resourceType: String, _ id: String, _ operations: JSON, caller: Caller, now: Int64
    ) throws(Outcome) -> StoredResource {
        guard case .array = operations else { throw Outcome.badRequest("Patch body must be an array") }
        let existing = try readable(resourceType, id, caller: caller)
        try authorize(resourceType, .update, caller: caller)
        let current = view(existing, caller: caller) ?? .null
        let patched = try JSONPatch.apply(operations, to: current)
        return try update(resourceType, id, patched, caller: caller, now: now).resource
    }

    /// `DELETE /{type}/{id}`: idempotent; 404 only for ids that never existed.
    mutating func delete(_ resourceType: String, _ id: String, caller: Caller, now: Int64) throws(Outcome) {
        try authorize(resourceType, .delete, caller: caller)
        guard let existing = stored(resourceType, id), caller.canSee(projectID: existing.projectID) else {
            throw Outcome.notFound
        }
        guard !existing.isDeleted else { return }
        _ = try governingEntry(resourceType, .delete, values: existing.values, caller: caller)
        commit(
            resourceType: resourceType, id: id, versionID: MedplumID.generate(), lastUpdated: stamp(now: now),
            resource: nil)
    }

    /// The project a new resource belongs to: its own id for a Project, a project a super admin or
    /// the server names in `meta.project`, else the caller's. Users the server creates without a
    /// `project` are server-scoped and belong to no project.
    private static func owningProject(_ resourceType: String, id: String, body: JSON, caller: Caller) -> String? {
        if resourceType == "Project" { return id }
        if caller.isAdministrative, let named = body["meta"]?["project"]?.stringValue { return named }
        if caller.kind == .system, resourceType == "User" {
            return body["project"]?.referenceString.flatMap { StoreState.split($0)?.1 }
        }
        return caller.projectID
    }

    /// The common write path: meta, access rules, field protection, empty stripping, validation,
    /// the no-op check and uniqueness, then the commit.
    private mutating func save(
        _ resourceType: String, id: String, body: JSON, previous: StoredResource?, projectID: String?,
        caller: Caller, now: Int64
    ) throws(Outcome) -> StoredResource {
        let before = previous?.current.resource
        var resource = Self.withServerMeta(
            body, resourceType: resourceType, id: id, projectID: projectID, caller: caller, previous: before)
        let interaction: Interaction = previous == nil ? .create : .update
        // Unrestricted callers need no policy entry, so the search values are not computed for them.
        let entry =
            caller.isAdministrative
            ? nil
            : try governingEntry(
                resourceType, interaction, values: Self.searchValues(resource, resourceType: resourceType), caller: caller)
        for field in (entry?.readonlyFields ?? []) + (entry?.hiddenFields ?? []) {
            resource = FieldPaths.restoring(field, in: resource, from: before)
        }
        resource = ResourceRules.strippingEmpty(resource)
        try ResourceRules.validate(resource)
        if let previous, let before, ResourceRules.isUnchanged(before, resource) {
            return previous
        }
        try checkUniqueness(resource, resourceType: resourceType, id: id, projectID: projectID)
        let lastUpdated = stamp(now: now)
        let versionID = MedplumID.generate()
        resource["meta"]?["versionId"] = .string(versionID)
        resource["meta"]?["lastUpdated"] = .string(Instant.iso(lastUpdated))
        return commit(
            resourceType: resourceType, id: id, versionID: versionID, lastUpdated: lastUpdated, resource: resource)
    }

    /// The resource laid out as `resourceType, id, meta, ...` with the server-owned meta fields:
    /// `versionId`/`lastUpdated` placeholders (filled at commit), `author`, `project`, `account`
    /// and `compartment`. Client `tag`, `security`, `profile` and `source` are kept.
    static func withServerMeta(
        _ body: JSON, resourceType: String, id: String, projectID: String?, caller: Caller, previous: JSON?
    ) -> JSON {
        let input = body["meta"]?.objectValue ?? JSONObject()
        var meta = JSONObject()
        // Placeholders that survive empty-stripping and keep these two first; set at commit.
        meta["versionId"] = "pending"
        meta["lastUpdated"] = "pending"
        for member in input.members
        where !["versionId", "lastUpdated", "author", "project", "compartment", "account"].contains(member.key) {
            meta[member.key] = member.value
        }
        if caller.isAdministrative, let author = input["author"] {
            meta["author"] = author
        } else {
            meta["author"] = caller.author
        }
        meta["project"] = projectID.map(JSON.string)
        let mayChooseAccount = caller.isAdministrative || (caller.kind == .projectAdmin && caller.extendedMode)
        if let account = mayChooseAccount ? input["account"] : previous?["meta"]?["account"] {
            meta["account"] = account
        }
        let compartmentList = compartments(body, resourceType: resourceType, id: id, projectID: projectID)
        meta["compartment"] = compartmentList.isEmpty ? nil : .array(compartmentList)

        var object = JSONObject()
        object["resourceType"] = .string(resourceType)
        object["id"] = .string(id)
        object["meta"] = .object(meta)
        for member in body.objectValue?.members ?? [] where !["resourceType", "id", "meta"].contains(member.key) {
            object[member.key] = member.value
        }
        return .object(object)
    }

    /// `Project/<id>` plus the patient compartment (the Patient itself, or the patient a resource
    /// points at through `patient` or `subject`).
    private static func compartments(_ body: JSON, resourceType: String, id: String, projectID: String?) -> [JSON] {
        var result: [JSON] = projectID.map { [.reference("Project/\($0)")] } ?? []
        if resourceType == "Patient" {
            result.append(.reference("Patient/\(id)"))
        } else {
            for key in ["patient", "subject"] {
                if let reference = body[key]?.referenceString, reference.hasPrefix("Patient/") {
                    result.append(.reference(reference))
                    break
                }
            }
        }
        return result
    }

    /// The value between the first pair of double quotes of an `If-Match` header (`W/"v"` and
    /// `"v"` both give `v`); nil when unquoted, which Medplum ignores.
    static func quotedETag(_ header: String) -> String? {
        guard let open = header.firstIndex(of: "\"") else { return nil }
        let rest = header[header.index(after: open)...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }

    /// The database's unique indexes (contract 4.8): ProjectMembership (project, externalId) and
    /// (project, userName), User (project, email) and (project, externalId).
    private func checkUniqueness(_ resource: JSON, resourceType: String, id: String, projectID: String?) throws(Outcome) {
        guard let projectID else { return }
        let constraints: [(field: String, code: String)]
        switch resourceType {
        case "ProjectMembership": constraints = [("externalId", "external-id"), ("userName", "user-name")]
        case "User": constraints = [("email", "email"), ("externalId", "external-id")]
        default: return
        }
        let table = table(resourceType)
        for constraint in constraints {
            guard let value = resource[constraint.field]?.stringValue else { continue }
            let key = IndexKeys.keys(code: constraint.code, value: .string(value)).first ?? ""
            let clash = table.ids(forKey: key).contains { other in
                other != id && table[other]?.projectID == projectID && table[other]?.isDeleted == false
            }
            if clash {
                throw Outcome.conflict(
                    "Key (\"project\", \"\(constraint.field)\")=(\(projectID), \(value)) already exists.", code: "23505")
            }
        }
    }
}
