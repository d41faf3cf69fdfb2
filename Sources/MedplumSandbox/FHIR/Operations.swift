/// FHIR operations the sandbox implements; any other `$operation` is a 404.
extension StoreState {
    mutating func operation(
        _ resourceType: String, id: String?, name: String, body: JSON?, caller: Caller, now: Int64
    ) throws(Outcome) -> FhirResult {
        switch (resourceType, id, name) {
        case ("ClientApplication", let id?, "$rotate-secret"):
            return try rotateSecret(id, body: body, caller: caller, now: now)
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

    /// A string input given either as FHIR `Parameters` or as a plain JSON object.
    private static func parameter(_ name: String, in body: JSON?) -> String? {
        guard let body else { return nil }
        if body["resourceType"]?.stringValue == "Parameters" {
            return body["parameter"]?.arrayValue?.first(where: { $0["name"]?.stringValue == name })?["valueString"]?
                .stringValue
        }
        return body[name]?.stringValue
    }
}
