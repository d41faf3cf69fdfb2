/// The search parameters the sandbox knows (contract 4.3 and 4.8), each with how it reads its
/// values from a resource. A parameter not listed for a type is answered with
/// 400 "Unknown search parameter", as Medplum does.
struct SearchParameter: Sendable {
    enum Kind: Sendable, Equatable { case string, token, reference, date, uri }

    let code: String
    let kind: Kind
    let extract: @Sendable (JSON) -> [IndexedValue]

    /// Whether the values of this parameter go into the per-type hash index (exact-match kinds).
    var isIndexed: Bool { kind == .reference || kind == .token }
}

enum SearchParameters {
    /// The parameter `code` of `resourceType`, or nil when Medplum would not know it.
    static func parameter(_ code: String, for resourceType: String) -> SearchParameter? {
        common[code] ?? byType[resourceType]?[code] ?? (hasIdentifier(resourceType) ? generic[code] : nil)
    }

    /// All parameters of a type, for indexing at write time.
    static func all(for resourceType: String) -> [SearchParameter] {
        Array(common.values) + Array((byType[resourceType] ?? [:]).values)
            + (hasIdentifier(resourceType) ? Array(generic.values) : [])
    }

    /// FHIR R4 types with an `identifier` search parameter, plus the Medplum types that have one.
    /// AccessPolicy, ClientApplication and Login have none: `?identifier=` on them is a 400.
    private static func hasIdentifier(_ resourceType: String) -> Bool {
        if ["ProjectMembership", "User", "Project", "Bot"].contains(resourceType) { return true }
        return ResourceTypes.fhirR4.contains(resourceType) && !withoutIdentifier.contains(resourceType)
    }

    private static let withoutIdentifier: Set<String> = [
        "AuditEvent", "Binary", "CapabilityStatement", "OperationOutcome", "Parameters", "SearchParameter",
        "StructureDefinition", "Subscription", "Provenance",
    ]

    // MARK: - Parameters of every type

    private static let common: [String: SearchParameter] = table([
        SearchParameter(code: "_id", kind: .token) { json in
            json["id"]?.stringValue.map { [.token(system: nil, code: $0)] } ?? []
        },
        SearchParameter(code: "_lastUpdated", kind: .date) { Extract.dates($0, ["meta", "lastUpdated"]) },
        SearchParameter(code: "_tag", kind: .token) { Extract.tokens($0, ["meta", "tag"]) },
        SearchParameter(code: "_security", kind: .token) { Extract.tokens($0, ["meta", "security"]) },
        SearchParameter(code: "_profile", kind: .uri) { Extract.uris($0, ["meta", "profile"]) },
        SearchParameter(code: "_source", kind: .uri) { Extract.uris($0, ["meta", "source"]) },
        SearchParameter(code: "_project", kind: .reference) { json in
            json["meta"]?["project"]?.stringValue.map { [.reference("Project/" + $0)] } ?? []
        },
        SearchParameter(code: "_compartment", kind: .reference) { Extract.references($0, ["meta", "compartment"]) },
    ])

    /// `identifier`, for the types `hasIdentifier` lists.
    private static let generic: [String: SearchParameter] = table([
        SearchParameter(code: "identifier", kind: .token) { Extract.tokens($0, ["identifier"]) }
    ])

    // MARK: - Type-specific parameters (defs `search-parameters-medplum.json` and FHIR R4)

    private static let byType: [String: [String: SearchParameter]] = [
        "ProjectMembership": table([
            SearchParameter(code: "project", kind: .reference) { Extract.references($0, ["project"]) },
            SearchParameter(code: "user", kind: .reference) { Extract.references($0, ["user"]) },
            SearchParameter(code: "profile", kind: .reference) { Extract.references($0, ["profile"]) },
            SearchParameter(code: "profile-type", kind: .token) { json in
                guard let reference = json["profile"]?.referenceString,
                    let slash = reference.firstIndex(of: "/")
                else { return [] }
                return [.token(system: nil, code: String(reference[..<slash]))]
            },
            SearchParameter(code: "user-name", kind: .string) { Extract.strings($0, ["userName"]) },
            SearchParameter(code: "external-id", kind: .string) { Extract.strings($0, ["externalId"]) },
            SearchParameter(code: "access-policy", kind: .reference) { json in
                Extract.references(json, ["accessPolicy"]) + Extract.references(json, ["access", "policy"])
            },
        ]),
        "User": table([
            SearchParameter(code: "email", kind: .string) { Extract.strings($0, ["email"]) },
            SearchParameter(code: "external-id", kind: .string) { Extract.strings($0, ["externalId"]) },
            SearchParameter(code: "project", kind: .reference) { Extract.references($0, ["project"]) },
        ]),
        "AccessPolicy": table([named]),
        "ClientApplication": table([named]),
        "UserConfiguration": table([named]),
        "Bot": table([named]),
        "Organization": table([named, active]),
        "Project": table([
            named,
            SearchParameter(code: "owner", kind: .reference) { Extract.references($0, ["owner"]) },
            SearchParameter(code: "google-client-id", kind: .token) { Extract.tokens($0, ["site", "googleClientId"]) },
            SearchParameter(code: "recaptcha-site-key", kind: .token) {
                Extract.tokens($0, ["site", "recaptchaSiteKey"])
            },
        ]),
        "Login": table([
            SearchParameter(code: "user", kind: .reference) { Extract.references($0, ["user"]) },
            SearchParameter(code: "code", kind: .token) { Extract.tokens($0, ["code"]) },
            SearchParameter(code: "cookie", kind: .token) { Extract.tokens($0, ["cookie"]) },
        ]),
        "Patient": table(
            person + [
                SearchParameter(code: "organization", kind: .reference) {
                    Extract.references($0, ["managingOrganization"])
                },
                SearchParameter(code: "general-practitioner", kind: .reference) {
                    Extract.references($0, ["generalPractitioner"])
                },
            ]),
        "Practitioner": table(person),
        "RelatedPerson": table(
            person + [SearchParameter(code: "patient", kind: .reference) { Extract.references($0, ["patient"]) }]),
        "AuditEvent": table([
            SearchParameter(code: "action", kind: .token) { Extract.tokens($0, ["action"]) },
            SearchParameter(code: "agent", kind: .reference) { Extract.references($0, ["agent", "who"]) },
            SearchParameter(code: "date", kind: .date) { Extract.dates($0, ["recorded"]) },
            SearchParameter(code: "entity", kind: .reference) { Extract.references($0, ["entity", "what"]) },
            SearchParameter(code: "outcome", kind: .token) { Extract.tokens($0, ["outcome"]) },
            SearchParameter(code: "source", kind: .reference) { Extract.references($0, ["source", "observer"]) },
            SearchParameter(code: "subtype", kind: .token) { Extract.tokens($0, ["subtype"]) },
            SearchParameter(code: "type", kind: .token) { Extract.tokens($0, ["type"]) },
        ]),
    ]

    private static let named = SearchParameter(code: "name", kind: .string) { Extract.strings($0, ["name"]) }
    private static let active = SearchParameter(code: "active", kind: .token) { Extract.tokens($0, ["active"]) }

    /// The parameters Patient, Practitioner and RelatedPerson share.
    private static let person: [SearchParameter] = [
        active,
        SearchParameter(code: "name", kind: .string) { Extract.humanNames($0) },
        SearchParameter(code: "given", kind: .string) { Extract.humanNames($0, part: .given) },
        SearchParameter(code: "family", kind: .string) { Extract.humanNames($0, part: .family) },
        SearchParameter(code: "email", kind: .token) { Extract.telecom($0, system: "email") },
        SearchParameter(code: "phone", kind: .token) { Extract.telecom($0, system: "phone") },
        SearchParameter(code: "telecom", kind: .token) { Extract.tokens($0, ["telecom"]) },
        SearchParameter(code: "gender", kind: .token) { Extract.tokens($0, ["gender"]) },
        SearchParameter(code: "birthdate", kind: .date) { Extract.dates($0, ["birthDate"]) },
    ]

    private static func table(_ parameters: [SearchParameter]) -> [String: SearchParameter] {
        Dictionary(parameters.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
