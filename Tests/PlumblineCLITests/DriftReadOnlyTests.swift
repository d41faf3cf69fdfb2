import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import SandboxFixtures
import Testing

@Suite("plumbline drift writes nothing", .tags(.large))
struct DriftReadOnlyTests {
    /// The scale fixture's environment with CORS and the Stytch management API, so drift reads
    /// through every reader it has: Medplum, its histories, CORS preflights, Stytch and the
    /// frontend SDK's configuration.
    static let environment = """
        kind: Environment
        name: sandbox
        medplum:
          baseUrl: ${env:MEDPLUM_BASE_URL}
          projectId: ${env:MEDPLUM_PROJECT_ID}
          clientId: ${env:MEDPLUM_CLIENT_ID}
          clientSecret: ${env:MEDPLUM_CLIENT_SECRET}
          sendInviteEmail: false
        stytch:
          baseUrl: ${env:STYTCH_BASE_URL}
          projectId: ${env:STYTCH_PROJECT_ID}
          secret: ${env:STYTCH_SECRET}
          management:
            baseUrl: ${env:STYTCH_MANAGEMENT_BASE_URL}
            projectSlug: ${env:STYTCH_PROJECT_SLUG}
            environmentSlug: ${env:STYTCH_ENVIRONMENT_SLUG}
            keyId: ${env:STYTCH_MANAGEMENT_KEY_ID}
            secret: ${env:STYTCH_MANAGEMENT_SECRET}
        sessionPolicy: default
        cors:
          allowedOrigins: [http://localhost:3000]

        """

    @Test func driftOverThreeHundredPeopleWithThirtyChangedMakesNoWriteInEitherSystem() async throws {
        let fixture = ScaleFixture(people: 300, organizations: 4, policies: 3, stytch: true).changing(every: 10)
        var files = fixture.manifestFiles
        files["environment.yaml"] = Self.environment
        let manifests = try TestManifests(files)
        try await withSeededSandboxes(medplum: fixture.medplumSeed(projectId:), stytch: fixture.stytchSeed(now:)) { medplum, stytch in
            medplum.resetStats()
            stytch.resetStats()
            // Each history answer is held back a little, so reads side by side meet at the server.
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/ProjectMembership/", "count": 25, "delayMs": 300])
            let result = await runPlumbline(["drift", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch)
            #expect(result.status == 2, "\(result.error)")
            let document = try DriftDocument.decode(result.output)
            // 30 people changed in both systems, and the SDK's domains were never set.
            #expect(document.summary == ["changed": 61, "missing": 0, "unmanaged": 0])
            #expect(document.entry("FrontendSDK", "sandbox-project/test")?.fields == [FieldChange("basic.domains", before: ["http://localhost:3000"], after: [])])
            #expect(document.notes == ["5 changed Medplum object(s) name their last writer only: the run reads at most 25 histories"])

            // Every request was a read: one search a kind, the history budget, two preflights.
            #expect(medplum.requestsByRoute == [
                "POST /oauth2/token": 1, "GET /fhir/R4/Project/:id": 1, "GET /fhir/R4/AccessPolicy": 1, "GET /fhir/R4/ProjectMembership": 1,
                "GET /fhir/R4/ClientApplication": 1, "GET /fhir/R4/ProjectMembership/:id/_history": 25, "OPTIONS /fhir/R4/Patient": 2,
            ])
            #expect(stytch.requestsByRoute == [
                "POST /v1/b2b/organizations/search": 1, "POST /v1/b2b/organizations/members/search": 1, "GET /v1/b2b/rbac/policy": 1,
                "GET /pwa/v3/projects/:id/environments/:id/sdk/b2b": 1,
            ])
            // The histories are read side by side, within the transport's bound of 8.
            let historiesAtOnce = medplum.peakInFlight["GET /fhir/R4/ProjectMembership/:id/_history"] ?? 0
            #expect((2...8).contains(historiesAtOnce), "\(historiesAtOnce) history reads at once")
            #expect(medplum.writes == 0, "\(medplum.requestsByRoute)")
            #expect(stytch.writes == 0, "\(stytch.requestsByRoute)")
        }
    }
}
