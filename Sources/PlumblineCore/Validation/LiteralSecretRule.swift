extension Diagnostic.Code {
    static let literalSecret = Self("literal-secret")
}

/// Secrets belong in the environment or in files, never in a manifest repository: a literal secret
/// is an error in `production` and a warning elsewhere.
struct LiteralSecretRule: ValidationRule {
    let id = "literal-secrets"
    let summary = "client secrets and API secrets are references, not literal values"

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        manifests.environments.flatMap { environment in
            Self.secretFields(of: environment).compactMap { field, value -> Diagnostic? in
                guard value.value.references.isEmpty else { return nil }
                return Diagnostic(
                    environment.isProduction ? .error : .warning, .literalSecret, at: value.location,
                    "'\(field)' in Environment '\(environment.name.value)' is written in the manifest; secrets belong in ${env:NAME} or ${file:PATH} references, never in the repository"
                )
            }
        }
    }

    static func secretFields(of environment: EnvironmentManifest) -> [(String, Located<ConfigValue>)] {
        var fields: [(String, Located<ConfigValue>)] = []
        if let medplum = environment.medplum {
            fields.append(("medplum.clientSecret", medplum.clientSecret))
            if let superAdmin = medplum.superAdmin { fields.append(("medplum.superAdmin.clientSecret", superAdmin.clientSecret)) }
        }
        if let stytch = environment.stytch {
            fields.append(("stytch.secret", stytch.secret))
            if let management = stytch.management { fields.append(("stytch.management.secret", management.secret)) }
        }
        return fields
    }
}
