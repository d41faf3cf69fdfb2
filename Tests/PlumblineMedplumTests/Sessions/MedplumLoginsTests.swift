import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineTestSupport
import SandboxFixtures
import Testing

@Suite("Medplum logins, health and history", .tags(.medium))
struct MedplumLoginsTests {
    let fixture = ScaleFixture(people: 3)

    func clients(_ medplum: MedplumHandle) throws -> (admin: MedplumClient, superAdmin: MedplumClient) {
        let connection = try #require(SandboxEnvironment.resolve(medplum.variables, stytch: false)?.medplum)
        let transport = HTTPTransport()
        return (MedplumClient(connection: connection, transport: transport), MedplumClient(connection: try #require(connection.asSuperAdmin), transport: transport))
    }

    /// A human Login as Medplum's password flow leaves it, POSTed by the super admin (the only
    /// caller that may write one, contract 4.6). Returns its id.
    func login(_ medplum: MedplumHandle, person: Int, authTime: String, revoked: Bool = false, membership: String? = nil) async throws -> String {
        var body: JSONValue = [
            "resourceType": "Login", "authMethod": "password", "authTime": .string(authTime), "granted": true,
            "user": ["reference": .string("User/\(ScaleFixture.id(2, person))")],
            "membership": ["reference": .string("ProjectMembership/\(membership ?? ScaleFixture.id(4, person))")],
        ]
        if revoked { body["revoked"] = true }
        let created = try await medplum.request("POST", "fhir/R4/Login", json: body, superAdmin: true)
        try #require(created.status == 201, "\(String(describing: created.body))")
        return try #require(created.body?["id"]?.string)
    }

    @Test func theProjectsNonRevokedHumanLoginsAreReadByUserAndJudgedByTheirTimes() async throws {
        try await SandboxHarness.withMedplum(seed: fixture.medplumSeed(projectId:)) { medplum in
            let (admin, superAdmin) = try clients(medplum)
            let first = try await login(medplum, person: 0, authTime: "2026-01-01T08:00:00.000Z")
            _ = try await login(medplum, person: 0, authTime: "2026-01-01T09:00:00.000Z", revoked: true)
            let second = try await login(medplum, person: 1, authTime: "2026-01-02T08:00:00.000Z")
            _ = try await login(medplum, person: 2, authTime: "2026-01-02T08:00:00.000Z", membership: "5c1c5b1e-0000-4000-8000-000000000000")
            let memberships = try await MedplumReader(client: admin).read().state.memberships
            medplum.resetStats()

            let snapshot = try await MedplumLogins(superAdmin: superAdmin).read(for: memberships)
            #expect(Set(snapshot.sessions.map(\.sessionId)) == [first, second], "revoked Logins and Logins of other memberships are not this project's sessions")
            let session = try #require(snapshot.sessions.first { $0.sessionId == first })
            #expect(session.holder == SessionHolder(.medplum, fixture.email(0)))
            #expect(session.startedAt == LiveMappingFixture.date("2026-01-01T08:00:00Z"))
            #expect(session.lastActiveAt > session.startedAt, "last activity is the Login's last update")
            #expect(session.expiresAt == nil)
            #expect(medplum.requestsByRoute == ["POST /oauth2/token": 1, "GET /fhir/R4/Login": 1], "one search for every 50 users")
        }
    }

    @Test func revokingMarksTheLoginRevokedAndReadsItBack() async throws {
        try await SandboxHarness.withMedplum(seed: fixture.medplumSeed(projectId:)) { medplum in
            let (admin, superAdmin) = try clients(medplum)
            let id = try await login(medplum, person: 0, authTime: "2026-01-01T08:00:00.000Z")
            let logins = MedplumLogins(superAdmin: superAdmin)
            let snapshot = try await logins.read(for: try await MedplumReader(client: admin).read().state.memberships)
            try await logins.revoke(id, in: snapshot)
            let stored = try await medplum.request("GET", "fhir/R4/Login/\(id)", superAdmin: true)
            #expect(stored.body?["revoked"] == true)
            #expect(try await logins.read(for: try await MedplumReader(client: admin).read().state.memberships).sessions.isEmpty)
        }
    }

    @Test func onlyTheSuperAdminMayReadLogins() async throws {
        try await SandboxHarness.withMedplum(seed: fixture.medplumSeed(projectId:)) { medplum in
            let (admin, _) = try clients(medplum)
            let memberships = try await MedplumReader(client: admin).read().state.memberships
            await #expect(throws: MedplumError.self) { try await MedplumLogins(superAdmin: admin).read(for: memberships) }
        }
    }

    @Test func theHealthcheckNeedsNoTokenAndReportsAFailingServer() async throws {
        try await SandboxHarness.withMedplum { medplum in
            let (admin, _) = try clients(medplum)
            let healthy = try await admin.healthcheck()
            #expect(healthy.status == 200 && healthy.body?["ok"] == true)
            try await medplum.fault(["method": "GET", "pathPrefix": "/healthcheck", "count": 10, "status": 503])
            #expect(try await admin.healthcheck().status == 503)
            #expect(medplum.requestsByRoute["POST /oauth2/token"] == nil)
        }
    }

    @Test func aMembershipWasCreatedWhenItsFirstVersionWasWritten() async throws {
        try await SandboxHarness.withMedplum(seed: fixture.medplumSeed(projectId:)) { medplum in
            let (admin, _) = try clients(medplum)
            let id = ScaleFixture.id(4, 0)
            let original = try await admin.read("ProjectMembership", id)
            medplum.setClockOffset(86_400)
            var changed = original
            changed["admin"] = true
            _ = try await admin.update(changed, ifMatch: original["meta"]?["versionId"]?.string ?? "")
            let created = try #require(try await admin.createdAt("ProjectMembership", id))
            #expect(created == LiveMappingFixture.date(original["meta"]?["lastUpdated"]?.string ?? ""))
            let updated = try await admin.read("ProjectMembership", id)
            let lastUpdated = try #require(LiveMappingFixture.date(updated["meta"]?["lastUpdated"]?.string ?? ""))
            #expect(lastUpdated.timeIntervalSince(created) >= 86_400)
        }
    }
}

enum LiveMappingFixture {
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
