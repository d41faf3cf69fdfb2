/// `POST /admin/projects/:projectId/invite` (contract 3.3, v5.0.10 processing order).
extension StoreState {
    mutating func invite(_ body: JSON, project: JSON, context: AdminContext) throws(Outcome) -> Reply {
        var validation = RequestValidation(body)
        validation.isIn("resourceType", Array(ResourceTypes.profileTypes).sorted(), "Resource type is required")
        validation.notEmpty("firstName", "First name is required")
        validation.notEmpty("lastName", "Last name is required")
        validation.oneOf([
            { $0.isEmail("email", "Valid email address is required") },
            { $0.notEmpty("externalId", "External ID cannot be empty") },
        ])
        if let outcome = validation.outcome { throw outcome }

        let request = InviteRequest(body)
        let projectID = project["id"]?.stringValue ?? ""
        let system = Caller.system(projectID: projectID)
        let now = context.now

        // 3. The same email already a member with the other scope.
        if let email = request.email, !request.forceNewMembership,
            hasMember(email: email, projectID: projectID, projectScoped: !request.isProjectScopedUser)
        {
            throw Outcome.conflict("User is already a member of this project")
        }
        // 4. The User: reused by exact email in the looked-up scope, else created.
        let (user, securityRequest) = try inviteUser(request, projectID: projectID, system: system, now: now)
        // 5. The profile.
        let profile = try inviteProfile(request, projectID: projectID, system: system, now: now)
        // 6. Every referenced access policy must exist in this project.
        try checkInvitePolicies(request, projectID: projectID)
        // 7–8. The membership.
        let membership = try inviteMembership(
            request, user: user, profile: profile, project: project, system: system, now: now)
        // 9. The email.
        if let email = request.email, request.sendEmail {
            let delivered = deliverInviteEmail(
                to: email, securityRequest: securityRequest, project: project, context: context)
            if !delivered {
                var outcome = Outcome.allOK
                outcome.issues = [
                    Outcome.Issue(
                        severity: "error", code: "exception",
                        text: "Could not send email. Make sure you have AWS SES set up.",
                        diagnostics: "Error: email delivery failed (sandbox outbox is set to fail)")
                ]
                return .outcome(outcome, tracing: context.tracing)
            }
        }
        // Written with system rights, so the body keeps `meta.project`, `author` and `compartment`.
        var reply = Reply.fhir(bytes: extendedBytes(membership))
        reply.setHeader("ETag", "W/\"\(membership.current.versionID)\"")
        reply.setHeader("Last-Modified", Instant.httpDate(membership.current.lastUpdated))
        return reply
    }

    /// A resource with every `meta` field (what system-rights responses show).
    func extendedBytes(_ stored: StoredResource) -> [UInt8] {
        stored.current.resource.map { JSONWriter.serialize($0) } ?? []
    }

    /// Whether a User with this email and the given scope already has a membership here.
    private func hasMember(email: String, projectID: String, projectScoped: Bool) -> Bool {
        let users = table("User")
        let key = IndexKeys.keys(code: "email", value: .string(email)).first ?? ""
        let memberships = table("ProjectMembership")
        for userID in users.ids(forKey: key) {
            guard let user = users[userID]?.current.resource, (user["project"] != nil) == projectScoped else { continue }
            let userKey = IndexKeys.key(code: "user", kind: .reference, modifier: "", value: "User/\(userID)") ?? ""
            if memberships.ids(forKey: userKey).contains(where: { memberships[$0]?.projectID == projectID }) {
                return true
            }
        }
        return false
    }

    /// The invited User, and for a new one the `invite` UserSecurityRequest whose link the welcome
    /// email carries (nil when an existing User was reused).
    private mutating func inviteUser(_ request: InviteRequest, projectID: String, system: Caller, now: Int64)
        throws(Outcome) -> (StoredResource, securityRequest: StoredResource?)
    {
        if let email = request.email {
            // The lookup is project-scoped only for patients and `scope: project` (not for
            // externalId, which still makes a *new* user project-scoped; contract 12.6).
            let lookupProjectScoped = request.resourceType == "Patient" || request.scope == "project"
            let users = table("User")
            let key = IndexKeys.keys(code: "email", value: .string(email)).first ?? ""
            let matches = users.ids(forKey: key).compactMap { users[$0] }.filter { user in
                guard let resource = user.current.resource else { return false }
                let scope = resource["project"]?.referenceString
                return lookupProjectScoped ? scope == "Project/\(projectID)" : scope == nil
            }
            if matches.count > 1 { throw Outcome.multipleMatches }
            if let existing = matches.first { return (existing, nil) }
        }
        var user: JSONObject = [
            "resourceType": "User",
            "firstName": .string(request.firstName),
            "lastName": .string(request.lastName),
        ]
        user["email"] = JSON.optional(request.email)
        user["passwordHash"] = .string(PasswordHash.make(request.password ?? MedplumID.secret()))
        if request.isProjectScopedUser { user["project"] = .reference("Project/\(projectID)") }
        if request.mfaRequired {
            user["mfaRequired"] = true
            user["mfaSecret"] = .string(MedplumID.secret())
        }
        let created = try create("User", .object(user), caller: system, now: now)
        let securityRequest = try create(
            "UserSecurityRequest",
            [
                "resourceType": "UserSecurityRequest", "type": "invite", "user": .reference("User/\(created.id)"),
                "secret": .string(MedplumID.secret()),
            ], caller: system, now: now)
        return (created, securityRequest)
    }

    private mutating func inviteProfile(_ request: InviteRequest, projectID: String, system: Caller, now: Int64)
        throws(Outcome) -> StoredResource
    {
        if let reference = request.membership["profile"]?.referenceString {
            guard let (type, id) = Self.split(reference), let profile = stored(type, id), !profile.isDeleted else {
                throw Outcome.notFound
            }
            guard profile.projectID == projectID else { throw Outcome.badRequest("Profile does not belong to project") }
            guard type == request.resourceType else {
                throw Outcome.badRequest("Profile resourceType does not match request")
            }
            return profile
        }
        if let email = request.email {
            let matches = try conditionalMatches(
                request.resourceType, pairs: [("_project", projectID), ("email", email)], caller: system)
            if matches.count > 1 { throw Outcome.multipleMatches }
            if let existing = matches.first { return existing }
        }
        var profile: JSONObject = [
            "resourceType": .string(request.resourceType),
            "name": [["given": [.string(request.firstName)], "family": .string(request.lastName)]],
        ]
        if let email = request.email {
            profile["telecom"] = [["system": "email", "use": "work", "value": .string(email)]]
        }
        return try create(request.resourceType, .object(profile), caller: system, now: now)
    }

    /// Policies named by top-level `accessPolicy`, top-level `access[].policy` and
    /// `membership.access[].policy` (not `membership.accessPolicy`, which 5.0.10 does not check).
    private func checkInvitePolicies(_ request: InviteRequest, projectID: String) throws(Outcome) {
        var references: [String] = []
        if let policy = request.topLevel["accessPolicy"]?.referenceString { references.append(policy) }
        for entry in request.topLevel["access"]?.arrayValue ?? [] {
            if let policy = entry["policy"]?.referenceString { references.append(policy) }
        }
        for entry in request.membership["access"]?.arrayValue ?? [] {
            if let policy = entry["policy"]?.referenceString { references.append(policy) }
        }
        for reference in references {
            guard let (type, id) = Self.split(reference), type == "AccessPolicy", let policy = stored(type, id),
                !policy.isDeleted
            else {
                throw Outcome.badRequest("Access policy \(reference) does not exist")
            }
            if policy.projectID != projectID {
                throw Outcome.badRequest("Access policy \(reference) does not belong to this project")
            }
        }
    }

    private mutating func inviteMembership(
        _ request: InviteRequest, user: StoredResource, profile: StoredResource, project: JSON, system: Caller,
        now: Int64
    ) throws(Outcome) -> StoredResource {
        let projectID = project["id"]?.stringValue ?? ""
        let forced: [(String, JSON)] = [
            ("project", .reference("Project/\(projectID)", display: project["name"]?.stringValue)),
            ("user", .reference(user.reference, display: userDisplay(user.current.resource))),
            ("profile", .reference(profile.reference, display: displayName(profile.current.resource))),
        ]
        if !request.forceNewMembership {
            let table = table("ProjectMembership")
            let key = IndexKeys.key(code: "user", kind: .reference, modifier: "", value: user.reference) ?? ""
            let existing = table.ids(forKey: key).compactMap { table[$0] }
                .filter { !$0.isDeleted && $0.projectID == projectID }
                .min { $0.sequence < $1.sequence }
            if let existing, var merged = existing.current.resource {
                guard request.upsert else { throw Outcome.conflict("User is already a member of this project") }
                guard merged["profile"]?.referenceString == profile.reference else {
                    throw Outcome.conflict("User is already a member of this project with a different profile")
                }
                // Upsert replaces these four wholesale from the top-level fields (absent → removed).
                for field in ["externalId", "accessPolicy", "access", "admin"] { merged[field] = request.topLevel[field] }
                for member in request.membership.members { merged[member.key] = member.value }
                merged["id"] = .string(existing.id)
                for (key, value) in forced { merged[key] = existing.current.resource?[key] ?? value }
                return try update("ProjectMembership", existing.id, merged, caller: system, now: now).resource
            }
        }
        var membership: JSONObject = ["resourceType": "ProjectMembership"]
        for member in request.membership.members where !["project", "user", "resourceType", "id"].contains(member.key) {
            membership[member.key] = member.value
        }
        for field in ["externalId", "accessPolicy", "access", "admin"] {
            if let value = request.topLevel[field] { membership[field] = value }
        }
        for (key, value) in forced { membership[key] = value }
        return try create("ProjectMembership", .object(membership), caller: system, now: now)
    }

    /// Medplum's display string for a User: the email, else the name.
    private func userDisplay(_ user: JSON?) -> String? {
        if let email = user?["email"]?.stringValue { return email }
        let parts = [user?["firstName"]?.stringValue, user?["lastName"]?.stringValue].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

/// The fields of an invite request, normalised.
struct InviteRequest {
    let resourceType: String
    let firstName: String
    let lastName: String
    /// Lower-cased.
    let email: String?
    let scope: String?
    let password: String?
    let sendEmail: Bool
    let upsert: Bool
    let forceNewMembership: Bool
    let mfaRequired: Bool
    /// `membership` (partial ProjectMembership).
    let membership: JSONObject
    /// The request itself, for the deprecated top-level `externalId`, `accessPolicy`, `access`, `admin`.
    let topLevel: JSON

    init(_ body: JSON) {
        resourceType = body["resourceType"]?.stringValue ?? ""
        firstName = body["firstName"]?.stringValue ?? ""
        lastName = body["lastName"]?.stringValue ?? ""
        email = body["email"]?.stringValue.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        scope = body["scope"]?.stringValue
        password = body["password"]?.stringValue
        sendEmail = body["sendEmail"]?.boolValue != false
        upsert = body["upsert"]?.boolValue == true
        forceNewMembership = body["forceNewMembership"]?.boolValue == true
        mfaRequired = body["mfaRequired"]?.boolValue == true
        membership = body["membership"]?.objectValue ?? JSONObject()
        var top = body
        if let externalId = body["externalId"]?.stringValue, externalId.isEmpty { top["externalId"] = nil }
        topLevel = top
    }

    /// A new User is project-scoped for patients, for `externalId` invites and for `scope: project`.
    var isProjectScopedUser: Bool {
        resourceType == "Patient" || topLevel["externalId"]?.stringValue != nil || scope == "project"
    }
}
