import Foundation
import Testing

/// Contract §15: `passwords/migrate` and `passwords/authenticate`.
@Suite("Passwords", .tags(.medium))
struct PasswordTests {
    func migrate(_ client: StytchTestClient, _ email: String, _ type: String, _ hash: String, extra: [String: Any] = [:]) async throws
        -> TestResponse
    {
        var body: [String: Any] = ["organization_id": "pw", "email_address": email, "hash_type": type, "hash": hash]
        body.merge(extra) { _, new in new }
        return try await client.send("POST", "v1/b2b/passwords/migrate", json: body)
    }

    func authenticate(_ client: StytchTestClient, _ email: String, _ password: String, extra: [String: Any] = [:]) async throws
        -> TestResponse
    {
        var body: [String: Any] = ["organization_id": "pw", "email_address": email, "password": password]
        body.merge(extra) { _, new in new }
        return try await client.send("POST", "v1/b2b/passwords/authenticate", json: body)
    }

    /// (hash type, hash, config key, config, password) of every verifiable scheme.
    static var schemes: [(String, String, String?, [String: Any], String)] { [
        ("md_5", Hashes.md5Salted, "md_5_config", ["prepend_salt": "pre", "append_salt": "post"], "hunter2-md5"),
        ("md_5", Hashes.md5Plain.uppercased(), nil, [:], "hunter2-md5"),
        ("sha_1", Hashes.sha1Plain, nil, [:], "hunter2-sha1"),
        ("sha_1", Hashes.sha1Prepended, "sha_1_config", ["prepend_salt": "NaCl"], "hunter2-sha1"),
        ("sha_512", Hashes.sha512Appended, "sha_512_config", ["append_salt": "pepper"], "hunter2-sha512"),
        ("sha_512", Hashes.sha512Staple, "sha_512_config", ["prepend_salt": "", "append_salt": ""], Hashes.staple),
        ("bcrypt", Hashes.bcrypt2b, nil, [:], "hunter2-bcrypt"),
        ("bcrypt", Hashes.bcrypt2a, nil, [:], "hunter2-bcrypt"),
        ("pbkdf_2", Hashes.pbkdf2, "pbkdf_2_config",
         ["salt": Hashes.saltBase64, "iteration_amount": 1000, "key_length": 32, "algorithm": "sha256"], "hunter2-pbkdf2"),
        ("scrypt", Hashes.scrypt, "scrypt_config",
         ["salt": Hashes.saltBase64, "n_parameter": 16, "r_parameter": 8, "p_parameter": 1, "key_length": 32], "hunter2-scrypt"),
    ] }

    @Test(arguments: 0..<schemes.count)
    func migratedHashesVerifyTheOriginalPassword(_ index: Int) async throws {
        let (type, hash, configKey, config, password) = Self.schemes[index]
        try await withSandbox { client in
            try await client.createOrganization("pw")
            var extra: [String: Any] = [:]
            if let configKey { extra[configKey] = config }
            let migrated = expectSuccess(try await migrate(client, "m@pw.example.org", type, hash, extra: extra))
            #expect(migrated.bool("member_created") == true)
            #expect(migrated.object("member").bool("email_address_verified") == true)
            #expect(migrated.object("member").string("status") == "active")
            expectSuccess(try await authenticate(client, "m@pw.example.org", password))
            expectError(try await authenticate(client, "m@pw.example.org", password + "x"), 401, "unauthorized_credentials")
        }
    }

    @Test func malformedHashesAndUnknownTypesAreRefused() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            let cases: [(String, String, String)] = [
                ("md_5", "xyz", "invalid_md_5_hash"),
                ("md_5", Hashes.sha1Plain, "invalid_md_5_hash"),
                ("sha_1", Hashes.md5Plain, "invalid_sha_1_hash"),
                ("sha_512", String(Hashes.sha512Staple.dropLast()) + "g", "invalid_sha_512_hash"),
                ("bcrypt", "$2b$04$tooshort", "invalid_bcrypt_hash"),
                ("rot13", "abc", "invalid_hash_type"),
                ("argon_2id", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "invalid_hash_type"),
            ]
            for (type, hash, error) in cases {
                expectError(try await migrate(client, "x@pw.example.org", type, hash), 400, error)
            }
            expectError(
                try await client.send("POST", "v1/b2b/passwords/migrate", json: ["organization_id": "pw", "email_address": "x@pw.example.org"]),
                400, "bad_request")
            expectError(
                try await client.send(
                    "POST", "v1/b2b/passwords/migrate",
                    json: ["organization_id": "nope", "email_address": "x@pw.example.org", "hash_type": "md_5", "hash": Hashes.md5Plain]),
                404, "organization_not_found")
        }
    }

    @Test func migrateIntoAnExistingMemberUpdatesItOnce() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            let member = try await client.createMember("pw", "e@pw.example.org", extra: ["roles": ["nurse"], "create_member_as_pending": true])
            let response = try await migrate(
                client, "E@pw.example.org", "md_5", Hashes.md5Plain,
                extra: ["external_id": "ignored-1", "roles": ["clinician"], "name": "Eve", "trusted_metadata": ["k": 1]])
            let json = expectSuccess(response)
            #expect(json.bool("member_created") == false)
            #expect(json.string("member_id") == member.string("member_id"))
            let updated = json.object("member")
            #expect(updated["external_id"] == nil)
            #expect(updated.string("name") == "Eve")
            #expect(updated.objects("roles").compactMap { $0.string("role_id") } == ["stytch_member", "clinician"])
            #expect(updated.string("member_password_id")?.hasPrefix("member-password-test-") == true)
            #expect(updated.string("status") == "pending")
            expectError(try await migrate(client, "e@pw.example.org", "md_5", Hashes.md5Plain), 400, "password_already_exists")
            // Signing in activates the pending member.
            let login = expectSuccess(try await authenticate(client, "e@pw.example.org", "hunter2-md5"))
            #expect(login.object("member").string("status") == "active")
        }
    }

    @Test func migrateCreatesWithExternalIdAndReusesADeletedMembersEmail() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            let first = expectSuccess(try await migrate(client, "d@pw.example.org", "sha_1", Hashes.sha1Plain, extra: ["external_id": "d-1"]))
            #expect(first.object("member").string("external_id") == "d-1")
            let id = try #require(first.string("member_id"))
            _ = try await client.send("DELETE", "v1/b2b/organizations/pw/members/\(id)")
            let second = expectSuccess(try await migrate(client, "d@pw.example.org", "sha_1", Hashes.sha1Plain))
            #expect(second.bool("member_created") == true)
            #expect(second.string("member_id") != id)
        }
    }

    @Test func authenticateReturnsTheFullResponseShapeWithA60MinuteSession() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            try await client.migratePassword("pw", "a@pw.example.org")
            let json = expectSuccess(try await authenticate(client, "a@pw.example.org", Hashes.staple))
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
            let custom = expectSuccess(try await authenticate(client, "a@pw.example.org", Hashes.staple, extra: ["session_duration_minutes": 15]))
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
            expectError(try await authenticate(client, "a@pw.example.org", "wrong"), 401, "unauthorized_credentials")
            #expect(try await authenticate(client, "a@pw.example.org", "wrong").json.string("error_message") == "Unauthorized credentials.")
            expectError(try await authenticate(client, "stranger@pw.example.org", "x"), 404, "member_not_found")
            expectError(try await authenticate(client, "gone@pw.example.org", Hashes.staple), 404, "member_not_found")
            expectError(try await authenticate(client, "nopass@pw.example.org", "x"), 404, "member_password_not_found")
            expectError(
                try await client.send(
                    "POST", "v1/b2b/passwords/authenticate",
                    json: ["organization_id": "nope", "email_address": "a@pw.example.org", "password": "x"]),
                404, "organization_not_found")
            expectError(
                try await authenticate(client, "a@pw.example.org", Hashes.staple, extra: ["session_duration_minutes": 527_041]), 400,
                "invalid_session_duration_minutes")
            expectError(try await authenticate(client, "a@pw.example.org", Hashes.staple, extra: ["locale": "xx"]), 400, "invalid_locale")
            expectError(
                try await client.send("POST", "v1/b2b/passwords/authenticate", json: ["organization_id": "pw", "email_address": "a@pw.example.org"]),
                400, "bad_request")
        }
    }

    @Test func requiredMFAReturnsAnIntermediateSessionInsteadOfASession() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw", extra: ["mfa_policy": "REQUIRED_FOR_ALL"])
            try await client.migratePassword("pw", "m@pw.example.org", extra: ["mfa_phone_number": "+12025550162"])
            let json = expectSuccess(try await authenticate(client, "m@pw.example.org", Hashes.staple, extra: ["session_duration_minutes": 30]))
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
                try await authenticate(client, "m@pw.example.org", Hashes.staple, extra: ["intermediate_session_token": intermediate]))
            #expect(again.string("intermediate_session_token") == intermediate)
            expectError(
                try await authenticate(client, "m@pw.example.org", Hashes.staple, extra: ["intermediate_session_token": "nope"]), 404,
                "intermediate_session_not_found")
        }
    }

    @Test func anEnrolledMemberOwesMFAAndAnExistingSessionSkipsIt() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            try await client.migratePassword("pw", "s@pw.example.org")
            let session = expectSuccess(try await authenticate(client, "s@pw.example.org", Hashes.staple))
            let token = try #require(session.string("session_token"))
            let memberId = try #require(session.string("member_id"))
            _ = try await client.send("PUT", "v1/b2b/organizations/pw/members/\(memberId)", json: ["mfa_enrolled": true])
            let pending = expectSuccess(try await authenticate(client, "s@pw.example.org", Hashes.staple))
            #expect(pending.bool("member_authenticated") == false)
            let extended = expectSuccess(
                try await authenticate(client, "s@pw.example.org", Hashes.staple, extra: ["session_token": token, "session_duration_minutes": 240]))
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
            expectError(try await authenticate(client, "r@pw.example.org", Hashes.staple), 403, "operation_restricted_by_organization_auth_methods")
            try await client.migratePassword("pw", "glass@pw.example.org", extra: ["is_breakglass": true])
            let member = try await client.send("GET", "v1/b2b/organizations/pw/member?email_address=glass%40pw.example.org")
            let id = try #require(expectSuccess(member).string("member_id"))
            _ = try await client.send("PUT", "v1/b2b/organizations/pw/members/\(id)", json: ["is_breakglass": true])
            expectSuccess(try await authenticate(client, "glass@pw.example.org", Hashes.staple))
        }
    }
}
