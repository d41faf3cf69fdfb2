/// What Medplum does to every resource it stores: strip empty values, validate the Medplum types'
/// structure, and decide whether an update changed anything.
enum ResourceRules {
    /// Medplum's `stringify` replacer: members whose value is null, `""`, `[]` or `{}` are dropped,
    /// top-down (so `{"a":{"b":""}}` becomes `{"a":{}}`), array elements are never dropped, and
    /// neither are members whose key ends in a digit (the replacer mistakes them for array indexes).
    static func strippingEmpty(_ json: JSON) -> JSON {
        switch json {
        case .array(let elements):
            return .array(elements.map(strippingEmpty))
        case .object(let object):
            var members: [JSONMember] = []
            for member in object.members {
                if !keyEndsWithDigit(member.key) && isEmpty(member.value) { continue }
                members.append(JSONMember(key: member.key, value: strippingEmpty(member.value)))
            }
            return .object(JSONObject(members))
        default:
            return json
        }
    }

    private static func keyEndsWithDigit(_ key: String) -> Bool {
        key.last?.isASCII == true && key.last?.isNumber == true
    }

    private static func isEmpty(_ value: JSON) -> Bool {
        switch value {
        case .null: return true
        case .string(let text): return text.isEmpty
        case .array(let elements): return elements.isEmpty
        case .object(let object): return object.isEmpty
        default: return false
        }
    }

    /// Whether `new` says the same as `old`, ignoring `meta.versionId`, `meta.lastUpdated` and
    /// `meta.author` and treating empty values as absent (Medplum's no-op update check).
    static func isUnchanged(_ old: JSON, _ new: JSON) -> Bool {
        comparable(old) == comparable(new)
    }

    private static func comparable(_ resource: JSON) -> JSON {
        var copy = strippingEmpty(resource)
        if case .object(var meta)? = copy["meta"] {
            meta["versionId"] = nil
            meta["lastUpdated"] = nil
            meta["author"] = nil
            copy["meta"] = meta.isEmpty ? nil : .object(meta)
        }
        return copy
    }

    // MARK: - Structure

    /// Validates the Medplum-specific types against their definitions (required elements, unknown
    /// top-level elements, boolean flags); other types are accepted as sent.
    static func validate(_ resource: JSON) throws(Outcome) {
        guard let type = resource["resourceType"]?.stringValue, let schema = schemas[type],
            let object = resource.objectValue
        else { return }
        var issues: [Outcome.Issue] = []
        for key in object.keys where key != "resourceType" {
            let base = key.hasPrefix("_") ? String(key.dropFirst()) : key
            if !schema.elements.contains(base) && !baseElements.contains(base) {
                issues.append(structureIssue("Invalid additional property \"\(key)\"", path: "\(type).\(key)"))
            }
        }
        for required in schema.required where object[required] == nil {
            issues.append(structureIssue("Missing required property", path: "\(type).\(required)"))
        }
        for flag in schema.booleans {
            if let value = object[flag], value.boolValue == nil {
                issues.append(
                    structureIssue(
                        "Invalid JSON type: expected boolean, but got \(javaScriptType(value))", path: "\(type).\(flag)"))
            }
        }
        if type == "AccessPolicy" {
            for entry in object["resource"]?.arrayValue ?? [] where entry["resourceType"] == nil {
                issues.append(structureIssue("Missing required property", path: "AccessPolicy.resource.resourceType"))
            }
        }
        if !issues.isEmpty { throw Outcome(id: nil, issues: issues) }
    }

    private static func structureIssue(_ text: String, path: String) -> Outcome.Issue {
        Outcome.Issue(severity: "error", code: "structure", text: text, expression: [path])
    }

    private static func javaScriptType(_ value: JSON) -> String {
        switch value {
        case .string: return "string"
        case .number: return "number"
        case .bool: return "boolean"
        default: return "object"
        }
    }

    private struct Schema {
        var elements: Set<String>
        var required: [String] = []
        var booleans: [String] = []
    }

    private static let baseElements: Set<String> = [
        "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension",
    ]

    /// Elements of the Medplum types (contract section 5, `profiles-medplum.json`).
    private static let schemas: [String: Schema] = [
        "AccessPolicy": Schema(elements: ["name", "basedOn", "compartment", "resource", "ipAccessRule"]),
        "ProjectMembership": Schema(
            elements: [
                "identifier", "active", "project", "invitedBy", "user", "profile", "userName", "externalId",
                "accessPolicy", "access", "userConfiguration", "admin",
            ],
            required: ["project", "user", "profile"], booleans: ["active", "admin"]),
        "User": Schema(
            elements: [
                "identifier", "firstName", "lastName", "externalId", "email", "emailVerified", "admin",
                "passwordHash", "mfaSecret", "mfaRequired", "mfaEnrolled", "project",
            ],
            required: ["firstName", "lastName"], booleans: ["emailVerified", "admin", "mfaRequired", "mfaEnrolled"]),
        "Project": Schema(
            elements: [
                "identifier", "name", "description", "superAdmin", "strictMode", "checkReferencesOnWrite", "owner",
                "features", "defaultPatientAccessPolicy", "setting", "secret", "systemSetting", "systemSecret", "site",
                "link", "defaultProfile", "exportedResourceType",
            ],
            booleans: ["superAdmin", "strictMode", "checkReferencesOnWrite"]),
        "ClientApplication": Schema(
            elements: [
                "status", "name", "description", "signInForm", "secret", "retiringSecret", "jwksUri", "redirectUri",
                "redirectUris", "launchUri", "pkceOptional", "identityProvider", "accessTokenLifetime",
                "refreshTokenLifetime", "allowedOrigin", "defaultScope",
            ],
            booleans: ["pkceOptional"]),
        "Login": Schema(
            elements: [
                "client", "profileType", "project", "user", "membership", "scope", "authMethod", "authTime", "cookie",
                "code", "codeChallenge", "codeChallengeMethod", "refreshSecret", "nonce", "mfaVerified", "granted",
                "revoked", "admin", "superAdmin", "launch", "remoteAddress", "userAgent", "pictureUrl",
            ],
            required: ["user", "authMethod", "authTime"], booleans: ["mfaVerified", "granted", "revoked"]),
    ]
}
