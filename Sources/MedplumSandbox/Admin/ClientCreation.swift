/// `POST .../client` and `POST .../bot` (contract 3.4, 3.6).
extension StoreState {
    /// A ClientApplication with a 64-hex secret and a non-admin membership whose `user` and
    /// `profile` are the client. Unknown keys (`secret`, `status`, `pkceOptional`, ...) are ignored.
    mutating func createClient(_ body: JSON, project: JSON, context: AdminContext) throws(Outcome) -> Reply {
        var fields: JSONObject = ["secret": .string(MedplumID.secret())]
        for field in ["description", "redirectUri", "redirectUris", "identityProvider", "accessTokenLifetime", "refreshTokenLifetime"] {
            fields[field] = body[field]
        }
        return try createMachineIdentity(
            "ClientApplication", body, fields: fields, missingName: "Client name is required", project: project,
            context: context)
    }

    /// A Bot and its membership (the Bot's code Binary is not emulated).
    mutating func createBot(_ body: JSON, project: JSON, context: AdminContext) throws(Outcome) -> Reply {
        let fields: JSONObject = ["description": body["description"] ?? .null, "runtimeVersion": body["runtimeVersion"] ?? "awslambda"]
        return try createMachineIdentity(
            "Bot", body, fields: fields, missingName: "Bot name is required", project: project, context: context)
    }

    /// The shared shape of `/client` and `/bot`: `name` required, the resource written with system
    /// rights (author = the caller), its membership, 201 with every `meta` field.
    private mutating func createMachineIdentity(
        _ resourceType: String, _ body: JSON, fields: JSONObject, missingName: String, project: JSON,
        context: AdminContext
    ) throws(Outcome) -> Reply {
        var validation = RequestValidation(body)
        validation.notEmpty("name", missingName)
        if let outcome = validation.outcome { throw outcome }
        let projectID = project["id"]?.stringValue ?? ""
        var identity: JSONObject = ["resourceType": .string(resourceType)]
        identity["meta"] = ["project": .string(projectID), "author": context.auth.caller.author]
        identity["name"] = body["name"]
        for member in fields.members { identity[member.key] = member.value }
        let system = Caller.system(projectID: projectID)
        let created = try create(resourceType, ResourceRules.strippingEmpty(.object(identity)), caller: system, now: context.now)
        try createProfileMembership(
            created, accessPolicy: body["accessPolicy"], project: project, caller: system, now: context.now)
        return Reply(
            status: 201, headers: [Reply.Header(name: "Content-Type", value: Reply.jsonType)],
            body: extendedBytes(created))
    }

    /// A membership whose `user` and `profile` are the same machine identity (no `admin`).
    private mutating func createProfileMembership(
        _ identity: StoredResource, accessPolicy: JSON?, project: JSON, caller: Caller, now: Int64
    ) throws(Outcome) {
        let display = displayName(identity.current.resource)
        var membership: JSONObject = [
            "resourceType": "ProjectMembership",
            "project": .reference("Project/\(project["id"]?.stringValue ?? "")", display: project["name"]?.stringValue),
            "user": .reference(identity.reference, display: display),
            "profile": .reference(identity.reference, display: display),
        ]
        membership["accessPolicy"] = accessPolicy
        _ = try create("ProjectMembership", .object(membership), caller: caller, now: now)
    }
}
