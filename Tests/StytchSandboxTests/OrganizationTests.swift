import Foundation
import Testing

/// Contract §3.1–3.5, §3.7: organization create, get, update, delete.
@Suite("Organizations", .tags(.medium))
struct OrganizationTests {
    @Test func createAppliesTheDocumentedDefaults() async throws {
        try await withSandbox { client in
            let org = try await client.createOrganization("defaults")
            #expect(org.string("email_invites") == "ALL_ALLOWED")
            #expect(org.string("email_jit_provisioning") == "NOT_ALLOWED")
            #expect(org.string("auth_methods") == "ALL_ALLOWED")
            #expect(org.string("mfa_policy") == "OPTIONAL")
            #expect(org.string("mfa_methods") == "ALL_ALLOWED")
            #expect(org.string("oauth_tenant_jit_provisioning") == "NOT_ALLOWED")
            #expect(org.string("sso_jit_provisioning") == "ALL_ALLOWED")
            #expect(org.string("first_party_connected_apps_allowed_type") == "ALL_ALLOWED")
            #expect(org.string("third_party_connected_apps_allowed_type") == "ALL_ALLOWED")
            #expect(org.string("organization_logo_url") == "")
            #expect((org["trusted_metadata"] as? [String: Any])?.isEmpty == true)
        }
    }

    @Test func emailInvitesDefaultsToNotAllowedOnceAnAuthSettingIsPassed() async throws {
        try await withSandbox { client in
            let withDomains = try await client.createOrganization("with-domains", extra: ["email_allowed_domains": ["a.example.org"]])
            #expect(withDomains.string("email_invites") == "NOT_ALLOWED")
            let withMFA = try await client.createOrganization("with-mfa", extra: ["mfa_policy": "REQUIRED_FOR_ALL"])
            #expect(withMFA.string("email_invites") == "NOT_ALLOWED")
            let explicit = try await client.createOrganization("explicit", extra: ["email_invites": "RESTRICTED"])
            #expect(explicit.string("email_invites") == "RESTRICTED")
            let notAuth = try await client.createOrganization("logo", extra: ["organization_logo_url": "https://x.example.org/l.png"])
            #expect(notAuth.string("email_invites") == "ALL_ALLOWED")
        }
    }

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

    @Test func getResolvesIdSlugAndExternalIdAndReports404() async throws {
        try await withSandbox { client in
            let org = try await client.createOrganization("resolve", extra: ["organization_external_id": "crm-7"])
            let id = try #require(org.string("organization_id"))
            for reference in [id, "resolve", "crm-7"] {
                let response = try await client.send("GET", "v1/b2b/organizations/\(reference)?organization_id=\(reference)")
                #expect(expectSuccess(response).object("organization").string("organization_id") == id)
            }
            let missing = try await client.send("GET", "v1/b2b/organizations/organization-test-00000000-0000-0000-0000-000000000000")
            expectError(missing, 404, "organization_not_found")
            expectError(try await client.send("PUT", "v1/b2b/organizations/nope", json: ["organization_name": "x"]), 404, "organization_not_found")
            expectError(try await client.send("DELETE", "v1/b2b/organizations/nope"), 404, "organization_not_found")
        }
    }

    @Test func updateIsPartialAndArraysReplace() async throws {
        try await withSandbox { client in
            try await client.createOrganization(
                "partial", name: "Partial", extra: ["email_allowed_domains": ["a.example.org", "b.example.org"], "mfa_policy": "REQUIRED_FOR_ALL"])
            let renamed = expectSuccess(try await client.send("PUT", "v1/b2b/organizations/partial", json: ["organization_name": "Renamed"]))
                .object("organization")
            #expect(renamed.string("organization_name") == "Renamed")
            #expect(renamed.strings("email_allowed_domains") == ["a.example.org", "b.example.org"])
            #expect(renamed.string("mfa_policy") == "REQUIRED_FOR_ALL")
            let replaced = expectSuccess(
                try await client.send("PUT", "v1/b2b/organizations/partial", json: ["email_allowed_domains": ["c.example.org"]])
            ).object("organization")
            #expect(replaced.strings("email_allowed_domains") == ["c.example.org"])
            let cleared = expectSuccess(
                try await client.send("PUT", "v1/b2b/organizations/partial", json: ["email_allowed_domains": [String]()])
            ).object("organization")
            #expect(cleared.strings("email_allowed_domains") == [])
            #expect(cleared.string("organization_name") == "Renamed")
            let invalid = try await client.send("PUT", "v1/b2b/organizations/partial", json: ["mfa_policy": "SOMETIMES"])
            expectError(invalid, 400, "invalid_organization_auth_method_settings")
        }
    }

    @Test func trustedMetadataMergesAtTheTopLevelAndNullDeletes() async throws {
        try await withSandbox { client in
            try await client.createOrganization(
                "meta", extra: ["trusted_metadata": ["plumbline": ["managed": true], "keep": 1, "nested": ["a": 1, "b": 2]]])
            let body = #"{"trusted_metadata": {"keep": null, "nested": {"c": 3}, "new": "x"}}"#
            let org = expectSuccess(try await client.send("PUT", "v1/b2b/organizations/meta", body: body)).object("organization")
            let metadata = org.object("trusted_metadata")
            #expect(metadata["keep"] == nil)
            #expect(metadata.object("nested").count == 1 && metadata.object("nested").int("c") == 3)
            #expect(metadata.string("new") == "x")
            #expect(metadata.object("plumbline").bool("managed") == true)
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

    @Test func deleteCascadesToMembersAndRevokesTheirSessions() async throws {
        try await withSandbox { client in
            let org = try await client.createOrganization("doomed")
            let id = try #require(org.string("organization_id"))
            try await client.migratePassword("doomed", "m@doomed.example.org")
            let login = try await client.login("doomed", "m@doomed.example.org")
            let token = try #require(login.string("session_token"))
            let memberId = try #require(login.string("member_id"))
            let deleted = expectSuccess(try await client.send("DELETE", "v1/b2b/organizations/doomed"))
            #expect(deleted.string("organization_id") == id)
            expectError(try await client.send("GET", "v1/b2b/organizations/\(id)"), 404, "organization_not_found")
            expectError(
                try await client.send("POST", "v1/b2b/sessions/authenticate", json: ["session_token": token]), 404, "session_not_found")
            expectError(
                try await client.send("GET", "v1/b2b/organizations/members/dangerously_get/\(memberId)?include_deleted=true"), 404,
                "member_not_found")
            // The slug is free again.
            try await client.createOrganization("doomed")
        }
    }

    @Test func metricsCountLiveMembers() async throws {
        try await withSandbox { client in
            try await client.createOrganization("metrics")
            try await client.createMember("metrics", "a@metrics.example.org")
            let gone = try await client.createMember("metrics", "b@metrics.example.org")
            _ = try await client.send("DELETE", "v1/b2b/organizations/metrics/members/\(gone.string("member_id") ?? "")")
            let response = try await client.send("GET", "v1/b2b/organizations/metrics/metrics?organization_id=metrics")
            #expect(expectSuccess(response).int("member_count") == 1)
        }
    }

    @Test func externalIdCanBeDeleted() async throws {
        try await withSandbox { client in
            try await client.createOrganization("unext", extra: ["organization_external_id": "crm-1"])
            let org = expectSuccess(try await client.send("DELETE", "v1/b2b/organizations/crm-1/external_id")).object("organization")
            #expect(org["organization_external_id"] == nil)
            expectError(try await client.send("GET", "v1/b2b/organizations/crm-1"), 404, "organization_not_found")
            try await client.createOrganization("reuse", extra: ["organization_external_id": "crm-1"])
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
