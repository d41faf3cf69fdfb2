import Foundation
import Testing

/// Contract §3.2–3.4, §7: the validation rules of organization fields.
@Suite("Organization validation", .tags(.medium))
struct OrganizationValidationTests {
    @Test func nameMustBeOneTo128Characters() async throws {
        try await withSandbox { client in
            let empty = try await client.send("POST", "v1/b2b/organizations", json: ["organization_name": "", "organization_slug": "e1"])
            expectError(empty, 400, "organization_name_missing")
            let missing = try await client.send("POST", "v1/b2b/organizations", json: ["organization_slug": "e2"])
            expectError(missing, 400, "organization_name_missing")
            let long = try await client.send(
                "POST", "v1/b2b/organizations", json: ["organization_name": String(repeating: "n", count: 129), "organization_slug": "e3"])
            expectError(long, 400, "invalid_organization_name")
            try await client.createOrganization("e4", name: String(repeating: "n", count: 128))
        }
    }

    @Test(arguments: ["a", "has space", "no/slash", "-._~", "émile", String(repeating: "s", count: 129)])
    func invalidSlugsAreRefused(_ slug: String) async throws {
        try await withSandbox { client in
            let response = try await client.send("POST", "v1/b2b/organizations", json: ["organization_name": "S", "organization_slug": slug])
            expectError(response, 400, "invalid_organization_slug")
            #expect(response.json.string("error_message")?.contains("at least 2 characters") == true)
        }
    }

    @Test func slugsWithReservedCharactersAndDuplicates() async throws {
        try await withSandbox { client in
            try await client.createOrganization("ok-slug.v2_x~y")
            let duplicate = try await client.send(
                "POST", "v1/b2b/organizations", json: ["organization_name": "Again", "organization_slug": "ok-slug.v2_x~y"])
            expectError(duplicate, 400, "organization_slug_already_used")
            try await client.createOrganization("other")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/other", json: ["organization_slug": "ok-slug.v2_x~y"]), 400,
                "organization_slug_already_used")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/other", json: ["organization_slug": "x"]), 400,
                "invalid_organization_slug")
        }
    }

    @Test func omittedSlugIsGeneratedFromTheName() async throws {
        try await withSandbox { client in
            let first = try await client.send("POST", "v1/b2b/organizations", json: ["organization_name": "Northside Clinic"])
            #expect(expectSuccess(first).object("organization").string("organization_slug") == "northside-clinic")
            let second = try await client.send("POST", "v1/b2b/organizations", json: ["organization_name": "Northside Clinic"])
            let slug = try #require(expectSuccess(second).object("organization").string("organization_slug"))
            #expect(slug.hasPrefix("northside-clinic-") && slug != "northside-clinic")
        }
    }

    @Test func externalIdsAreValidatedAndUniquePerProject() async throws {
        try await withSandbox { client in
            try await client.createOrganization("ext-a", extra: ["organization_external_id": "crm.1|a_b-c"])
            let duplicate = try await client.send(
                "POST", "v1/b2b/organizations",
                json: ["organization_name": "B", "organization_slug": "ext-b", "organization_external_id": "crm.1|a_b-c"])
            expectError(duplicate, 400, "duplicate_organization_external_id")
            let invalid = try await client.send(
                "POST", "v1/b2b/organizations",
                json: ["organization_name": "C", "organization_slug": "ext-c", "organization_external_id": "bad id!"])
            expectError(invalid, 400, "invalid_organization_external_id")
        }
    }

    @Test func metadataLimitsAre20KeysAnd4KB() async throws {
        try await withSandbox { client in
            try await client.createOrganization("limits")
            var twenty: [String: Any] = [:]
            for index in 0..<20 { twenty["k\(index)"] = index }
            expectSuccess(try await client.send("PUT", "v1/b2b/organizations/limits", json: ["trusted_metadata": twenty]))
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/limits", json: ["trusted_metadata": ["k20": 20]]), 400,
                "metadata_too_many_keys")
            let big = String(repeating: "x", count: 4100)
            let create = try await client.send(
                "POST", "v1/b2b/organizations",
                json: ["organization_name": "Big", "organization_slug": "big", "trusted_metadata": ["blob": big]])
            expectError(create, 400, "metadata_too_large")
        }
    }

    @Test func restrictedSettingsNeedTheirAllowLists() async throws {
        try await withSandbox { client in
            let auth = try await client.send(
                "POST", "v1/b2b/organizations", json: ["organization_name": "R", "organization_slug": "r1", "auth_methods": "RESTRICTED"])
            expectError(auth, 400, "allowed_auth_methods_required_for_restricted")
            let mfa = try await client.send(
                "POST", "v1/b2b/organizations", json: ["organization_name": "R", "organization_slug": "r2", "mfa_methods": "RESTRICTED"])
            expectError(mfa, 400, "allowed_mfa_methods_required_for_restricted")
            let ok = try await client.createOrganization(
                "r3", extra: ["auth_methods": "RESTRICTED", "allowed_auth_methods": ["sso", "password"],
                              "mfa_methods": "RESTRICTED", "allowed_mfa_methods": ["totp"]])
            #expect(ok.strings("allowed_auth_methods") == ["sso", "password"])
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/r3", json: ["allowed_auth_methods": [String]()]), 400,
                "allowed_auth_methods_required_for_restricted")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/r3", json: ["allowed_auth_methods": ["carrier_pigeon"]]), 400,
                "invalid_organization_allowed_auth_methods")
        }
    }

    @Test(arguments: ["gmail.com", "Outlook.com", "yahoo.com"])
    func commonConsumerDomainsAreRefused(_ domain: String) async throws {
        try await withSandbox { client in
            let response = try await client.send(
                "POST", "v1/b2b/organizations",
                json: ["organization_name": "C", "organization_slug": "common", "email_allowed_domains": ["ok.example.org", domain]])
            expectError(response, 400, "organization_settings_domain_too_common")
            try await client.createOrganization("common")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/common", json: ["claimed_email_domains": [domain]]), 400,
                "organization_settings_domain_too_common")
        }
    }

    @Test func malformedAndDuplicateDomainsAreRefused() async throws {
        try await withSandbox { client in
            try await client.createOrganization("domains")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/domains", json: ["email_allowed_domains": ["not a domain"]]), 400,
                "organization_settings_invalid_domain")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/domains", json: ["email_allowed_domains": ["a.org", "A.org"]]), 400,
                "organization_settings_duplicate_domain")
        }
    }

    @Test func implicitRoleAssignmentsNeedKnownRolesAndDomains() async throws {
        try await withSandbox { client in
            try await client.createOrganization("implicit")
            let unknown = try await client.send(
                "PUT", "v1/b2b/organizations/implicit",
                json: ["rbac_email_implicit_role_assignments": [["domain": "implicit.example.org", "role_id": "wizard"]]])
            expectError(unknown, 400, "invalid_rbac_role_id")
            let ok = try await client.send(
                "PUT", "v1/b2b/organizations/implicit",
                json: ["rbac_email_implicit_role_assignments": [["domain": "implicit.example.org", "role_id": "nurse"]]])
            let assignments = expectSuccess(ok).object("organization").objects("rbac_email_implicit_role_assignments")
            #expect(assignments.first?.string("role_id") == "nurse" && assignments.first?.string("domain") == "implicit.example.org")
        }
    }
}
