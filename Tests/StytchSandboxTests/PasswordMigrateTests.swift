import Foundation
import Testing

/// Contract §15.2: `passwords/migrate` with every verifiable hash scheme.
@Suite("Password migrate", .tags(.medium))
struct PasswordMigrateTests {
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
            let migrated = expectSuccess(try await migrateHash(client, "m@pw.example.org", type, hash, extra: extra))
            #expect(migrated.bool("member_created") == true)
            #expect(migrated.object("member").bool("email_address_verified") == true)
            #expect(migrated.object("member").string("status") == "active")
            expectSuccess(try await authenticatePassword(client, "m@pw.example.org", password))
            expectError(try await authenticatePassword(client, "m@pw.example.org", password + "x"), 401, "unauthorized_credentials")
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
                expectError(try await migrateHash(client, "x@pw.example.org", type, hash), 400, error)
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
            let response = try await migrateHash(
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
            expectError(try await migrateHash(client, "e@pw.example.org", "md_5", Hashes.md5Plain), 400, "password_already_exists")
            // Signing in activates the pending member.
            let login = expectSuccess(try await authenticatePassword(client, "e@pw.example.org", "hunter2-md5"))
            #expect(login.object("member").string("status") == "active")
        }
    }

    @Test func migrateCreatesWithExternalIdAndReusesADeletedMembersEmail() async throws {
        try await withSandbox { client in
            try await client.createOrganization("pw")
            let first = expectSuccess(try await migrateHash(client, "d@pw.example.org", "sha_1", Hashes.sha1Plain, extra: ["external_id": "d-1"]))
            #expect(first.object("member").string("external_id") == "d-1")
            let id = try #require(first.string("member_id"))
            _ = try await client.send("DELETE", "v1/b2b/organizations/pw/members/\(id)")
            let second = expectSuccess(try await migrateHash(client, "d@pw.example.org", "sha_1", Hashes.sha1Plain))
            #expect(second.bool("member_created") == true)
            #expect(second.string("member_id") != id)
        }
    }
}
