import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineTestSupport
import SandboxFixtures
import Testing

@Suite("Reading a Medplum project", .tags(.medium))
struct MedplumReaderTests {
    func client(_ medplum: MedplumHandle, transport: HTTPTransport = HTTPTransport()) throws -> MedplumClient {
        let connection = try #require(EnvironmentResolverFixture.connection(medplum))
        return MedplumClient(connection: connection, transport: transport)
    }

    /// Requests = one token + one Project read + ceil(N/1000) pages per object type, whatever N.
    @Test func readsTwoThousandPeopleInAHandfulOfRequests() async throws {
        let fixture = ScaleFixture(people: 2_000)
        try await SandboxHarness.withMedplum(seed: fixture.medplumSeed(projectId:)) { medplum in
            let snapshot = try await MedplumReader(client: try client(medplum)).read()
            #expect(snapshot.state.memberships.count == 2_001, "2,000 people and the seeded owner")
            #expect(snapshot.state.memberships.filter { $0.managedKey != nil }.count == 2_000)
            #expect(snapshot.state.policies.count == 3)
            let memberships = 2_000 + 1 + 1  // people, owner, plumbline's own client
            #expect(medplum.requestsByRoute == [
                "POST /oauth2/token": 1,
                "GET /fhir/R4/Project/:id": 1,
                "GET /fhir/R4/AccessPolicy": 1,
                "GET /fhir/R4/ClientApplication": 1,
                "GET /fhir/R4/ProjectMembership": (memberships + 999) / 1_000,
            ])
        }
    }

    @Test func membershipsMapToThePersonTheirPoliciesAndTheirMarker() async throws {
        let fixture = ScaleFixture(people: 3)
        try await SandboxHarness.withMedplum(seed: fixture.medplumSeed(projectId:)) { medplum in
            let snapshot = try await MedplumReader(client: try client(medplum)).read()
            let first = try #require(snapshot.state.memberships.first { $0.managedKey == fixture.email(0) })
            #expect(first.email == fixture.email(0))
            #expect(first.profileType == "Practitioner")
            #expect(first.policyIds == [ScaleFixture.policyId(0)])
            #expect(first.usesAccessList)
            #expect(first.active)
            #expect(!first.admin)
            #expect(snapshot.state.ownerUserReference?.hasPrefix("User/") == true)
            let owner = try #require(snapshot.state.memberships.first { $0.userReference == snapshot.state.ownerUserReference })
            #expect(owner.admin && owner.managedKey == nil && owner.email == "owner@example.com")
            #expect(snapshot.state.selfMembershipId != nil)
            #expect(snapshot.state.clients.contains { $0.id == medplum.clientId && $0.membership?.id == snapshot.state.selfMembershipId })
        }
    }

    /// The Project and the three searches do not wait for each other: while the Project's answer
    /// is held back (and then refused), every search has already been sent. A sequential read
    /// would have sent none of them.
    @Test func theProjectAndTheSearchesAreReadSideBySide() async throws {
        try await SandboxHarness.withMedplum { medplum in
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/Project/", "count": 1, "delayMs": 1_000, "status": 403])
            let error = await #expect(throws: MedplumError.self) { try await MedplumReader(client: try client(medplum)).read() }
            #expect(error?.request == "GET /fhir/R4/Project/:id")
            #expect(medplum.requestsByRoute == [
                "POST /oauth2/token": 1,
                "GET /fhir/R4/Project/:id": 1,
                "GET /fhir/R4/AccessPolicy": 1,
                "GET /fhir/R4/ClientApplication": 1,
                "GET /fhir/R4/ProjectMembership": 1,
            ])
        }
    }

    /// When several reads fail, the error reported is the one a sequential read meets first,
    /// whichever answer came back first.
    @Test func theFirstReadsErrorIsReportedWhenSeveralFail() async throws {
        try await SandboxHarness.withMedplum { medplum in
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/Project/", "count": 1, "delayMs": 300, "status": 403])
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/ProjectMembership", "count": 1, "status": 404])
            let error = await #expect(throws: MedplumError.self) { try await MedplumReader(client: try client(medplum)).read() }
            #expect(error?.request == "GET /fhir/R4/Project/:id")
            #expect(error?.status == 403)
        }
    }

    /// A client given tokens shorter than the renewal margin (`accessTokenLifetime: 30s`) still
    /// spends one token on a read of several pages, not one per request.
    @Test func aShortLivedTokenServesTheWholeRead() async throws {
        try await SandboxHarness.withMedplum(seed: ScaleFixture(people: 2_500).medplumSeed(projectId:)) { medplum in
            var application = try #require(try await medplum.request("GET", "fhir/R4/ClientApplication/\(medplum.clientId)").body)
            application["accessTokenLifetime"] = "30s"
            let updated = try await medplum.request("PUT", "fhir/R4/ClientApplication/\(medplum.clientId)", json: application)
            try #require(updated.status == 200, "\(String(describing: updated.body))")
            medplum.resetStats()
            _ = try await MedplumReader(client: try client(medplum)).read()
            #expect(medplum.requestsByRoute["GET /fhir/R4/ProjectMembership"] == 3)
            #expect(medplum.requestsByRoute["POST /oauth2/token"] == 1)
        }
    }

    @Test func anExpiredTokenIsRenewedOnceAndTheReadSucceeds() async throws {
        try await SandboxHarness.withMedplum { medplum in
            let reader = MedplumReader(client: try client(medplum))
            _ = try await reader.read()
            // Two hours later the cached token has expired on the server's clock.
            medplum.setClockOffset(7_200)
            _ = try await reader.read()
            #expect(medplum.requestsByRoute["POST /oauth2/token"] == 2)
        }
    }
}

/// A `MedplumConnection` for a sandbox, built the way the CLI builds one: from an Environment
/// manifest and the sandbox's variables.
enum EnvironmentResolverFixture {
    static func connection(_ medplum: MedplumHandle) -> MedplumConnection? {
        let manifest = Validator.validate([SourceFile(path: "env.yaml", text: ScaleFixture(people: 0).manifestFiles["environment.yaml"] ?? "")])
        guard let environment = manifest.manifests.environments.first else { return nil }
        let source = ReferenceSource(variables: medplum.variables) { _ in "" }
        return try? EnvironmentResolver.resolve(environment, using: source).get().medplum
    }
}
