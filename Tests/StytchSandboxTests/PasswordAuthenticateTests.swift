import Foundation
import Testing

/// Contract §15.3–15.4: `passwords/authenticate`, its sessions, MFA branch and errors.
@Suite("Password authenticate", .tags(.medium))
struct PasswordAuthenticateTests {
    @Test func authenticateReturnsTheFullResponseShapeWithA60MinuteSession() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            try await client.migratePassword("pw", "a@pw.example.org")
            let json = expectSuccess(try await authenticatePassword(client, "a@pw.example.org", Hashes.staple))
            for key in ["member_id", "organization_id", "session_token", "session_jwt", "intermediate_session_token"] {
                #expect(json[key] is String, "\(key)")
            }
            #expect(json.string("intermediate_session_token") == "")
            #expect(json.string("session_token")?.isEmpty == false && json.string("session_jwt")?.isEmpty == false)
            #expect(json.bool("member_authenticated") == true)
            #expect(json["mfa_required"] is NSNull)
            #expect(json.object("member").string("member_id") == json.string("member_id"))
            #expect(json.object("organization").string("organization_id") == json.string("organization_id"))
            let session = json.object("member_session")
            let started = try #require(session.string("started_at").flatMap { try? Date($0, strategy: .iso8601) })
            let expires = try #require(session.string("expires_at").flatMap { try? Date($0, strategy: .iso8601) })
            #expect(expires.timeIntervalSince(started) == 3600)
            #expect(session.string("organization_slug") == "pw")
            #expect(session.strings("roles") == ["stytch_member"])
            let factor = try #require(session.objects("authentication_factors").first)
            #expect(factor.string("type") == "password" && factor.string("delivery_method") == "knowledge")
            #expect(factor.object("email_factor").string("email_address") == "a@pw.example.org")
            let custom = expectSuccess(try await authenticatePassword(client, "a@pw.example.org", Hashes.staple, extra: ["session_duration_minutes": 15]))
            let customSession = custom.object("member_session")
            let customStart = try #require(customSession.string("started_at").flatMap { try? Date($0, strategy: .iso8601) })
            let customEnd = try #require(customSession.string("expires_at").flatMap { try? Date($0, strategy: .iso8601) })
            #expect(customEnd.timeIntervalSince(customStart) == 900)
        }
    }

    @Test func authenticateErrorTable() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            try await client.migratePassword("pw", "a@pw.example.org")
            try await client.createMember("pw", "nopass@pw.example.org")
            let gone = try await client.migratePassword("pw", "gone@pw.example.org")
            _ = try await client.send("DELETE", "v1/b2b/organizations/pw/members/\(gone.string("member_id") ?? "")")
            expectError(try await authenticatePassword(client, "a@pw.example.org", "wrong"), 401, "unauthorized_credentials")
            #expect(try await authenticatePassword(client, "a@pw.example.org", "wrong").json.string("error_message") == "Unauthorized credentials.")
            expectError(try await authenticatePassword(client, "stranger@pw.example.org", "x"), 404, "member_not_found")
            expectError(try await authenticatePassword(client, "gone@pw.example.org", Hashes.staple), 404, "member_not_found")
            expectError(try await authenticatePassword(client, "nopass@pw.example.org", "x"), 404, "member_password_not_found")
            expectError(
                try await client.send(
                    "POST", "v1/b2b/passwords/authenticate",
                    json: ["organization_id": "nope", "email_address": "a@pw.example.org", "password": "x"]),
                404, "organization_not_found")
            expectError(
                try await authenticatePassword(client, "a@pw.example.org", Hashes.staple, extra: ["session_duration_minutes": 527_041]), 400,
                "invalid_session_duration_minutes")
            expectError(try await authenticatePassword(client, "a@pw.example.org", Hashes.staple, extra: ["locale": "xx"]), 400, "invalid_locale")
            expectError(
                try await client.send("POST", "v1/b2b/passwords/authenticate", json: ["organization_id": "pw", "email_address": "a@pw.example.org"]),
                400, "bad_request")
        }
    }

    @Test func requiredMFAReturnsAnIntermediateSessionInsteadOfASession() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw", extra: ["mfa_policy": "REQUIRED_FOR_ALL"])
            try await client.migratePassword("pw", "m@pw.example.org", extra: ["mfa_phone_number": "+12025550162"])
            let json = expectSuccess(try await authenticatePassword(client, "m@pw.example.org", Hashes.staple, extra: ["session_duration_minutes": 30]))
            #expect(json.bool("member_authenticated") == false)
            let intermediate = try #require(json.string("intermediate_session_token"))
            #expect(!intermediate.isEmpty)
            #expect(json.string("session_token") == "" && json.string("session_jwt") == "")
            #expect(json["member_session"] is NSNull)
            #expect(json.object("mfa_required").object("member_options").string("mfa_phone_number") == "+12025550162")
            #expect(isTimestamp(json["intermediate_session_token_expires_at"]))
            let memberId = try #require(json.string("member_id"))
            let sessions = expectSuccess(try await client.send("GET", "v1/b2b/sessions?organization_id=pw&member_id=\(memberId)"))
            #expect(sessions.objects("member_sessions").isEmpty)
            let again = expectSuccess(
                try await authenticatePassword(client, "m@pw.example.org", Hashes.staple, extra: ["intermediate_session_token": intermediate]))
            #expect(again.string("intermediate_session_token") == intermediate)
            expectError(
                try await authenticatePassword(client, "m@pw.example.org", Hashes.staple, extra: ["intermediate_session_token": "nope"]), 404,
                "intermediate_session_not_found")
        }
    }

    @Test func anEnrolledMemberOwesMFAAndAnExistingSessionSkipsIt() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            try await client.migratePassword("pw", "s@pw.example.org")
            let session = expectSuccess(try await authenticatePassword(client, "s@pw.example.org", Hashes.staple))
            let token = try #require(session.string("session_token"))
            let memberId = try #require(session.string("member_id"))
            _ = try await client.send("PUT", "v1/b2b/organizations/pw/members/\(memberId)", json: ["mfa_enrolled": true])
            let pending = expectSuccess(try await authenticatePassword(client, "s@pw.example.org", Hashes.staple))
            #expect(pending.bool("member_authenticated") == false)
            let extended = expectSuccess(
                try await authenticatePassword(client, "s@pw.example.org", Hashes.staple, extra: ["session_token": token, "session_duration_minutes": 240]))
            #expect(extended.bool("member_authenticated") == true)
            #expect(extended.string("session_token") == token)
            let refreshed = extended.object("member_session")
            #expect(refreshed.string("member_session_id") == session.object("member_session").string("member_session_id"))
            let start = try #require(refreshed.string("last_accessed_at").flatMap { try? Date($0, strategy: .iso8601) })
            let end = try #require(refreshed.string("expires_at").flatMap { try? Date($0, strategy: .iso8601) })
            #expect(end.timeIntervalSince(start) == 240 * 60)
        }
    }

    @Test func restrictedAuthMethodsWithoutPasswordsRefuseAllButBreakglass() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw", extra: ["auth_methods": "RESTRICTED", "allowed_auth_methods": ["sso"]])
            try await client.migratePassword("pw", "r@pw.example.org")
            expectError(try await authenticatePassword(client, "r@pw.example.org", Hashes.staple), 403, "operation_restricted_by_organization_auth_methods")
            try await client.migratePassword("pw", "glass@pw.example.org", extra: ["is_breakglass": true])
            let member = try await client.send("GET", "v1/b2b/organizations/pw/member?email_address=glass%40pw.example.org")
            let id = try #require(expectSuccess(member).string("member_id"))
            _ = try await client.send("PUT", "v1/b2b/organizations/pw/members/\(id)", json: ["is_breakglass": true])
            expectSuccess(try await authenticatePassword(client, "glass@pw.example.org", Hashes.staple))
        }
    }
}
