import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Environment documents", .tags(.small))
struct EnvironmentDecodingTests {
    @Test func referencesOnlyEnvironmentIsValid() {
        expectDiagnostics("""
            kind: Environment
            name: staging
            medplum:
              baseUrl: ${env:MEDPLUM_BASE_URL}
              projectId: ${env:MEDPLUM_PROJECT_ID}
              clientId: ${env:MEDPLUM_CLIENT_ID}
              clientSecret: ${file:secrets/medplum}
            stytch:
              projectId: ${env:STYTCH_PROJECT_ID}
              secret: ${env:STYTCH_SECRET}
            cors:
              allowedOrigins: ["${env:APP_ORIGIN}", http://localhost:3000]
            """, [])
    }

    @Test func missingCredentialsAreNamedWithTheirParent() {
        expectDiagnostics("""
            kind: Environment
            name: staging
            medplum:
              1️⃣baseUrl: https://api.example.org/
              projectId: p
            """, [
                DiagnosticSpec("1️⃣", "missing required key 'clientId' in 'medplum' of Environment 'staging'; add it"),
                DiagnosticSpec("1️⃣", "missing required key 'clientSecret' in 'medplum' of Environment 'staging'; add it"),
            ])
    }

    @Test func anEnvironmentNeedsAServer() {
        expectDiagnostics("1️⃣kind: Environment\nname: empty\ncors: { allowedOrigins: [https://app.example.org] }\n", [
            DiagnosticSpec("1️⃣", "Environment 'empty' declares neither 'medplum' nor 'stytch'; add at least one"),
        ])
    }

    @Test func malformedReferencesAreReported() {
        expectDiagnostics("""
            kind: Environment
            name: staging
            stytch:
              projectId: 1️⃣${ENV:STYTCH_PROJECT_ID}
              secret: ${env:STYTCH_SECRET}
            """, [
                DiagnosticSpec("1️⃣", "'stytch.projectId' in Environment 'staging': '${ENV:STYTCH_PROJECT_ID}' is not a reference plumbline knows; write ${env:NAME} or ${file:PATH}"),
            ])
    }

    @Test func plainHTTPIsAnErrorInProductionAndAWarningElsewhere() {
        let environment = { (name: String) in """
            kind: Environment
            name: \(name)
            medplum:
              baseUrl: 1️⃣http://api.example.org
              projectId: p
              clientId: c
              clientSecret: ${env:SECRET}
            cors: { allowedOrigins: [2️⃣http://panels.example.org, http://localhost:3000] }
            """
        }
        expectDiagnostics(environment("production"), [
            DiagnosticSpec("1️⃣", "'medplum.baseUrl' in Environment 'production' uses http outside loopback; sends credentials and patient data unencrypted; use https"),
            DiagnosticSpec("2️⃣", "origin 'http://panels.example.org' in Environment 'production' uses http outside loopback; serve the app over https"),
        ])
        expectDiagnostics(environment("staging"), [
            DiagnosticSpec("1️⃣", .warning, "'medplum.baseUrl' in Environment 'staging' uses http outside loopback; sends credentials and patient data unencrypted; use https"),
            DiagnosticSpec("2️⃣", .warning, "origin 'http://panels.example.org' in Environment 'staging' uses http outside loopback; serve the app over https"),
        ])
    }

    @Test func badURLsAndOriginsAreErrors() {
        expectDiagnostics("""
            kind: Environment
            name: staging
            stytch:
              baseUrl: 1️⃣test.stytch.com
              projectId: ${env:P}
              secret: ${env:S}
            cors: { allowedOrigins: [2️⃣https://panels.example.org/] }
            """, [
                DiagnosticSpec("1️⃣", "'stytch.baseUrl' in Environment 'staging' is not a server URL ('test.stytch.com'); write it as https://host[:port]/[path]"),
                DiagnosticSpec("2️⃣", "origin 'https://panels.example.org/' has a trailing slash, which a browser never sends in an origin; write 'https://panels.example.org' (in Environment 'staging')"),
            ])
    }

    @Test func literalSecretsAreAnErrorInProductionAndAWarningElsewhere() {
        let environment = { (name: String) in """
            kind: Environment
            name: \(name)
            stytch:
              projectId: project-test-123
              secret: 1️⃣secret-test-abc
            """
        }
        let message = { (name: String) in
            "'stytch.secret' in Environment '\(name)' is written in the manifest; secrets belong in ${env:NAME} or ${file:PATH} references, never in the repository"
        }
        expectDiagnostics(environment("production"), [DiagnosticSpec("1️⃣", message("production"))])
        expectDiagnostics(environment("staging"), [DiagnosticSpec("1️⃣", .warning, message("staging"))])
    }

    @Test func sessionPolicyMustExist() {
        expectDiagnostics("""
            kind: Environment
            name: staging
            stytch: { projectId: "${env:P}", secret: "${env:S}" }
            sessionPolicy: 1️⃣defualt
            ---
            kind: SessionPolicy
            name: default
            maxAge: 12h
            """, [
                DiagnosticSpec("1️⃣", "Environment 'staging' refers to session policy 'defualt', but no SessionPolicy has that name; did you mean 'default'?"),
            ])
    }
}
