import Foundation
import StytchSandbox
import Testing

/// `--state` persistence and the start-up seed.
@Suite("State and seed", .tags(.medium))
struct PersistenceTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stytch-state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func everyWriteSurvivesARestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = StytchSandboxConfiguration(stateDirectory: directory, limits: .unlimited)
        struct Saved: Sendable {
            let credentials: StytchSandboxCredentials
            let token: String
            let jwt: String
            let memberId: String
        }
        let saved = try await withSandbox(configuration) { client in
            try await client.createOrganization("kept", extra: ["trusted_metadata": ["v": 1]])
            try await client.migratePassword("kept", "k@kept.example.org", extra: ["roles": ["nurse"]])
            let doomed = try await client.createMember("kept", "gone@kept.example.org")
            _ = try await client.send("DELETE", "v1/b2b/organizations/kept/members/\(doomed.string("member_id") ?? "")")
            let login = try await client.login("kept", "k@kept.example.org")
            let env = "pwa/v3/projects/\(client.credentials.projectSlug)/environments/\(client.credentials.environmentSlug)"
            let sdk: [String: Any] = ["config": ["basic": ["enabled": true, "domains": [["domain": "https://kept.example.org"]]]]]
            expectSuccess(try await client.send("PUT", env + "/sdk/b2b", json: sdk, auth: .management))
            expectSuccess(try await client.send("PUT", env + "/rbac_policy", json: ["custom_roles": [[String: Any]]()], auth: .management))
            let orgRole: [String: Any] = ["role_id": "kept-role", "description": "", "permissions": [["resource_id": "stytch.member", "actions": ["search"]]]]
            expectSuccess(try await client.send("PUT", "v1/b2b/rbac/organizations/kept", json: ["org_policy": ["roles": [orgRole]]]))
            return Saved(
                credentials: client.credentials, token: try #require(login.string("session_token")),
                jwt: try #require(login.string("session_jwt")), memberId: try #require(login.string("member_id")))
        }
        try await withSandbox(configuration) { client in
            #expect(client.credentials == saved.credentials)
            let org = expectSuccess(try await client.send("GET", "v1/b2b/organizations/kept")).object("organization")
            #expect(org.object("trusted_metadata").int("v") == 1)
            #expect(org.objects("custom_roles").first?.string("role_id") == "kept-role")
            let member = expectSuccess(try await client.send("GET", "v1/b2b/organizations/kept/member?member_id=\(saved.memberId)")).object("member")
            #expect(member.objects("roles").compactMap { $0.string("role_id") } == ["stytch_member", "nurse"])
            let deleted = try await client.send(
                "POST", "v1/b2b/organizations/members/search",
                json: ["organization_ids": ["kept"], "query": ["operator": "AND", "operands": [["filter_name": "statuses", "filter_value": ["deleted"]]]]])
            #expect(expectSuccess(deleted).objects("members").count == 1)
            expectSuccess(try await client.send("POST", "v1/b2b/sessions/authenticate", json: ["session_token": saved.token]))
            expectSuccess(try await client.send("POST", "v1/b2b/sessions/authenticate", json: ["session_jwt": saved.jwt]))
            _ = try await client.login("kept", "k@kept.example.org")
            let env = "pwa/v3/projects/\(client.credentials.projectSlug)/environments/\(client.credentials.environmentSlug)"
            let sdk = expectSuccess(try await client.send("GET", env + "/sdk/b2b", auth: .management)).object("config")
            #expect(sdk.object("basic").objects("domains").first?.string("domain") == "https://kept.example.org")
            let policy = expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy")).object("policy")
            #expect(policy.objects("roles").count == 2)
            // New objects continue the creation order.
            try await client.createOrganization("later")
            let all = try await client.send("POST", "v1/b2b/organizations/search", body: "{}")
            #expect(expectSuccess(all).objects("organizations").compactMap { $0.string("organization_slug") } == ["kept", "later"])
        }
    }

    @Test func aTornFinalJournalLineIsSkipped() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = StytchSandboxConfiguration(stateDirectory: directory, limits: .unlimited)
        try await withSandbox(configuration) { client in
            _ = try await client.createOrganization("torn")
        }
        let journal = URL(fileURLWithPath: directory).appendingPathComponent("stytch/journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"organization":{"_0":{"id":"org"#.utf8))
        try handle.close()
        try await withSandbox(configuration) { client in
            _ = expectSuccess(try await client.send("GET", "v1/b2b/organizations/torn"))
        }
    }

    static let seed = #"""
    {"organizations": [
      {"organization_name": "Northside Clinic", "organization_slug": "northside",
       "email_allowed_domains": ["northside.example.org"], "trusted_metadata": {"plumbline": {"managed": true}},
       "members": [
         {"email_address": "alice@northside.example.org", "name": "Alice Doe", "roles": ["clinician"],
          "password": "correct horse battery staple", "sessions": [{}, {"started_at": "2020-01-01T00:00:00Z", "expires_at": "2020-01-01T01:00:00Z"}]},
         {"email_address": "old@northside.example.org", "status": "deleted"},
         {"email_address": "new@northside.example.org", "status": "invited", "external_id": "hr-2"}]},
      {"organization_name": "Southside", "organization_slug": "southside"}]}
    """#

    @Test func seedCreatesOrganizationsMembersPasswordsAndSessions() async throws {
        let configuration = StytchSandboxConfiguration(seed: Data(Self.seed.utf8), limits: .unlimited)
        try await withSandbox(configuration) { client in
            let orgs = expectSuccess(try await client.send("POST", "v1/b2b/organizations/search", body: "{}")).objects("organizations")
            #expect(orgs.compactMap { $0.string("organization_slug") } == ["northside", "southside"])
            #expect(orgs.first?.object("trusted_metadata").object("plumbline").bool("managed") == true)
            let alice = expectSuccess(
                try await client.send("GET", "v1/b2b/organizations/northside/member?email_address=alice%40northside.example.org"))
            let aliceId = try #require(alice.string("member_id"))
            #expect(alice.object("member").objects("roles").compactMap { $0.string("role_id") } == ["stytch_member", "clinician"])
            let sessions = expectSuccess(try await client.send("GET", "v1/b2b/sessions?organization_id=northside&member_id=\(aliceId)"))
            #expect(sessions.objects("member_sessions").count == 1, "the 2020 session has long expired")
            _ = try await client.login("northside", "alice@northside.example.org")
            expectError(
                try await client.send("GET", "v1/b2b/organizations/northside/member?email_address=old%40northside.example.org"), 404,
                "member_not_found")
            let invited = expectSuccess(try await client.send("GET", "v1/b2b/organizations/northside/member?member_id=hr-2"))
            #expect(invited.object("member").string("status") == "invited")
        }
    }

    @Test func seedIsIgnoredOnceStateExists() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = StytchSandboxConfiguration(stateDirectory: directory, seed: Data(Self.seed.utf8), limits: .unlimited)
        try await withSandbox(configuration) { client in
            _ = try await client.send("DELETE", "v1/b2b/organizations/southside")
        }
        try await withSandbox(configuration) { client in
            expectError(try await client.send("GET", "v1/b2b/organizations/southside"), 404, "organization_not_found")
            expectSuccess(try await client.send("GET", "v1/b2b/organizations/northside"))
        }
    }

    @Test(arguments: [
        #"{"organizations": [{"organization_name": "Bad", "organization_slug": "x"}]}"#,
        #"{"organizations": [{"organization_name": "Ok", "organization_slug": "ok", "members": [{"email_address": "nope"}]}]}"#,
        #"{"organizations": 3}"#,
    ])
    func anInvalidSeedStopsTheSandboxFromStarting(_ seed: String) async throws {
        let configuration = StytchSandboxConfiguration(seed: Data(seed.utf8))
        await #expect(throws: StytchSandboxError.self) {
            try await StytchSandbox.withRunning(configuration) { _ in }
        }
    }

    @Test func explicitCredentialsAreUsed() async throws {
        let credentials = StytchSandboxCredentials(
            projectId: "project-test-11111111-2222-3333-4444-555555555555", secret: "secret-test-fixed", projectSlug: "panels",
            environmentSlug: "sandbox", managementKeyId: "workspace-key-test-fixed", managementSecret: "fixed")
        try await withSandbox(StytchSandboxConfiguration(limits: .unlimited, credentials: credentials)) { client in
            #expect(client.credentials == credentials)
            expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy"))
            expectSuccess(try await client.send("GET", "pwa/v3/projects/panels/environments/sandbox/sdk/b2b", auth: .management))
        }
    }
}
