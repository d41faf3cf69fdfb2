import Foundation
import PlumblineCore
@testable import PlumblineStytch
import PlumblineTestSupport
import Testing

/// Members are read straight from a search page's bytes, with no JSON tree: every field
/// plumbline uses, stepping over the rest of a member's (large) object.
@Suite("Reading members from a search page", .tags(.small))
struct MemberReadingTests {
    static let alice = #"""
        {"organization_id": "org-east", "member_id": "member-alice", "email_address": "alice@eastside.example.org",
         "status": "active", "name": "Alice Doe", "sso_registrations": [], "is_breakglass": false, "member_password_id": "",
         "oauth_registrations": [], "email_address_verified": true, "mfa_phone_number_verified": false, "is_admin": true,
         "totp_registration_id": "", "retired_email_addresses": [], "is_locked": false, "mfa_enrolled": false, "mfa_phone_number": "",
         "default_mfa_method": "", "roles": [
           {"role_id": "stytch_member", "sources": [{"type": "direct_assignment", "details": {}}]},
           {"role_id": "clinician", "sources": [{"type": "email_assignment", "details": {"email_domain": "eastside.example.org"}}, {"type": "direct_assignment"}]},
           {"role_id": "auditor", "sources": [{"type": "sso_connection", "details": {"connection_id": "sso-1"}}]},
           {"sources": [{"type": "direct_assignment"}]}],
         "trusted_metadata": {"plumbline": {"managed": true, "since": "2026"}}, "untrusted_metadata": {"plumbline": {"managed": false}},
         "created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-11-02T10:00:00Z", "scim_registration": null, "external_id": ""}
        """#

    static func page(_ members: [String], cursor: String = "null") -> Data {
        Data(#"""
            {"request_id": "request-1", "status_code": 200, "members": [\#(members.joined(separator: ","))],
             "results_metadata": {"total": \#(members.count), "next_cursor": \#(cursor)},
             "organizations": {"org-east": {"organization_id": "org-east", "organization_slug": "eastside", "members": ["not read"]}}}
            """#.utf8)
    }

    static func read(_ page: Data, slugs: [String: String] = ["org-east": "eastside"]) throws -> StytchSearchPage<LiveMember> {
        try StytchSearchPage(scanning: page, items: "members") { try StytchMapping.member(from: &$0) { slugs[$0] } }
    }

    @Test func everyFieldPlumblineUsesIsRead() throws {
        let page = try Self.read(Self.page([Self.alice]))
        #expect(page.items == [LiveMember(
            id: "member-alice", version: "2026-11-02T10:00:00Z", organizationId: "org-east", slug: "eastside",
            email: "alice@eastside.example.org", name: "Alice Doe", status: "active", explicitRoles: ["clinician"],
            implicitRoles: ["auditor"], managed: true, updatedAt: InternetTimestamp.parse("2026-11-02T10:00:00Z"),
            createdAt: InternetTimestamp.parse("2026-03-01T09:00:00Z")
        )])
        #expect(page.nextCursor == nil)
    }

    @Test func theNextCursorIsKeptForPaging() throws {
        #expect(try Self.read(Self.page([Self.alice], cursor: #""cursor-2""#)).nextCursor == "cursor-2")
    }

    /// Only `trusted_metadata.plumbline.managed` set to the boolean true marks a member managed.
    @Test(arguments: [
        (#"{"plumbline": {"managed": true}}"#, true), (#"{"plumbline": {"managed": "true"}}"#, false),
        (#"{"plumbline": true}"#, false), (#"{"plumbline": {"managed": true}, "plumbline": {}}"#, false),
        (#"{"other": {"managed": true}}"#, false), ("null", false),
    ])
    func theMarkerIsReadAsWritten(metadata: String, managed: Bool) throws {
        let member = #"{"organization_id": "org-east", "member_id": "m", "email_address": "a@b.org", "trusted_metadata": \#(metadata)}"#
        #expect(try Self.read(Self.page([member])).items.map(\.managed) == [managed])
    }

    /// A member without an id or an e-mail address, or of an organization not being read, is left out.
    @Test func membersPlumblineCannotPlaceAreLeftOut() throws {
        let page = try Self.read(Self.page([
            #"{"organization_id": "org-east", "email_address": "no-id@b.org"}"#,
            #"{"organization_id": "org-east", "member_id": "no-email"}"#,
            #"{"organization_id": "org-west", "member_id": "elsewhere", "email_address": "w@b.org"}"#,
            #"{"member_id": "no-organization", "email_address": "n@b.org"}"#,
            #""not a member""#,
            #"{"organization_id": "org-east", "member_id": "kept", "email_address": "Kept@B.org"}"#,
        ]))
        #expect(page.items.map(\.id) == ["kept"])
        #expect(page.items.first?.email == "kept@b.org")
        #expect(page.items.first?.status == "active", "a member without a status counts as active")
    }

    @Test func aPageThatIsNotJSONIsRefused() {
        #expect(throws: (any Error).self) { try Self.read(Data(#"{"members": [{"member_id": "m"}"#.utf8)) }
        #expect(throws: (any Error).self) { try Self.read(Self.page(["{\"member_id\": \"m\", \"name\": \"tab\tinside\"}"])) }
    }
}
