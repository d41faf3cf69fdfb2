import Foundation
import StytchSandbox
import Testing

/// Contract §5: the project policy and organization policies.
@Suite("RBAC", .tags(.medium))
struct RBACTests {
    @Test func projectPolicyHasStytchDefaultsAndTheManifestRoles() async throws {
        try await withSandbox { client in
            let policy = expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy")).object("policy")
            let roles = policy.objects("roles").compactMap { $0.string("role_id") }
            #expect(roles == ["stytch_member", "stytch_admin", "clinician", "nurse", "front-desk", "auditor"])
            let resources = policy.objects("resources").compactMap { $0.string("resource_id") }
            for resource in ["stytch.organization", "stytch.member", "stytch.sso", "stytch.scim", "stytch.self", "patient-records", "panels"] {
                #expect(resources.contains(resource), "\(resource)")
            }
            let member = try #require(policy.objects("resources").first { $0.string("resource_id") == "stytch.member" })
            for action in ["create", "search", "delete", "update.settings.roles", "update.info.email"] {
                #expect(member.strings("actions")?.contains(action) == true, "\(action)")
            }
            #expect(policy["scopes"] as? [Any] != nil)
            let admin = try #require(policy.objects("roles").first { $0.string("role_id") == "stytch_admin" })
            #expect(admin.objects("permissions").contains { $0.string("resource_id") == "stytch.member" && $0.strings("actions") == ["*"] })
        }
    }

    @Test func aConfiguredPolicyReplacesTheDefaultButKeepsStytchRoles() async throws {
        let file = #"{"policy": {"roles": [{"role_id": "reader", "description": "Reads", "permissions": [{"resource_id": "docs", "actions": ["read"]}]}], "resources": [{"resource_id": "docs", "description": "Docs", "actions": ["read", "write"]}]}}"#
        let configuration = StytchSandboxConfiguration(rbacPolicy: Data(file.utf8), limits: .unlimited)
        try await withSandbox(configuration) { client in
            let policy = expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy")).object("policy")
            #expect(policy.objects("roles").compactMap { $0.string("role_id") } == ["stytch_member", "stytch_admin", "reader"])
            #expect(policy.objects("resources").compactMap { $0.string("resource_id") }.contains("docs"))
            #expect(policy.objects("resources").compactMap { $0.string("resource_id") }.contains("stytch.member"))
            try await client.createOrganization("cfg")
            try await client.createMember("cfg", "r@cfg.example.org", extra: ["roles": ["reader"]])
            expectError(
                try await client.send("POST", "v1/b2b/organizations/cfg/members", json: ["email_address": "c@cfg.example.org", "roles": ["clinician"]]),
                400, "invalid_rbac_role_id")
        }
    }

    @Test(arguments: [
        #"{"roles": [{"role_id": "x", "permissions": [{"resource_id": "ghost", "actions": ["read"]}]}]}"#,
        #"{"resources": [{"resource_id": "stytch.custom", "actions": ["read"]}]}"#,
        #"not json"#,
    ])
    func anInvalidPolicyFileStopsTheSandboxFromStarting(_ file: String) async throws {
        let configuration = StytchSandboxConfiguration(rbacPolicy: Data(file.utf8))
        await #expect(throws: StytchSandboxError.self) {
            try await StytchSandbox.withRunning(configuration) { _ in }
        }
    }

    @Test func defaultPolicyJSONIsPublishedForDocumentation() throws {
        let object = try JSONSerialization.jsonObject(with: StytchSandbox.defaultRBACPolicyJSON) as? [String: Any]
        #expect(object?.objects("roles").count == 6)
    }

    func orgPolicy(_ roles: [[String: Any]]) -> [String: Any] {
        ["organization_id": "org", "org_policy": ["roles": roles]]
    }

    @Test func organizationPolicyIsReplacedWholeAndMirroredOnTheOrganization() async throws {
        try await withSandbox { client in
            try await client.createOrganization("org-rbac")
            let empty = expectSuccess(try await client.send("GET", "v1/b2b/rbac/organizations/org-rbac"))
            #expect(empty.object("org_policy").objects("roles").isEmpty)
            let reviewer: [String: Any] = [
                "role_id": "org-reviewer", "description": "Reviews",
                "permissions": [["resource_id": "patient-records", "actions": ["read", "export"]]],
            ]
            let set = expectSuccess(try await client.send("PUT", "v1/b2b/rbac/organizations/org-rbac", json: orgPolicy([reviewer])))
            #expect(set.object("org_policy").objects("roles").first?.string("role_id") == "org-reviewer")
            let org = expectSuccess(try await client.send("GET", "v1/b2b/organizations/org-rbac")).object("organization")
            #expect(org.objects("custom_roles").first?.string("role_id") == "org-reviewer")
            // Org roles can be assigned in their organization only.
            try await client.createMember("org-rbac", "r@org-rbac.example.org", extra: ["roles": ["org-reviewer"]])
            try await client.createOrganization("other-org")
            expectError(
                try await client.send(
                    "POST", "v1/b2b/organizations/other-org/members", json: ["email_address": "x@o.example.org", "roles": ["org-reviewer"]]),
                400, "invalid_rbac_role_id")
            let wildcard: [String: Any] = ["role_id": "org-all", "description": "", "permissions": [["resource_id": "panels", "actions": ["*"]]]]
            expectSuccess(try await client.send("PUT", "v1/b2b/rbac/organizations/org-rbac", json: orgPolicy([wildcard])))
            let after = expectSuccess(try await client.send("GET", "v1/b2b/rbac/organizations/org-rbac"))
            #expect(after.object("org_policy").objects("roles").compactMap { $0.string("role_id") } == ["org-all"])
            let project = expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy")).object("policy")
            #expect(!project.objects("roles").contains { $0.string("role_id") == "org-all" })
        }
    }

    @Test func organizationPolicyValidationMirrorsTheSDK() async throws {
        try await withSandbox { client in
            try await client.createOrganization("checks")
            func role(_ id: String, _ resource: String, _ actions: [String]) -> [String: Any] {
                ["role_id": id, "description": "", "permissions": [["resource_id": resource, "actions": actions]]]
            }
            let cases: [([[String: Any]], String)] = [
                ([role("r", "panels", ["view"]), role("r", "panels", ["edit"])], "rbac_role_duplicate"),
                ([role("clinician", "panels", ["view"])], "invalid_rbac_custom_role"),
                ([role("r", "ghosts", ["view"])], "invalid_permission_resource"),
                ([role("r", "panels", [])], "rbac_permission_missing_actions"),
                ([role("r", "panels", ["*", "view"])], "invalid_wildcard_action"),
                ([role("r", "panels", ["fly"])], "invalid_permission_action"),
                ([role("r", "panels", [" "])], "invalid_permission_action"),
            ]
            for (roles, type) in cases {
                expectError(try await client.send("PUT", "v1/b2b/rbac/organizations/checks", json: orgPolicy(roles)), 400, type)
            }
            expectError(try await client.send("PUT", "v1/b2b/rbac/organizations/checks", body: "{}"), 400, "bad_request")
            expectError(try await client.send("GET", "v1/b2b/rbac/organizations/nope"), 404, "organization_not_found")
        }
    }
}
