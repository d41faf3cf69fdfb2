import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Resolving an environment's references", .tags(.small))
struct EnvironmentResolverTests {
    struct MissingFile: Error {}

    let manifest = """
        kind: Environment
        name: NAME
        medplum:
          baseUrl: ${env:MEDPLUM_BASE_URL}
          projectId: ${env:MEDPLUM_PROJECT_ID}
          clientId: ${env:MEDPLUM_CLIENT_ID}
          clientSecret: ${file:secrets/medplum-secret}
        stytch:
          projectId: ${env:STYTCH_PROJECT_ID}
          secret: ${env:STYTCH_SECRET}
        cors:
          allowedOrigins: ["${env:APP_ORIGIN}"]
        """

    let variables = [
        "MEDPLUM_BASE_URL": "https://api.medplum.example.org", "MEDPLUM_PROJECT_ID": "p-1", "MEDPLUM_CLIENT_ID": "c-1",
        "STYTCH_PROJECT_ID": "project-live-42", "STYTCH_SECRET": "secret-live-shh", "APP_ORIGIN": "https://panels.example.org",
    ]

    func environment(named name: String = "staging") throws -> EnvironmentManifest {
        let report = Validator.validate([SourceFile(path: "Manifests/env.yaml", text: manifest.replacingOccurrences(of: "NAME", with: name))])
        #expect(report.diagnostics.isEmpty)
        return try #require(report.manifests.environments.first)
    }

    func source(_ variables: [String: String], files: [String: String] = ["Manifests/secrets/medplum-secret": "medplum-shh\n"]) -> ReferenceSource {
        ReferenceSource(variables: variables) { path in
            guard let text = files[path] else { throw MissingFile() }
            return text
        }
    }

    @Test func resolvesVariablesAndFilesRelativeToTheManifest() throws {
        let resolved = try EnvironmentResolver.resolve(environment(), using: source(variables)).get()
        let medplum = try #require(resolved.medplum)
        #expect(medplum.baseURL.description == "https://api.medplum.example.org/")
        #expect(medplum.client.clientId == "c-1")
        #expect(medplum.client.clientSecret.reveal() == "medplum-shh")
        #expect(medplum.sendInviteEmail)
        let stytch = try #require(resolved.stytch)
        #expect(stytch.baseURL.description == "https://api.stytch.com/")
        #expect(stytch.secret.reveal() == "secret-live-shh")
        #expect(resolved.corsOrigins.map(\.description) == ["https://panels.example.org"])
    }

    @Test func stytchTestProjectsDefaultToTheTestHost() throws {
        var testVariables = variables
        testVariables["STYTCH_PROJECT_ID"] = "project-test-42"
        let resolved = try EnvironmentResolver.resolve(environment(), using: source(testVariables)).get()
        #expect(resolved.stytch?.baseURL.description == "https://test.stytch.com/")
    }

    @Test func missingVariablesAndFilesAreNamedButNeverValued() throws {
        var partial = variables
        partial["STYTCH_SECRET"] = nil
        partial["MEDPLUM_CLIENT_ID"] = ""
        let failure = try #require(try resolutionErrors(source(partial, files: [:])))
        #expect(failure.map(\.description) == [
            "Manifests/env.yaml:6:13: error: environment variable MEDPLUM_CLIENT_ID is empty (${env:MEDPLUM_CLIENT_ID}, used by 'medplum.clientId' in Environment 'staging'); export it before running plumbline",
            "Manifests/env.yaml:7:17: error: cannot read file 'Manifests/secrets/medplum-secret' (${file:secrets/medplum-secret}, used by 'medplum.clientSecret' in Environment 'staging'); create it or fix the path",
            "Manifests/env.yaml:10:11: error: environment variable STYTCH_SECRET is not set (${env:STYTCH_SECRET}, used by 'stytch.secret' in Environment 'staging'); export it before running plumbline",
        ])
    }

    @Test func resolvedURLsFollowTheTransportRulesWithoutShowingTheValue() throws {
        var insecure = variables
        insecure["MEDPLUM_BASE_URL"] = "http://medplum.internal.example.org"
        insecure["APP_ORIGIN"] = "https://panels.example.org/"
        let failure = try #require(try resolutionErrors(source(insecure), name: "production"))
        #expect(failure.map(\.description) == [
            "Manifests/env.yaml:4:12: error: 'medplum.baseUrl' in Environment 'production' uses http outside loopback; sends credentials and patient data unencrypted; use https",
            "Manifests/env.yaml:12:20: error: origin from ${env:APP_ORIGIN} is not an origin (in Environment 'production')",
        ])
        #expect(!failure.contains { $0.message.contains("internal.example.org") || $0.message.contains("panels.example.org/") })
    }

    private func resolutionErrors(_ source: ReferenceSource, name: String = "staging") throws -> [Diagnostic]? {
        guard case .failure(let error) = EnvironmentResolver.resolve(try environment(named: name), using: source) else { return nil }
        return error.diagnostics
    }
}
