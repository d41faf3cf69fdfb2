import Foundation
import StytchSandbox
import Testing

/// Contract §8.2–8.3: the Management API's B2B SDK configuration and RBAC policy.
@Suite("Management API", .tags(.medium))
struct ManagementTests {
    func environment(_ client: StytchTestClient) -> String {
        "pwa/v3/projects/\(client.credentials.projectSlug)/environments/\(client.credentials.environmentSlug)"
    }

    @Test func managementRoutesTakeOnlyTheWorkspaceKey() async throws {
        try await withSandbox { client in
            let path = environment(client) + "/sdk/b2b"
            expectSuccess(try await client.send("GET", path, auth: .management))
            expectError(try await client.send("GET", path, auth: .project), 401, "unauthorized_credentials")
            expectError(try await client.send("GET", path, auth: .none), 401, "unauthorized_credentials")
            expectError(try await client.send("GET", "v1/b2b/rbac/policy", auth: .management), 401, "unauthorized_credentials")
            expectError(
                try await client.send("GET", "pwa/v3/projects/other/environments/\(client.credentials.environmentSlug)/sdk/b2b", auth: .management),
                404, "project_not_found")
            expectError(
                try await client.send("GET", "pwa/v3/projects/\(client.credentials.projectSlug)/environments/live/sdk/b2b", auth: .management),
                404, "environment_not_found")
        }
    }

    @Test func sdkConfigurationReplacesTheSubObjectsAPutCarries() async throws {
        try await withSandbox { client in
            let path = environment(client) + "/sdk/b2b"
            let initial = expectSuccess(try await client.send("GET", path, auth: .management)).object("config")
            #expect(initial.object("basic").bool("enabled") == true)
            #expect(initial.object("basic").objects("domains").isEmpty)
            #expect(initial.object("sessions").int("max_session_duration_minutes") == 60)
            let body: [String: Any] = ["config": [
                "basic": ["enabled": true, "enable_member_permissions": true, "domains": [
                    ["domain": "https://panels.example.org", "slug_pattern": "https://{{slug}}.panels.example.org"],
                    ["domain": "http://localhost:3000"],
                ]],
                "sessions": ["max_session_duration_minutes": 720],
            ]]
            let put = expectSuccess(try await client.send("PUT", path, json: body, auth: .management)).object("config")
            #expect(put.object("basic").objects("domains").count == 2)
            #expect(put.object("basic").objects("domains").last?.string("slug_pattern") == "")
            #expect(put.object("sessions").int("max_session_duration_minutes") == 720)
            // A sub-object carried replaces the stored one whole: missing fields become zero values.
            let partial = expectSuccess(
                try await client.send("PUT", path, json: ["config": ["basic": [String: Any]()]], auth: .management)
            ).object("config")
            #expect(partial.object("basic").objects("domains").isEmpty)
            #expect(partial.object("basic").bool("enabled") == false)
            #expect(partial.object("sessions").int("max_session_duration_minutes") == 720)
            let read = expectSuccess(try await client.send("GET", path, auth: .management)).object("config")
            #expect(read.object("basic").bool("enable_member_permissions") == false)
            for key in ["magic_links", "oauth", "totps", "sso", "otps", "dfppa", "passwords", "cookies", "user_impersonation"] {
                #expect(read[key] is [String: Any], "\(key)")
            }
        }
    }

    @Test func slugPatternsMustContainThePlaceholderAndDomainsMustBeOrigins() async throws {
        try await withSandbox { client in
            let path = environment(client) + "/sdk/b2b"
            let noPlaceholder: [String: Any] = ["config": ["basic": ["domains": [["domain": "https://a.example.org", "slug_pattern": "https://a.example.org"]]]]]
            expectError(try await client.send("PUT", path, json: noPlaceholder, auth: .management), 400, "invalid_slug_pattern")
            let withPath: [String: Any] = ["config": ["basic": ["domains": [["domain": "https://a.example.org/app"]]]]]
            expectError(try await client.send("PUT", path, json: withPath, auth: .management), 400, "invalid_domain")
            let badScheme: [String: Any] = ["config": ["basic": ["domains": [["domain": "ftp://a.example.org"]]]]]
            expectError(try await client.send("PUT", path, json: badScheme, auth: .management), 400, "invalid_domain")
            let badType: [String: Any] = ["config": ["cookies": ["http_only": true]]]
            expectError(try await client.send("PUT", path, json: badType, auth: .management), 400, "bad_request")
            expectError(try await client.send("PUT", path, body: "{}", auth: .management), 400, "bad_request")
            // Nothing was stored by the refused requests.
            let read = expectSuccess(try await client.send("GET", path, auth: .management)).object("config")
            #expect(read.object("basic").objects("domains").isEmpty)
        }
    }

    @Test func rbacPolicyUsesTheManagementShapeAndFullReplacement() async throws {
        try await withSandbox { client in
            let path = environment(client) + "/rbac_policy"
            let policy = expectSuccess(try await client.send("GET", path, auth: .management)).object("policy")
            #expect(policy.object("stytch_member").objects("permissions").first?.string("resource_id") == "stytch.self")
            #expect(policy.object("stytch_admin").objects("permissions").count == 4)
            #expect(policy.objects("stytch_resources").compactMap { $0.string("resource_id") }.contains("stytch.member"))
            #expect(policy.objects("stytch_resources").first?["available_actions"] is [String])
            #expect(policy.objects("custom_roles").compactMap { $0.string("role_id") } == ["clinician", "nurse", "front-desk", "auditor"])
            #expect(policy.objects("custom_resources").compactMap { $0.string("resource_id") }.contains("patient-records"))
            #expect(policy["custom_scopes"] is [Any])

            let replacement: [String: Any] = [
                "stytch_member": ["permissions": [["resource_id": "stytch.self", "actions": ["*"]], ["resource_id": "docs", "actions": ["read"]]]],
                "custom_roles": [["role_id": "editor", "description": "Edits", "permissions": [["resource_id": "docs", "actions": ["read", "write"]]]]],
                "custom_resources": [["resource_id": "docs", "description": "Docs", "available_actions": ["read", "write"]]],
            ]
            let put = expectSuccess(try await client.send("PUT", path, json: replacement, auth: .management)).object("policy")
            #expect(put.objects("custom_roles").compactMap { $0.string("role_id") } == ["editor"])
            // The B2B API now serves the new policy.
            let served = expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy")).object("policy")
            #expect(served.objects("roles").compactMap { $0.string("role_id") } == ["stytch_member", "stytch_admin", "editor"])
            let member = try #require(served.objects("roles").first)
            #expect(member.objects("permissions").count == 2)
            let admin = try #require(served.objects("roles").dropFirst().first)
            #expect(admin.objects("permissions").count == 4, "an omitted default role keeps Stytch's default permissions")
            #expect(!served.objects("resources").contains { $0.string("resource_id") == "patient-records" })
            // Absent custom lists mean empty: a PUT of nothing custom clears them.
            let cleared = expectSuccess(try await client.send("PUT", path, body: "{}", auth: .management)).object("policy")
            #expect(cleared.objects("custom_roles").isEmpty && cleared.objects("custom_resources").isEmpty)
            // The v1 form, wrapped in `policy`, is accepted too.
            let wrapped = ["policy": replacement]
            let again = expectSuccess(try await client.send("PUT", path, json: wrapped, auth: .management)).object("policy")
            #expect(again.objects("custom_roles").count == 1)
        }
    }

    @Test func invalidPoliciesAreRefusedAndNothingChanges() async throws {
        try await withSandbox { client in
            let path = environment(client) + "/rbac_policy"
            let cases: [([String: Any], String)] = [
                (["custom_resources": [["resource_id": "stytch.billing", "available_actions": ["read"]]]], "invalid_stytch_prefixed_resource"),
                (["custom_roles": [["role_id": "x", "permissions": [["resource_id": "ghost", "actions": ["read"]]]]]], "invalid_permission_resource"),
                (["custom_roles": [["role_id": "stytch_admin", "permissions": []]]], "rbac_role_duplicate"),
                (["custom_resources": [["resource_id": "docs", "available_actions": [String]()]]], "rbac_resource_missing_actions"),
                (["custom_resources": [["resource_id": "docs", "available_actions": ["read"]]],
                  "custom_roles": [["role_id": "r", "permissions": [["resource_id": "docs", "actions": ["fly"]]]]]], "invalid_permission_action"),
            ]
            for (body, type) in cases {
                expectError(try await client.send("PUT", path, json: body, auth: .management), 400, type)
            }
            let served = expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy")).object("policy")
            #expect(served.objects("roles").count == 6)
        }
    }
}
