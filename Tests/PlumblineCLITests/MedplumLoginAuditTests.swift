import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("plumbline sessions: Medplum logins", .tags(.large))
struct MedplumLoginAuditTests {
    /// Creates a human Login for `email`'s membership as the super admin (the only caller that may
    /// write one), with the sandbox's clock moved `clockAhead` seconds forward, so its last update
    /// is then. (The sandbox's writes never go back in time, so Logins are aged by moving the
    /// clock forward and auditing at that later instant.)
    func login(_ medplum: MedplumHandle, _ email: String, authTime: Date, clockAhead: Double = 0) async throws -> String {
        let membership = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == email })
        medplum.setClockOffset(clockAhead)
        defer { medplum.setClockOffset(0) }
        let created = try await medplum.request("POST", "fhir/R4/Login", json: [
            "resourceType": "Login", "authMethod": "password", "authTime": .string(ISO8601DateFormatter().string(from: authTime)), "granted": true,
            "user": membership["user"] ?? .null, "membership": ["reference": .string("ProjectMembership/\(membership["id"]?.string ?? "")")],
            "project": membership["project"] ?? .null,
        ], superAdmin: true)
        try #require(created.status == 201, "\(String(describing: created.body))")
        return try #require(created.body?["id"]?.string)
    }

    @Test func loginsAreJudgedLikeStytchSessionsAndRevokedAsTheSuperAdmin() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(), medplum: medplum, stytch: stytch) { manifests in
                // Idle: signed in and last refreshed now; audited 15 minutes later (idleTimeout 10m).
                let idle = try await login(medplum, "cy@eastside.example.org", authTime: Date().addingTimeInterval(-60))
                let now = Date().addingTimeInterval(15 * 60)
                // Over age: signed in 30 minutes before the audit (maxAge 20m), refreshed at it.
                let overAge = try await login(medplum, "bob@eastside.example.org", authTime: now.addingTimeInterval(-30 * 60), clockAhead: 15 * 60)
                let fresh = try await login(medplum, "ada@eastside.example.org", authTime: now.addingTimeInterval(-60), clockAhead: 15 * 60)
                let result = await runPlumbline(["sessions", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch, now: now)
                #expect(result.status == 2, "\(result.error)")
                #expect(result.error.isEmpty, "Logins were audited: no note")
                let medplumSessions = try AuditDocument.decode(result.output).sessions.filter { $0.system == "medplum" }
                #expect(Dictionary(uniqueKeysWithValues: medplumSessions.map { ($0.sessionId, $0.reasons) }) == [overAge: ["over-age"], idle: ["idle"], fresh: []])
                #expect(medplumSessions.first { $0.sessionId == overAge }?.member == "bob@eastside.example.org")
                #expect(medplum.requestsByRoute["GET /fhir/R4/Login"] == 1)

                let revoke = await runPlumbline(["sessions", "--manifests", manifests.directory, "--output", "json", "--revoke"], medplum: medplum, stytch: stytch, now: now)
                let revoked = try AuditDocument.decode(revoke.output).sessions.filter { $0.revoked }.map(\.sessionId).sorted()
                #expect(revoked == [overAge, idle].sorted())
                for id in [overAge, idle] {
                    #expect(try await medplum.request("GET", "fhir/R4/Login/\(id)", superAdmin: true).body?["revoked"] == true)
                }
                #expect(try await medplum.request("GET", "fhir/R4/Login/\(fresh)", superAdmin: true).body?["revoked"] == nil)
                let after = await runPlumbline(["sessions", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch, now: now)
                #expect(after.status == 0)
                #expect(try AuditDocument.decode(after.output).sessions.map(\.sessionId) == [fresh], "revoked Logins are no longer sessions")
                for output in [result, revoke, after] {
                    for secret in medplum.secrets + stytch.secrets { #expect(!output.output.contains(secret) && !output.error.contains(secret)) }
                }
            }
        }
    }

    @Test func loginsOfSomeoneOffboardedAreFlagged() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(), medplum: medplum, stytch: stytch) { manifests in
                let id = try await login(medplum, "cy@eastside.example.org", authTime: Date())
                try manifests.write("people.yaml", BothSystems.people(["cy@eastside.example.org": "active: false\n"]))
                let result = await runPlumbline(["sessions", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch)
                #expect(try AuditDocument.decode(result.output).reasons(id) == ["offboarded"])
            }
        }
    }

    @Test func refusedSuperAdminCredentialsAreACredentialsError() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(), medplum: medplum, stytch: stytch) { manifests in
                var variables = medplum.variables.merging(stytch.variables) { $1 }
                variables["MEDPLUM_SUPERADMIN_CLIENT_SECRET"] = "not-the-secret"
                let result = await Runtime.$current.withValue(Runtime(variables: variables)) {
                    await runPlumbline(["sessions", "--manifests", manifests.directory])
                }
                #expect(result.status == 77)
                #expect(result.error.contains("medplum.superAdmin"))
                #expect(!result.error.contains("not-the-secret"))
            }
        }
    }
}
