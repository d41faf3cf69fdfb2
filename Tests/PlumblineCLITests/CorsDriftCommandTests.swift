import Foundation
import MedplumSandbox
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("plumbline drift and plan: the Medplum server's CORS configuration", .tags(.large))
struct CorsDriftCommandTests {
    static func files(origins: String) -> [String: String] {
        var files = BothSystems.files()
        files["environment.yaml"] = (files["environment.yaml"] ?? "") + "\ncors:\n  allowedOrigins: \(origins)\n"
        return files
    }

    func withSandboxes(allowedOrigins: [String], _ body: (MedplumHandle, StytchHandle) async throws -> Void) async throws {
        try await SandboxHarness.withMedplum(allowedOrigins: allowedOrigins) { medplum in
            try await SandboxHarness.withStytch { stytch in try await body(medplum, stytch) }
        }
    }

    let declared = "[https://panels.example.org, https://admin.example.org]"
    let deploy = """
        "allowedOrigins": "https://panels.example.org,https://admin.example.org"      (medplum.config.json)
            MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,https://admin.example.org      (environment)
        """

    /// Applies the manifests (CORS cannot be applied, so apply succeeds whatever the server's
    /// configuration) and runs `body` with them.
    func applied(allowedOrigins: [String], _ body: (TestManifests, MedplumHandle, StytchHandle) async throws -> Void) async throws {
        let manifests = try TestManifests(Self.files(origins: declared))
        try await withSandboxes(allowedOrigins: allowedOrigins) { medplum, stytch in
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
            try #require(apply.status == 0, "\(apply.output)\(apply.error)")
            try await body(manifests, medplum, stytch)
        }
    }

    @Test func aDeclaredOriginTheServerRefusesIsMissingAndPlanSaysWhatToDeploy() async throws {
        try await applied(allowedOrigins: ["https://admin.example.org"]) { manifests, medplum, stytch in
            let drift = await runPlumbline(["drift", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(drift.status == 2, "\(drift.error)")
            #expect(drift.output == """
                Drift in environment 'sandbox': 0 changed, 1 missing, 0 unmanaged

                  - missing   medplum AllowedOrigin 'https://panels.example.org'
                      allowedOrigins: "https://panels.example.org" → (none)
                      the Medplum server refused a preflight from https://panels.example.org (HTTP 401, no Access-Control-Allow-Origin), so the web app on that origin cannot call it; deploy "allowedOrigins": "https://panels.example.org,https://admin.example.org" (or MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,https://admin.example.org)

                Fields read declared → live.

                """)
            let json = try DriftDocument.decode(await runPlumbline(["drift", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch).output)
            #expect(json.drift.map { "\($0.system) \($0.type) \($0.kind) \($0.key)" } == ["medplum missing AllowedOrigin https://panels.example.org"])

            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(plan.status == 0, "apply cannot change the server's configuration, so nothing is pending: \(plan.output)")
            #expect(plan.output.hasSuffix("""
                No changes: the servers match the manifests.

                CORS:
                  The Medplum server's CORS configuration disagrees with cors.allowedOrigins (it refuses https://panels.example.org); apply cannot change it, so deploy:
                    \(deploy)

                """))
            let planJSON = try #require(try JSONValue.parse(Data(await runPlumbline(["plan", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch).output.utf8)))
            #expect(planJSON["cors"] == [
                "agrees": false, "allowedOrigins": "https://panels.example.org,https://admin.example.org",
                "environmentVariable": "MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,https://admin.example.org",
                "refused": ["https://panels.example.org"], "tooPermissive": false, "wildcard": false,
            ])
        }
    }

    @Test func aServerThatAcceptsEveryOriginIsTooPermissive() async throws {
        try await applied(allowedOrigins: ["*"]) { manifests, medplum, stytch in
            let drift = await runPlumbline(["drift", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(drift.status == 2, "\(drift.error)")
            #expect(drift.output == """
                Drift in environment 'sandbox': 0 changed, 0 missing, 1 unmanaged

                  + unmanaged medplum AllowedOrigin 'https://plumbline-canary.invalid'
                      allowedOrigins: (none) → "https://plumbline-canary.invalid"
                      the Medplum server accepts a preflight from https://plumbline-canary.invalid, an origin no manifest declares, so its allowedOrigins is too permissive (probably '*'); deploy "allowedOrigins": "https://panels.example.org,https://admin.example.org" (or MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,https://admin.example.org)

                Fields read declared → live.

                """)
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(plan.output.hasSuffix("""
                CORS:
                  The Medplum server's CORS configuration disagrees with cors.allowedOrigins (it accepts origins no manifest declares); apply cannot change it, so deploy:
                    \(deploy)

                """))
        }
    }

    /// `plan` sends its preflights beside its reads: while the membership search is held back
    /// (and then refused), all three preflights (two origins and the canary) have already gone
    /// out. The read's error is the one reported.
    @Test func planPreflightsBesideItsReads() async throws {
        try await applied(allowedOrigins: ["https://admin.example.org", "https://panels.example.org"]) { manifests, medplum, stytch in
            medplum.resetStats()
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/ProjectMembership", "count": 1, "delayMs": 1_000, "status": 403])
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(plan.status == 77, "\(plan.error)")
            #expect(plan.error.contains("GET /fhir/R4/ProjectMembership"), "\(plan.error)")
            #expect(medplum.requestsByRoute["OPTIONS /fhir/R4/Patient"] == 3)
        }
    }

    @Test func aServerThatAllowsExactlyTheDeclaredOriginsHasNoCorsDrift() async throws {
        try await applied(allowedOrigins: ["https://admin.example.org", "https://panels.example.org"]) { manifests, medplum, stytch in
            medplum.resetStats()
            let drift = await runPlumbline(["drift", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(drift.status == 0, "\(drift.output)")
            #expect(drift.output.hasPrefix("Drift in environment 'sandbox': 0 changed, 0 missing, 0 unmanaged\n"))
            #expect(medplum.requestsByRoute["OPTIONS /fhir/R4/Patient"] == 3, "one preflight from each declared origin and one from the canary")
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(plan.status == 0)
            #expect(!plan.output.contains("CORS"))
            #expect(medplum.requestsByRoute["OPTIONS /fhir/R4/Patient"] == 6)
        }
    }
}
