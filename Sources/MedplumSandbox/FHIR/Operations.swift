/// FHIR operations the sandbox implements; any other `$operation` is a 404.
extension StoreState {
    mutating func operation(
        _ resourceType: String, id: String?, name: String, body: JSON?, caller: Caller, now: Int64
    ) throws(Outcome) -> FhirResult {
        switch (resourceType, id, name) {
        case ("ClientApplication", let id?, "$rotate-secret"):
            return try rotateSecret(id, body: body, caller: caller, now: now)
        case ("User", let id?, "$update-email"):
            return try updateEmail(id, body: body, caller: caller, now: now)
        default:
            throw Outcome.notFound
        }
    }

    /// `POST ClientApplication/:id/$rotate-secret` (contract 3.7): exactly one of `secret` (must be
    /// current; a new one is generated and the old one retires) or `retiringSecret` (must match;
    /// it is removed). Returns the updated ClientApplication.
    private mutating func rotateSecret(_ id: String, body: JSON?, caller: Caller, now: Int64) throws(Outcome)
        -> FhirResult
    {
        guard caller.kind != .member else { throw Outcome.forbidden }
        let client = try readable("ClientApplication", id, caller: caller)
        guard var resource = client.current.resource else { throw Outcome.gone }
        let secret = Self.parameter("secret", in: body)
        let retiring = Self.parameter("retiringSecret", in: body)
        switch (secret, retiring) {
        case (nil, nil):
            throw Outcome.badRequest("Secret to rotate must be provided")
        case (.some, .some):
            throw Outcome.badRequest("Only one secret can be rotated at a time")
        case (let secret?, nil):
            guard resource["secret"]?.stringValue == secret else {
                throw Outcome.badRequest("Provided secret does not match client")
            }
            resource["retiringSecret"] = .string(secret)
            resource["secret"] = .string(MedplumID.secret())
        case (nil, let retiring?):
            guard resource["retiringSecret"]?.stringValue == retiring else {
                throw Outcome.badRequest("Provided secret does not match client")
            }
            resource["retiringSecret"] = nil
        }
        let (saved, _) = try update("ClientApplication", id, resource, caller: .system(projectID: caller.projectID), now: now)
        return .resource(render(saved, caller: caller))
    }

    /// `POST User/:id/$update-email` (contract 3.7): the only way a project admin changes an email,
    /// and only for Users project-scoped to their project. Sets `emailVerified: false` unless
    /// `skipEmailVerification`; `updateProfileTelecom` rewrites the email of the member's profile.
    private mutating func updateEmail(_ id: String, body: JSON?, caller: Caller, now: Int64) throws(Outcome)
        -> FhirResult
    {
        guard caller.kind != .member else { throw Outcome.forbidden }
        guard let email = Self.parameter("email", in: body), !email.isEmpty else {
            throw Outcome.badRequest("Missing email")
        }
        guard let stored = stored("User", id), var user = stored.current.resource else { throw Outcome.notFound }
        if caller.kind == .projectAdmin, user["project"]?.referenceString != "Project/\(caller.projectID)" {
            throw Outcome.forbidden
        }
        let previous = user["email"]?.stringValue
        user["email"] = .string(email.lowercased())
        if Self.parameter("skipEmailVerification", in: body) != "true" { user["emailVerified"] = false }
        let system = Caller.system(projectID: caller.projectID)
        let (saved, _) = try update("User", id, user, caller: system, now: now)
        if Self.parameter("updateProfileTelecom", in: body) == "true", let previous {
            try updateProfileTelecom(user: saved.reference, from: previous, to: email.lowercased(), caller: system, now: now)
        }
        return .resource(render(saved, caller: caller))
    }

    /// Replaces the old email in the telecom of every profile the User's memberships name.
    private mutating func updateProfileTelecom(user: String, from old: String, to new: String, caller: Caller, now: Int64)
        throws(Outcome)
    {
        let memberships = table("ProjectMembership")
        let key = IndexKeys.key(code: "user", kind: .reference, modifier: "", value: user) ?? ""
        for membership in memberships.ids(forKey: key).compactMap({ memberships[$0]?.current.resource }) {
            guard let (type, id) = Self.split(membership["profile"]?.referenceString), var profile = resource(type, id),
                let telecom = profile["telecom"]?.arrayValue
            else { continue }
            profile["telecom"] = .array(telecom.map { contact in
                guard contact["system"]?.stringValue == "email", contact["value"]?.stringValue == old else { return contact }
                var changed = contact
                changed["value"] = .string(new)
                return changed
            })
            _ = try update(type, id, profile, caller: caller, now: now)
        }
    }

    /// An input given either as FHIR `Parameters` (`valueString` or `valueBoolean`) or as a plain
    /// JSON object, as text.
    private static func parameter(_ name: String, in body: JSON?) -> String? {
        guard let body else { return nil }
        let value: JSON?
        if body["resourceType"]?.stringValue == "Parameters" {
            let parameter = body["parameter"]?.arrayValue?.first(where: { $0["name"]?.stringValue == name })
            value = parameter?["valueString"] ?? parameter?["valueBoolean"]
        } else {
            value = body[name]
        }
        switch value {
        case .string(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        default: return nil
        }
    }
}
