/// What every admin handler gets.
struct AdminContext: Sendable {
    let auth: AuthState
    let tracing: Tracing
    let now: Int64
    let baseURL: String
    /// Medplum's `appBaseUrl` (for invite links).
    let appBaseURL: String
}

/// `/admin/projects/...` (contract 3). The router-wide guard (401 unauthenticated, 403 for
/// anyone but project and super admins) runs before `admin` is called.
extension StoreState {
    /// Answers an admin route, or nil when no route matches (Express then answers 404 HTML).
    mutating func admin(method: String, segments: [String], body: JSON, context: AdminContext) -> Reply? {
        guard segments.first == "projects", segments.count >= 2 else { return nil }
        let rest = Array(segments.dropFirst())
        do throws(Outcome) {
            switch (method, rest.count, rest.count > 1 ? rest[1] : "") {
            case ("POST", 1, _) where rest[0] == "setpassword":
                return try setPassword(body, context: context)
            case ("GET", 1, _), ("HEAD", 1, _):
                let project = try adminProject(rest[0], context: context)
                return .json(["project": Self.projectSummary(project)])
            case ("POST", 2, "invite"):
                return try invite(body, project: try adminProject(rest[0], context: context), context: context)
            case ("POST", 2, "client"):
                return try createClient(body, project: try adminProject(rest[0], context: context), context: context)
            case ("POST", 2, "bot"):
                return try createBot(body, project: try adminProject(rest[0], context: context), context: context)
            case ("POST", 2, "secrets"), ("POST", 2, "sites"):
                let project = try adminProject(rest[0], context: context)
                return try replaceProjectList(rest[1] == "secrets" ? "secret" : "site", body, project: project, context: context)
            case ("GET", 3, "members"), ("HEAD", 3, "members"):
                return try readMember(rest[2], project: try adminProject(rest[0], context: context), context: context)
            case ("POST", 3, "members"):
                return try updateMember(rest[2], body, project: try adminProject(rest[0], context: context), context: context)
            case ("DELETE", 3, "members"):
                return try deleteMember(rest[2], project: try adminProject(rest[0], context: context), context: context)
            default:
                return nil
            }
        } catch {
            return .outcome(error, tracing: context.tracing)
        }
    }

    /// The project an admin route acts on: the caller's own (the path id is not even compared),
    /// except for super admins, whose path id is honoured.
    func adminProject(_ pathID: String, context: AdminContext) throws(Outcome) -> JSON {
        guard context.auth.caller.kind == .superAdmin else { return context.auth.project }
        guard let project = resource("Project", pathID) else { throw Outcome.notFound }
        return project
    }

    /// `{project: {id, name, secret, site}}` (absent members omitted, as `res.json` drops undefined).
    static func projectSummary(_ project: JSON) -> JSON {
        var summary = JSONObject()
        summary["id"] = project["id"]
        summary["name"] = project["name"]
        summary["secret"] = project["secret"]
        summary["site"] = project["site"]
        return .object(summary)
    }

    /// `POST .../secrets` and `.../sites`: the JSON array replaces `Project.secret` or `site`; the
    /// answer is the updated Project as the caller sees it.
    private mutating func replaceProjectList(_ field: String, _ body: JSON, project: JSON, context: AdminContext)
        throws(Outcome) -> Reply
    {
        guard case .array = body else { throw Outcome.badRequest("Expected array of \(field == "secret" ? "secrets" : "sites")") }
        guard let id = project["id"]?.stringValue, var current = resource("Project", id) else { throw Outcome.notFound }
        current[field] = body
        let caller = context.auth.caller
        let (saved, _) = try update("Project", id, current, caller: caller, now: context.now)
        return .json(view(saved, caller: caller) ?? .null)
    }

    /// `POST /admin/projects/setpassword`: only Users project-scoped to the caller's project.
    private mutating func setPassword(_ body: JSON, context: AdminContext) throws(Outcome) -> Reply {
        var validation = RequestValidation(body)
        validation.isEmail("email", "Valid email address is required")
        validation.minLength("password", 8, "Invalid password, must be at least 8 characters")
        if let outcome = validation.outcome { throw outcome }
        let email = body["email"]?.stringValue?.lowercased() ?? ""
        let projectReference = "Project/\(context.auth.projectID)"
        let users = table("User")
        let key = IndexKeys.keys(code: "email", value: .string(email)).first ?? ""
        guard let userID = users.ids(forKey: key).first(where: { id in
            users[id]?.current.resource?["project"]?.referenceString == projectReference
        }), var user = users[userID]?.current.resource
        else {
            throw Outcome.badRequest("User not found")
        }
        user["passwordHash"] = .string(PasswordHash.make(body["password"]?.stringValue ?? ""))
        _ = try update("User", userID, user, caller: .system(projectID: context.auth.projectID), now: context.now)
        return .outcome(.allOK, tracing: context.tracing)
    }
}

/// Stand-in for bcrypt: the sandbox never checks passwords, it only has to store something that
/// is not the password (so the password itself is deliberately not used).
enum PasswordHash {
    static func make(_: String) -> String {
        "$sandbox$" + MedplumID.secret()
    }
}
