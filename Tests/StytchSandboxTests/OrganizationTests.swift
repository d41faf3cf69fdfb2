import Foundation
import Testing

/// Contract §3.1–3.5, §3.7: organization create defaults, get, update, delete.
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
}
