extension Diagnostic.Code {
    static let implicitRole = Self("implicit-role")
}

/// Decodes `kind: Role`.
enum RoleDecoder {
    static let keys = ["kind", "name", "description", "stytch", "medplum"]
    static let medplumKeys = ["profileType", "accessPolicies", "admin"]

    static func decode(_ reader: NodeReader) -> RoleManifest? {
        let nested = ["stytch.roles"] + medplumKeys.map { "medplum.\($0)" }
        guard let root = MappingReader(reader, allowedKeys: keys, nestedKeys: nested) else { return nil }
        let name = root.string("name", required: true)
        let description = root.value("description")?.string(allowEmpty: true)
        let stytchRoles = root.mapping("stytch", allowedKeys: ["roles"])?.strings("roles", required: true) ?? []
        for role in stytchRoles where role.value == "stytch_member" {
            root.sink.warning(.implicitRole, at: role.location, "every Stytch member holds 'stytch_member' already; remove it from \(reader.subject)")
        }
        let medplum = root.mapping("medplum", allowedKeys: medplumKeys).flatMap(grant)
        if !root.has("stytch") && !root.has("medplum") {
            root.sink.error(.grantsNothing, at: root.location, "\(reader.subject) grants nothing; add 'stytch', 'medplum' or both")
        }
        guard let name else { return nil }
        return RoleManifest(name: name, description: description, stytchRoles: stytchRoles, medplum: medplum, location: root.location)
    }

    private static func grant(_ mapping: MappingReader) -> MedplumGrant? {
        let profileType = mapping.choice("profileType", of: ProfileType.allCases.map(\.rawValue))
        if !mapping.has("profileType") { _ = mapping.value("profileType", required: true) }
        let policies = mapping.strings("accessPolicies") ?? []
        let admin = mapping.bool("admin")
        guard let profileType, let type = ProfileType(rawValue: profileType.value) else { return nil }
        return MedplumGrant(
            profileType: profileType.map { _ in type }, accessPolicies: policies, admin: admin, location: mapping.location
        )
    }
}
