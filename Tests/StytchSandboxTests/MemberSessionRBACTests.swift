import Foundation
import Testing

/// Contract §1.2: requests carrying `X-Stytch-Member-Session` / `X-Stytch-Member-SessionJWT` run
/// with that member's permissions; a missing permission is a 403.
@Suite("Member-session RBAC", .tags(.medium))
struct MemberSessionRBACTests {
    struct Team: Sendable {
        let adminToken: String
        let adminJWT: String
        let nurseToken: String
        let nurseId: String
        let auditorToken: String
        let targetId: String
    }

    func team(_ client: StytchTestClient) async throws -> Team {
        try await client.createOrganization("ward")
        try await client.createOrganization("other-ward")
        try await client.migratePassword("ward", "admin@ward.example.org", extra: ["roles": ["stytch_admin"]])
        try await client.migratePassword("ward", "nurse@ward.example.org", extra: ["roles": ["nurse"]])
        try await client.migratePassword("ward", "audit@ward.example.org", extra: ["roles": ["auditor"]])
        let target = try await client.createMember("ward", "target@ward.example.org")
        let admin = try await client.login("ward", "admin@ward.example.org")
        let nurse = try await client.login("ward", "nurse@ward.example.org")
        let auditor = try await client.login("ward", "audit@ward.example.org")
        return Team(
            adminToken: try #require(admin.string("session_token")), adminJWT: try #require(admin.string("session_jwt")),
            nurseToken: try #require(nurse.string("session_token")), nurseId: try #require(nurse.string("member_id")),
            auditorToken: try #require(auditor.string("session_token")), targetId: try #require(target.string("member_id")))
    }

    func asMember(_ client: StytchTestClient, _ token: String, _ method: String, _ path: String, _ json: [String: Any]) async throws
        -> TestResponse
    {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        return try await client.send(method, path, body: body, headers: ["X-Stytch-Member-Session": token])
    }

    @Test func adminsMayManageMembersAndTheOrganization() async throws {
        try await withSandbox { client in
            let team = try await team(client)
            expectSuccess(try await asMember(client, team.adminToken, "POST", "v1/b2b/organizations/ward/members", ["email_address": "new@ward.example.org"]))
            expectSuccess(try await asMember(client, team.adminToken, "PUT", "v1/b2b/organizations/ward/members/\(team.targetId)", ["roles": ["nurse"]]))
            expectSuccess(try await asMember(client, team.adminToken, "PUT", "v1/b2b/organizations/ward", ["organization_name": "Ward 7", "mfa_policy": "OPTIONAL"]))
            let viaJWT = try await client.send(
                "PUT", "v1/b2b/organizations/ward", body: #"{"organization_name": "Ward 8"}"#, headers: ["X-Stytch-Member-SessionJWT": team.adminJWT])
            expectSuccess(viaJWT)
            expectError(
                try await asMember(client, team.adminToken, "PUT", "v1/b2b/organizations/ward", ["trusted_metadata": ["x": 1]]), 403,
                "session_authorization_error")
            expectSuccess(try await asMember(client, team.adminToken, "DELETE", "v1/b2b/organizations/ward/members/\(team.targetId)", [:]))
        }
    }

    @Test func membersWithoutThePermissionGet403() async throws {
        try await withSandbox { client in
            let team = try await team(client)
            let cases: [(String, String, [String: Any])] = [
                ("POST", "v1/b2b/organizations/ward/members", ["email_address": "x@ward.example.org"]),
                ("PUT", "v1/b2b/organizations/ward/members/\(team.targetId)", ["name": "Renamed"]),
                ("PUT", "v1/b2b/organizations/ward/members/\(team.nurseId)", ["roles": ["stytch_admin"]]),
                ("PUT", "v1/b2b/organizations/ward", ["organization_name": "Mine"]),
                ("DELETE", "v1/b2b/organizations/ward", [:]),
                ("DELETE", "v1/b2b/organizations/ward/members/\(team.targetId)", [:]),
                ("POST", "v1/b2b/organizations/members/search", ["organization_ids": ["ward"]]),
            ]
            for (method, path, body) in cases {
                expectError(try await asMember(client, team.nurseToken, method, path, body), 403, "session_authorization_error")
            }
            // Nothing changed.
            let org = expectSuccess(try await client.send("GET", "v1/b2b/organizations/ward")).object("organization")
            #expect(org.string("organization_name") == "Org ward")
        }
    }

    @Test func membersMayChangeTheirOwnInfoThroughStytchSelf() async throws {
        try await withSandbox { client in
            let team = try await team(client)
            let path = "v1/b2b/organizations/ward/members/\(team.nurseId)"
            let renamed = expectSuccess(try await asMember(client, team.nurseToken, "PUT", path, ["name": "Nina", "untrusted_metadata": ["a": 1]]))
            #expect(renamed.object("member").string("name") == "Nina")
            expectError(
                try await asMember(client, team.nurseToken, "PUT", path, ["email_address": "nina@ward.example.org"]), 403,
                "member_cannot_update_their_email_address")
            expectError(try await asMember(client, team.nurseToken, "PUT", path, ["trusted_metadata": ["a": 1]]), 403, "session_authorization_error")
            expectSuccess(try await asMember(client, team.nurseToken, "POST", "v1/b2b/sessions/revoke", ["member_id": team.nurseId]))
            expectError(
                try await client.send("POST", "v1/b2b/sessions/authenticate", json: ["session_token": team.nurseToken]), 404, "session_not_found")
        }
    }

    @Test func searchAndRevokeAreBoundToTheCallersOrganizationAndRoles() async throws {
        try await withSandbox { client in
            let team = try await team(client)
            expectSuccess(try await asMember(client, team.auditorToken, "POST", "v1/b2b/organizations/members/search", ["organization_ids": ["ward"]]))
            expectError(
                try await asMember(client, team.auditorToken, "POST", "v1/b2b/organizations/members/search", ["organization_ids": ["ward", "other-ward"]]),
                403, "session_authorization_tenancy_error")
            expectError(
                try await asMember(client, team.adminToken, "POST", "v1/b2b/organizations/other-ward/members", ["email_address": "x@o.example.org"]),
                403, "session_authorization_tenancy_error")
            expectError(
                try await asMember(client, team.nurseToken, "POST", "v1/b2b/sessions/revoke", ["session_token": team.adminToken]), 403,
                "session_authorization_error")
            expectSuccess(try await asMember(client, team.adminToken, "POST", "v1/b2b/sessions/revoke", ["member_id": team.nurseId]))
            expectError(
                try await asMember(client, "not-a-session", "PUT", "v1/b2b/organizations/ward", ["organization_name": "x"]), 404, "session_not_found")
        }
    }
}
