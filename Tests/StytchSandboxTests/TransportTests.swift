import Foundation
import StytchSandbox
import Testing

/// Contract §1.2–1.6: authentication, request decoding, envelopes, identifiers, timestamps.
@Suite("Transport and envelopes", .tags(.medium))
struct TransportTests {
    @Test func requestsWithoutValidBasicAuthAreUnauthorized() async throws {
        try await withSandbox { client in
            expectError(try await client.send("GET", "v1/b2b/rbac/policy", auth: .none), 401, "unauthorized_credentials")
            let wrongSecret = TestAuth.basic(client.credentials.projectId, "secret-test-wrong")
            expectError(try await client.send("GET", "v1/b2b/rbac/policy", auth: wrongSecret), 401, "unauthorized_credentials")
            expectError(
                try await client.send("POST", "v1/b2b/organizations", body: "{}", auth: .management), 401,
                "unauthorized_credentials")
            let garbled = try await client.send(
                "GET", "v1/b2b/rbac/policy", auth: .none, headers: ["Authorization": "Basic !!!"])
            expectError(garbled, 401, "unauthorized_credentials")
            let response = try await client.send("GET", "v1/b2b/rbac/policy")
            expectSuccess(response)
        }
    }

    @Test func unknownRoutesAndMethodsGetStytchErrorBodies() async throws {
        try await withSandbox { client in
            expectError(try await client.send("GET", "v1/b2b/nothing-here"), 404, "route_not_found")
            expectError(try await client.send("POST", "v2/b2b/organizations", body: "{}"), 404, "route_not_found")
            try await client.createOrganization("methods")
            expectError(try await client.send("PATCH", "v1/b2b/organizations/methods", body: "{}"), 405, "method_not_allowed")
            expectError(try await client.send("DELETE", "v1/b2b/rbac/policy"), 405, "method_not_allowed")
        }
    }

    @Test func getAcceptsRepeatedPathParametersAndExtraQueryParameters() async throws {
        try await withSandbox { client in
            let org = try await client.createOrganization("query-org")
            let id = try #require(org.string("organization_id"))
            let member = try await client.createMember(id, "a+b@query.example.org")
            // As the Python SDK sends it: path parameters repeated, `+` and `@` percent-encoded.
            let response = try await client.send(
                "GET", "v1/b2b/organizations/\(id)/member?organization_id=\(id)&email_address=a%2Bb%40query.example.org&extra=1")
            #expect(expectSuccess(response).string("member_id") == member.string("member_id"))
            // Form encoding turns spaces into `+`: a literal `+` only arrives as %2B.
            let spaced = try await client.send(
                "GET", "v1/b2b/organizations/\(id)/member?email_address=a+b%40query.example.org")
            expectError(spaced, 404, "member_not_found")
        }
    }

    @Test(arguments: ["True", "true", "1"])
    func queryBooleansAcceptPythonSpelling(_ spelling: String) async throws {
        try await withSandbox { client in
            try await client.createOrganization("bools")
            let member = try await client.createMember("bools", "gone@bools.example.org")
            let id = try #require(member.string("member_id"))
            _ = try await client.send("DELETE", "v1/b2b/organizations/bools/members/\(id)")
            let shown = try await client.send(
                "GET", "v1/b2b/organizations/members/dangerously_get/\(id)?member_id=\(id)&include_deleted=\(spelling)")
            #expect(expectSuccess(shown).object("member").string("status") == "deleted")
            let hidden = try await client.send(
                "GET", "v1/b2b/organizations/members/dangerously_get/\(id)?include_deleted=False")
            expectError(hidden, 404, "member_not_found")
            expectError(
                try await client.send("GET", "v1/b2b/organizations/members/dangerously_get/\(id)?include_deleted=maybe"), 400,
                "bad_request")
        }
    }

    @Test func pathSegmentsArePercentDecoded() async throws {
        try await withSandbox { client in
            let org = try await client.createOrganization("tilde~org", extra: ["organization_external_id": "crm|42"])
            for encoded in ["tilde%7Eorg", "crm%7C42"] {
                let response = try await client.send("GET", "v1/b2b/organizations/\(encoded)")
                #expect(expectSuccess(response).object("organization").string("organization_id") == org.string("organization_id"))
            }
        }
    }

    @Test func unknownBodyKeysAreIgnoredAndEchoedPathParametersAccepted() async throws {
        try await withSandbox { client in
            let response = try await client.send(
                "POST", "v1/b2b/organizations",
                body: #"{"organization_name": "Extra", "organization_slug": "extra", "no_such_field": [1, 2], "organization_id": "x"}"#)
            #expect(expectSuccess(response).object("organization").string("organization_slug") == "extra")
            let update = try await client.send(
                "PUT", "v1/b2b/organizations/extra", body: #"{"organization_id": "extra", "surprise": {"a": null}}"#)
            expectSuccess(update)
        }
    }

    @Test func malformedBodiesAreBadRequests() async throws {
        try await withSandbox { client in
            expectError(try await client.send("POST", "v1/b2b/organizations", body: "{not json"), 400, "bad_request")
            let mistyped = try await client.send("POST", "v1/b2b/organizations", body: #"{"organization_name": 7}"#)
            expectError(mistyped, 400, "bad_request")
            #expect(mistyped.json.string("error_message")?.contains("organization_name") == true)
        }
    }

    @Test func createsAnswer200WithPrefixedIdsAndRFC3339Timestamps() async throws {
        try await withSandbox { client in
            let response = try await client.send(
                "POST", "v1/b2b/organizations", json: ["organization_name": "Ids", "organization_slug": "ids"])
            #expect(response.status == 200)
            let org = expectSuccess(response).object("organization")
            #expect(org.string("organization_id")?.hasPrefix("organization-test-") == true)
            #expect(isTimestamp(org["created_at"]) && isTimestamp(org["updated_at"]))
            let member = try await client.createMember("ids", "ids@ids.example.org")
            #expect(member.string("member_id")?.hasPrefix("member-test-") == true)
            #expect(isTimestamp(member["created_at"]))
            let password = try await client.migratePassword("ids", "ids@ids.example.org")
            #expect(password.string("member_password_id")?.hasPrefix("member-password-test-") == true)
            let login = try await client.login("ids", "ids@ids.example.org")
            #expect(login.object("member_session").string("member_session_id")?.hasPrefix("member-session-test-") == true)
        }
    }

    @Test func requiredOrganizationAndMemberFieldsAreNeverNull() async throws {
        try await withSandbox { client in
            let org = try await client.createOrganization("nonnull")
            let strings = [
                "organization_id", "organization_name", "organization_logo_url", "organization_slug",
                "sso_jit_provisioning", "email_jit_provisioning", "email_invites", "auth_methods", "mfa_policy",
                "mfa_methods", "oauth_tenant_jit_provisioning", "first_party_connected_apps_allowed_type",
                "third_party_connected_apps_allowed_type",
            ]
            let lists = [
                "sso_jit_provisioning_allowed_connections", "sso_active_connections", "email_allowed_domains",
                "allowed_auth_methods", "rbac_email_implicit_role_assignments", "allowed_mfa_methods",
                "claimed_email_domains", "allowed_first_party_connected_apps", "allowed_third_party_connected_apps",
                "custom_roles",
            ]
            for key in strings { #expect(org[key] is String, "\(key)") }
            for key in lists { #expect(org[key] is [Any], "\(key)") }
            let member = try await client.createMember("nonnull", "n@nonnull.example.org")
            for key in [
                "organization_id", "member_id", "email_address", "status", "name", "member_password_id",
                "totp_registration_id", "mfa_phone_number", "default_mfa_method",
            ] {
                #expect(member[key] is String, "\(key)")
            }
            for key in ["sso_registrations", "oauth_registrations", "retired_email_addresses", "roles"] {
                #expect(member[key] is [Any], "\(key)")
            }
            for key in ["is_breakglass", "email_address_verified", "mfa_phone_number_verified", "is_admin", "is_locked", "mfa_enrolled"] {
                #expect(member[key] is Bool, "\(key)")
            }
        }
    }
}
