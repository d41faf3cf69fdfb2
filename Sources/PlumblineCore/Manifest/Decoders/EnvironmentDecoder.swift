extension Diagnostic.Code {
    static let emptyEnvironment = Self("empty-environment")
}

/// Decodes `kind: Environment`.
enum EnvironmentDecoder {
    static let keys = ["kind", "name", "medplum", "stytch", "cors", "sessionPolicy"]
    static let medplumKeys = ["baseUrl", "projectId", "clientId", "clientSecret", "superAdmin", "sendInviteEmail"]
    static let credentialKeys = ["clientId", "clientSecret"]
    static let stytchKeys = ["baseUrl", "projectId", "secret", "management"]
    static let managementKeys = ["baseUrl", "projectSlug", "environmentSlug", "keyId", "secret"]

    static func decode(_ reader: NodeReader) -> EnvironmentManifest? {
        let nested = medplumKeys.map { "medplum.\($0)" } + stytchKeys.map { "stytch.\($0)" } + ["cors.allowedOrigins"]
        guard let root = MappingReader(reader, allowedKeys: keys, nestedKeys: nested) else { return nil }
        let name = root.string("name", required: true)
        let medplum = root.mapping("medplum", allowedKeys: medplumKeys).flatMap(medplumTarget)
        let stytch = root.mapping("stytch", allowedKeys: stytchKeys).flatMap(stytchTarget)
        let cors = root.mapping("cors", allowedKeys: ["allowedOrigins"])
        let origins = cors?.value("allowedOrigins", required: true)?.items()?.compactMap { $0.configValue() } ?? []
        let sessionPolicy = root.string("sessionPolicy")
        if !root.has("medplum") && !root.has("stytch") {
            root.sink.error(.emptyEnvironment, at: root.location, "\(reader.subject) declares neither 'medplum' nor 'stytch'; add at least one")
        }
        guard let name else { return nil }
        return EnvironmentManifest(
            name: name, medplum: medplum, stytch: stytch, corsOrigins: origins,
            sessionPolicy: sessionPolicy, location: root.location
        )
    }

    private static func medplumTarget(_ mapping: MappingReader) -> MedplumTarget? {
        let baseUrl = mapping.configValue("baseUrl", required: true)
        let projectId = mapping.configValue("projectId", required: true)
        let clientId = mapping.configValue("clientId", required: true)
        let clientSecret = mapping.configValue("clientSecret", required: true)
        let superAdmin = mapping.mapping("superAdmin", allowedKeys: credentialKeys).flatMap(credentials)
        let sendInviteEmail = mapping.bool("sendInviteEmail")
        guard let baseUrl, let projectId, let clientId, let clientSecret else { return nil }
        return MedplumTarget(
            baseUrl: baseUrl, projectId: projectId, clientId: clientId, clientSecret: clientSecret,
            superAdmin: superAdmin, sendInviteEmail: sendInviteEmail, location: mapping.location
        )
    }

    private static func credentials(_ mapping: MappingReader) -> ClientCredentialReferences? {
        let clientId = mapping.configValue("clientId", required: true)
        let clientSecret = mapping.configValue("clientSecret", required: true)
        guard let clientId, let clientSecret else { return nil }
        return ClientCredentialReferences(clientId: clientId, clientSecret: clientSecret, location: mapping.location)
    }

    private static func stytchTarget(_ mapping: MappingReader) -> StytchTarget? {
        let baseUrl = mapping.configValue("baseUrl")
        let projectId = mapping.configValue("projectId", required: true)
        let secret = mapping.configValue("secret", required: true)
        let management = mapping.mapping("management", allowedKeys: managementKeys).flatMap(managementTarget)
        guard let projectId, let secret else { return nil }
        return StytchTarget(baseUrl: baseUrl, projectId: projectId, secret: secret, management: management, location: mapping.location)
    }

    private static func managementTarget(_ mapping: MappingReader) -> StytchManagementTarget? {
        let baseUrl = mapping.configValue("baseUrl")
        let projectSlug = mapping.configValue("projectSlug", required: true)
        let environmentSlug = mapping.configValue("environmentSlug", required: true)
        let keyId = mapping.configValue("keyId", required: true)
        let secret = mapping.configValue("secret", required: true)
        guard let projectSlug, let environmentSlug, let keyId, let secret else { return nil }
        return StytchManagementTarget(
            baseUrl: baseUrl, projectSlug: projectSlug, environmentSlug: environmentSlug,
            keyId: keyId, secret: secret, location: mapping.location
        )
    }
}
