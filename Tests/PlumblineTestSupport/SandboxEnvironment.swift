import PlumblineCore

/// A `sandbox` Environment like the example one, resolved against running sandboxes' variables
/// the way the CLI resolves it: what provider tests build their clients from.
public enum SandboxEnvironment {
    static let medplum = """
        medplum:
          baseUrl: ${env:MEDPLUM_BASE_URL}
          projectId: ${env:MEDPLUM_PROJECT_ID}
          clientId: ${env:MEDPLUM_CLIENT_ID}
          clientSecret: ${env:MEDPLUM_CLIENT_SECRET}
          superAdmin:
            clientId: ${env:MEDPLUM_SUPERADMIN_CLIENT_ID}
            clientSecret: ${env:MEDPLUM_SUPERADMIN_CLIENT_SECRET}
        """
    static let stytch = """
        stytch:
          baseUrl: ${env:STYTCH_BASE_URL}
          projectId: ${env:STYTCH_PROJECT_ID}
          secret: ${env:STYTCH_SECRET}
        """
    static let management = """
          management:
            baseUrl: ${env:STYTCH_MANAGEMENT_BASE_URL}
            projectSlug: ${env:STYTCH_PROJECT_SLUG}
            environmentSlug: ${env:STYTCH_ENVIRONMENT_SLUG}
            keyId: ${env:STYTCH_MANAGEMENT_KEY_ID}
            secret: ${env:STYTCH_MANAGEMENT_SECRET}
        """

    /// The environment with the systems asked for (Medplum with its super-admin credentials,
    /// Stytch with its management API when `management`), or nil when a variable is missing.
    public static func resolve(
        _ variables: [String: String], medplum withMedplum: Bool = true, stytch withStytch: Bool = true, management withManagement: Bool = false
    ) -> ResolvedEnvironment? {
        let systems = (withMedplum ? [medplum] : []) + (withStytch ? [stytch] : []) + (withStytch && withManagement ? [management] : [])
        let text = (["kind: Environment", "name: sandbox"] + systems).joined(separator: "\n")
        let report = Validator.validate([SourceFile(path: "environment.yaml", text: text)])
        guard let environment = report.manifests.environments.first else { return nil }
        return try? EnvironmentResolver.resolve(environment, using: ReferenceSource(variables: variables) { _ in "" }).get()
    }
}
