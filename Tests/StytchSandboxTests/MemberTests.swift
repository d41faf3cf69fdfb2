import Foundation
import Testing

/// Contract §4.1–4.5: member create, roles, get and update.
@Suite("Members", .tags(.medium))
struct MemberTests {
    /// Role ids by source type (`direct_assignment`, `email_assignment`).
    func roles(_ member: [String: Any]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for role in member.objects("roles") {
            for source in role.objects("sources") {
                result[source.string("type") ?? "", default: []].append(role.string("role_id") ?? "")
            }
        }
        return result
    }

    @Test func createMakesActiveOrPendingMembers() async throws {
        try await withSandbox { client in
            try await client.createOrganization("acme")
            let active = try await client.createMember("acme", "a@acme.example.org", extra: ["name": "Ann", "is_breakglass": true])
            #expect(active.string("status") == "active")
            #expect(active.string("name") == "Ann" && active.bool("is_breakglass") == true)
            #expect(active.bool("email_address_verified") == false)
            let pending = try await client.createMember("acme", "p@acme.example.org", extra: ["create_member_as_pending": true])
            #expect(pending.string("status") == "pending")
            let response = try await client.send("POST", "v1/b2b/organizations/acme/members", json: ["email_address": "e@acme.example.org"])
            let json = expectSuccess(response)
            #expect(json.string("member_id") == json.object("member").string("member_id"))
            #expect(json.object("organization").string("organization_slug") == "acme")
        }
    }

    @Test func createValidatesTheEmailAndKeepsItUniqueIncludingRetiredAddresses() async throws {
        try await withSandbox { client in
            try await client.createOrganization("uniq")
            expectError(try await client.send("POST", "v1/b2b/organizations/uniq/members", json: [:]), 400, "bad_request")
            expectError(
                try await client.send("POST", "v1/b2b/organizations/uniq/members", json: ["email_address": "not-an-email"]), 400,
                "invalid_email")
            let first = try await client.createMember("uniq", "Dup@Uniq.example.org")
            expectError(
                try await client.send("POST", "v1/b2b/organizations/uniq/members", json: ["email_address": "dup@uniq.example.org"]), 400,
                "duplicate_member_email")
            let id = try #require(first.string("member_id"))
            _ = try await client.send("PUT", "v1/b2b/organizations/uniq/members/\(id)", json: ["email_address": "new@uniq.example.org"])
            expectError(
                try await client.send("POST", "v1/b2b/organizations/uniq/members", json: ["email_address": "dup@uniq.example.org"]), 400,
                "duplicate_member_email")
            // Another organization may use the same address.
            try await client.createOrganization("elsewhere")
            try await client.createMember("elsewhere", "dup@uniq.example.org")
            expectError(
                try await client.send("POST", "v1/b2b/organizations/nope/members", json: ["email_address": "x@y.org"]), 404,
                "organization_not_found")
        }
    }

    @Test func externalIdsAreUniqueWithinTheOrganization() async throws {
        try await withSandbox { client in
            try await client.createOrganization("ext")
            try await client.createMember("ext", "a@ext.example.org", extra: ["external_id": "emp-1"])
            let duplicate = try await client.send(
                "POST", "v1/b2b/organizations/ext/members", json: ["email_address": "b@ext.example.org", "external_id": "emp-1"])
            expectError(duplicate, 400, "duplicate_member_external_id")
            let invalid = try await client.send(
                "POST", "v1/b2b/organizations/ext/members", json: ["email_address": "c@ext.example.org", "external_id": "no spaces"])
            expectError(invalid, 400, "invalid_external_id")
        }
    }

    @Test func explicitRolesAreDirectAssignmentsAndStytchMemberIsImplicitForAll() async throws {
        try await withSandbox { client in
            try await client.createOrganization("roles")
            let member = try await client.createMember("roles", "r@roles.example.org", extra: ["roles": ["clinician", "auditor", "clinician"]])
            #expect(roles(member)["direct_assignment"] == ["stytch_member", "clinician", "auditor"])
            #expect(member.bool("is_admin") == false)
            let admin = try await client.createMember("roles", "boss@roles.example.org", extra: ["roles": ["stytch_admin"]])
            #expect(admin.bool("is_admin") == true)
            expectError(
                try await client.send(
                    "POST", "v1/b2b/organizations/roles/members", json: ["email_address": "x@roles.example.org", "roles": ["stytch_member"]]),
                400, "cannot_assign_default_rbac_role_id")
            expectError(
                try await client.send(
                    "POST", "v1/b2b/organizations/roles/members", json: ["email_address": "y@roles.example.org", "roles": ["wizard"]]),
                400, "invalid_rbac_role_id")
        }
    }

    @Test func emailDomainAssignmentsGrantImplicitRoles() async throws {
        try await withSandbox { client in
            try await client.createOrganization(
                "implicit",
                extra: ["rbac_email_implicit_role_assignments": [
                    ["domain": "implicit.example.org", "role_id": "nurse"],
                    ["domain": "implicit.example.org", "role_id": "stytch_admin"],
                ]])
            let member = try await client.createMember("implicit", "n@Implicit.example.org", extra: ["roles": ["nurse"]])
            let nurse = try #require(member.objects("roles").first { $0.string("role_id") == "nurse" })
            #expect(nurse.objects("sources").compactMap { $0.string("type") } == ["direct_assignment", "email_assignment"])
            #expect(nurse.objects("sources").last?.object("details").string("email_domain") == "implicit.example.org")
            #expect(member.bool("is_admin") == true)
            let outsider = try await client.createMember("implicit", "o@other.example.org")
            #expect(roles(outsider)["email_assignment"] == nil)
            // Implicit roles follow the e-mail: moving domains drops them.
            let id = try #require(member.string("member_id"))
            let moved = expectSuccess(
                try await client.send("PUT", "v1/b2b/organizations/implicit/members/\(id)", json: ["email_address": "n@moved.example.org"])
            ).object("member")
            #expect(roles(moved)["email_assignment"] == nil)
            #expect(moved.bool("is_admin") == false)
        }
    }

    @Test func getFindsMembersByIdExternalIdOrEmail() async throws {
        try await withSandbox { client in
            try await client.createOrganization("get")
            let member = try await client.createMember("get", "g@get.example.org", extra: ["external_id": "hr-9"])
            let id = try #require(member.string("member_id"))
            for query in ["member_id=\(id)", "member_id=hr-9", "email_address=G%40get.example.org"] {
                let response = try await client.send("GET", "v1/b2b/organizations/get/member?organization_id=get&\(query)")
                #expect(expectSuccess(response).object("member").string("member_id") == id, "\(query)")
            }
            expectError(try await client.send("GET", "v1/b2b/organizations/get/member"), 400, "invalid_member_get_fields")
            expectError(
                try await client.send("GET", "v1/b2b/organizations/get/member?email_address=none%40get.example.org"), 404,
                "member_not_found")
            try await client.createOrganization("other")
            expectError(
                try await client.send("GET", "v1/b2b/organizations/other/member?member_id=\(id)"), 404, "member_not_found")
        }
    }

    @Test func updateIsPartialAndRolesReplaceOnlyExplicitRoles() async throws {
        try await withSandbox { client in
            try await client.createOrganization(
                "upd", extra: ["rbac_email_implicit_role_assignments": [["domain": "upd.example.org", "role_id": "auditor"]]])
            let member = try await client.createMember(
                "upd", "u@upd.example.org",
                extra: ["roles": ["clinician"], "name": "U", "untrusted_metadata": ["a": 1, "b": 2], "trusted_metadata": ["t": 1]])
            let id = try #require(member.string("member_id"))
            let path = "v1/b2b/organizations/upd/members/\(id)"
            let body = #"{"organization_id": "upd", "member_id": "\#(id)", "roles": ["nurse"], "untrusted_metadata": {"a": null, "c": 3}}"#
            let updated = expectSuccess(try await client.send("PUT", path, body: body)).object("member")
            #expect(roles(updated)["direct_assignment"] == ["stytch_member", "nurse"])
            #expect(roles(updated)["email_assignment"] == ["auditor"])
            #expect(updated.string("name") == "U")
            #expect(updated.object("untrusted_metadata").count == 2 && updated.object("untrusted_metadata").int("c") == 3)
            #expect(updated.object("trusted_metadata").int("t") == 1)
            let cleared = expectSuccess(try await client.send("PUT", path, json: ["roles": [String]()])).object("member")
            #expect(roles(cleared)["direct_assignment"] == ["stytch_member"])
            #expect(roles(cleared)["email_assignment"] == ["auditor"])
            expectError(try await client.send("PUT", path, json: ["roles": ["stytch_member"]]), 400, "cannot_assign_default_rbac_role_id")
            expectError(try await client.send("PUT", path, json: ["default_mfa_method": "carrier_pigeon"]), 400, "invalid_mfa_default_method")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/upd/members/member-test-00000000-0000-0000-0000-000000000000", json: [:]),
                404, "member_not_found")
        }
    }
}

