import Foundation
import Testing

/// Contract §4.5–4.7, §4.9: e-mail changes, soft delete, reactivate and the small per-member
/// endpoints.
@Suite("Member lifecycle", .tags(.medium))
struct MemberLifecycleTests {
    @Test func emailChangeRetiresTheOldAddressAndClearsThePassword() async throws {
        try await withSandbox { client in
            try await client.createOrganization("mail")
            let member = try await client.migratePassword("mail", "old@mail.example.org")
            let id = try #require(member.string("member_id"))
            #expect(member.string("member_password_id")?.isEmpty == false)
            let moved = expectSuccess(
                try await client.send("PUT", "v1/b2b/organizations/mail/members/\(id)", json: ["email_address": "new@mail.example.org"])
            ).object("member")
            #expect(moved.string("email_address") == "new@mail.example.org")
            #expect(moved.bool("email_address_verified") == false)
            #expect(moved.string("member_password_id") == "")
            let retired = moved.objects("retired_email_addresses")
            #expect(retired.count == 1 && retired.first?.string("email_address") == "old@mail.example.org")
            #expect(retired.first?.string("email_id")?.hasPrefix("email-test-") == true)
            let other = try await client.createMember("mail", "other@mail.example.org")
            let otherId = try #require(other.string("member_id"))
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/mail/members/\(otherId)", json: ["email_address": "old@mail.example.org"]),
                400, "duplicate_member_email")
            // unlink_email drops the old address instead of retiring it.
            let unlinked = expectSuccess(
                try await client.send(
                    "PUT", "v1/b2b/organizations/mail/members/\(otherId)",
                    json: ["email_address": "third@mail.example.org", "unlink_email": true])
            ).object("member")
            #expect(unlinked.objects("retired_email_addresses").isEmpty)
            try await client.createMember("mail", "other@mail.example.org")
        }
    }

    @Test func mfaPhoneNumbersAreValidatedAndSetOnce() async throws {
        try await withSandbox { client in
            try await client.createOrganization("phone")
            let member = try await client.createMember("phone", "p@phone.example.org", extra: ["mfa_phone_number": "+12025550162"])
            #expect(member.string("mfa_phone_number") == "+12025550162")
            let id = try #require(member.string("member_id"))
            let path = "v1/b2b/organizations/phone/members/\(id)"
            expectError(try await client.send("PUT", path, json: ["mfa_phone_number": "+12025550199"]), 400, "duplicate_member_phone_number_for_member")
            expectSuccess(try await client.send("DELETE", "v1/b2b/organizations/phone/members/mfa_phone_numbers/\(id)"))
            expectError(try await client.send("PUT", path, json: ["mfa_phone_number": "202-555"]), 400, "invalid_phone_number")
            let reset = expectSuccess(try await client.send("PUT", path, json: ["mfa_phone_number": "+12025550199"])).object("member")
            #expect(reset.string("mfa_phone_number") == "+12025550199")
            expectError(
                try await client.send("DELETE", "v1/b2b/organizations/phone/members/\(id)/totp"), 404, "totp_not_found")
        }
    }

    @Test func deleteIsSoftHidesTheMemberAndFreesTheEmail() async throws {
        try await withSandbox { client in
            try await client.createOrganization("soft")
            try await client.migratePassword("soft", "s@soft.example.org")
            let login = try await client.login("soft", "s@soft.example.org")
            let id = try #require(login.string("member_id"))
            let deleted = expectSuccess(try await client.send("DELETE", "v1/b2b/organizations/soft/members/\(id)"))
            #expect(deleted.string("member_id") == id)
            expectError(try await client.send("GET", "v1/b2b/organizations/soft/member?member_id=\(id)"), 404, "member_not_found")
            expectError(try await client.send("DELETE", "v1/b2b/organizations/soft/members/\(id)"), 404, "member_not_found")
            expectError(
                try await client.send("POST", "v1/b2b/sessions/authenticate", json: ["session_token": login.string("session_token") ?? ""]),
                404, "session_not_found")
            let shown = try await client.send("GET", "v1/b2b/organizations/members/dangerously_get/\(id)?include_deleted=true")
            #expect(expectSuccess(shown).object("member").string("status") == "deleted")
            let replacement = try await client.createMember("soft", "s@soft.example.org")
            #expect(replacement.string("member_id") != id)
        }
    }

    @Test func reactivateOnlyDeletedVerifiedMembersByRealId() async throws {
        try await withSandbox { client in
            try await client.createOrganization("react")
            let verified = try await client.migratePassword("react", "v@react.example.org", extra: ["external_id": "v-1"])
            let id = try #require(verified.string("member_id"))
            let path = "v1/b2b/organizations/react/members/\(id)/reactivate"
            expectError(try await client.send("PUT", path, body: "{}"), 400, "no_deleted_member_found_for_reactivation")
            _ = try await client.send("DELETE", "v1/b2b/organizations/react/members/\(id)")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/react/members/v-1/reactivate", body: "{}"), 404, "member_not_found")
            let back = expectSuccess(try await client.send("PUT", path, json: ["organization_id": "react", "member_id": id]))
            #expect(back.object("member").string("status") == "active")
            #expect(back.string("member_id") == id)
            let unverified = try await client.createMember("react", "u@react.example.org")
            let unverifiedId = try #require(unverified.string("member_id"))
            _ = try await client.send("DELETE", "v1/b2b/organizations/react/members/\(unverifiedId)")
            expectError(
                try await client.send("PUT", "v1/b2b/organizations/react/members/\(unverifiedId)/reactivate", body: "{}"), 400,
                "email_unverified_for_reactivation")
            _ = try await client.send("DELETE", "v1/b2b/organizations/react/members/\(id)")
            try await client.createMember("react", "v@react.example.org")
            expectError(try await client.send("PUT", path, body: "{}"), 400, "reactivation_email_belongs_to_another_member")
        }
    }

    @Test func dangerouslyGetNeedsNoOrganization() async throws {
        try await withSandbox { client in
            try await client.createOrganization("dg")
            let member = try await client.createMember("dg", "d@dg.example.org")
            let id = try #require(member.string("member_id"))
            let response = try await client.send("GET", "v1/b2b/organizations/members/dangerously_get/\(id)?member_id=\(id)")
            #expect(expectSuccess(response).object("organization").string("organization_slug") == "dg")
            expectError(
                try await client.send("GET", "v1/b2b/organizations/members/dangerously_get/member-test-00000000-0000-0000-0000-000000000000"),
                404, "member_not_found")
        }
    }

    @Test func smallMemberEndpointsAnswerTheMemberEnvelope() async throws {
        try await withSandbox { client in
            try await client.createOrganization("small")
            let member = try await client.migratePassword("small", "s@small.example.org", extra: ["external_id": "s-1"])
            let id = try #require(member.string("member_id"))
            let passwordId = try #require(member.string("member_password_id"))
            let noPassword = expectSuccess(try await client.send("DELETE", "v1/b2b/organizations/small/members/passwords/\(passwordId)"))
            #expect(noPassword.object("member").string("member_password_id") == "")
            expectError(
                try await client.send("DELETE", "v1/b2b/organizations/small/members/passwords/\(passwordId)"), 404, "invalid_password_id")
            let noExternal = expectSuccess(try await client.send("DELETE", "v1/b2b/organizations/small/members/s-1/external_id"))
            #expect(noExternal.object("member")["external_id"] == nil)
            _ = try await client.send("PUT", "v1/b2b/organizations/small/members/\(id)", json: ["email_address": "t@small.example.org"])
            let unlinked = try await client.send(
                "POST", "v1/b2b/organizations/small/members/\(id)/unlink_retired_email", json: ["email_address": "s@small.example.org"])
            let json = expectSuccess(unlinked)
            #expect(json.string("organization_id") == json.object("organization").string("organization_id"))
            #expect(json.object("member").objects("retired_email_addresses").isEmpty)
            expectError(
                try await client.send(
                    "POST", "v1/b2b/organizations/small/members/\(id)/unlink_retired_email", json: ["email_address": "s@small.example.org"]),
                404, "retired_email_not_found")
            let started = try await client.send(
                "POST", "v1/b2b/organizations/small/members/\(id)/start_email_update", json: ["email_address": "u@small.example.org"])
            #expect(expectSuccess(started).object("member").string("email_address") == "t@small.example.org")
            let providers = try await client.send("GET", "v1/b2b/organizations/small/members/\(id)/oidc_providers")
            #expect(expectSuccess(providers)["registrations"] as? [Any] != nil)
        }
    }
}
