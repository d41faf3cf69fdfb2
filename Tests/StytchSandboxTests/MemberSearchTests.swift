import Foundation
import Testing

/// Contract §4.8: member search across organizations.
@Suite("Member search", .tags(.medium))
struct MemberSearchTests {
    func search(_ client: StytchTestClient, _ orgs: [String], _ operands: [[String: Any]] = [], op: String = "AND", extra: [String: Any] = [:])
        async throws -> TestResponse
    {
        var body: [String: Any] = ["organization_ids": orgs, "query": ["operator": op, "operands": operands]]
        body.merge(extra) { _, new in new }
        return try await client.send("POST", "v1/b2b/organizations/members/search", json: body)
    }

    func emails(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        expectSuccess(response, sourceLocation: sourceLocation).objects("members").compactMap { $0.string("email_address") }
    }

    /// Two organizations: `a` with three members (one deleted, one pending), `b` with one.
    func seed(_ client: StytchTestClient) async throws {
        try await client.createOrganization("org-a", extra: ["rbac_email_implicit_role_assignments": [["domain": "a.example.org", "role_id": "auditor"]]])
        try await client.createOrganization("org-b")
        try await client.createMember("org-a", "ann@a.example.org", extra: ["roles": ["clinician"], "is_breakglass": true, "mfa_phone_number": "+12025550101"])
        try await client.migratePassword("org-a", "pat@a.example.org", extra: ["roles": ["nurse"]])
        let gone = try await client.createMember("org-a", "gone@a.example.org")
        _ = try await client.send("DELETE", "v1/b2b/organizations/org-a/members/\(gone.string("member_id") ?? "")")
        try await client.createMember("org-a", "pend@a.example.org", extra: ["create_member_as_pending": true])
        try await client.createMember("org-b", "bea@b.example.org", extra: ["roles": ["clinician"]])
    }

    @Test func organizationIdsAreRequiredAndNonEmpty() async throws {
        try await withSandbox { client in
            expectError(try await client.send("POST", "v1/b2b/organizations/members/search", body: "{}"), 400, "bad_request")
            expectError(try await search(client, []), 400, "member_search_organization_ids_empty")
            expectError(try await search(client, ["no-such-org"]), 404, "organization_not_found")
        }
    }

    @Test func emptyQueryReturnsLiveMembersWithTheirOrganizations() async throws {
        try await withSandbox { client in
            try await seed(client)
            let response = try await search(client, ["org-a", "org-b"])
            #expect(emails(response) == ["ann@a.example.org", "pat@a.example.org", "pend@a.example.org", "bea@b.example.org"])
            let json = response.json
            #expect(json.object("results_metadata").int("total") == 4)
            let orgs = json.object("organizations")
            #expect(orgs.count == 2)
            for member in json.objects("members") {
                let orgId = try #require(member.string("organization_id"))
                #expect(orgs.object(orgId).string("organization_id") == orgId)
            }
            let onlyB = try await search(client, ["org-b"])
            #expect(onlyB.json.object("organizations").count == 1)
        }
    }

    @Test func eachFilterSelectsItsMembers() async throws {
        try await withSandbox { client in
            try await seed(client)
            let ann = try await client.send("GET", "v1/b2b/organizations/org-a/member?email_address=ann%40a.example.org")
            let annId = try #require(expectSuccess(ann).string("member_id"))
            let cases: [(String, Any, [String])] = [
                ("member_ids", [annId], ["ann@a.example.org"]),
                ("member_emails", ["PAT@a.example.org", "bea@b.example.org"], ["pat@a.example.org", "bea@b.example.org"]),
                ("member_email_fuzzy", "@a.exa", ["ann@a.example.org", "pat@a.example.org", "pend@a.example.org"]),
                ("member_is_breakglass", true, ["ann@a.example.org"]),
                ("statuses", ["pending"], ["pend@a.example.org"]),
                ("statuses", ["deleted", "active"], ["ann@a.example.org", "pat@a.example.org", "gone@a.example.org", "bea@b.example.org"]),
                ("member_roles", ["clinician"], ["ann@a.example.org", "bea@b.example.org"]),
                ("member_roles", ["auditor"], ["ann@a.example.org", "pat@a.example.org", "pend@a.example.org"]),
                ("member_password_exists", true, ["pat@a.example.org"]),
                ("member_mfa_phone_numbers", ["+12025550101"], ["ann@a.example.org"]),
                ("member_mfa_phone_number_fuzzy", "5550101", ["ann@a.example.org"]),
            ]
            for (name, value, expected) in cases {
                let response = try await search(client, ["org-a", "org-b"], [["filter_name": name, "filter_value": value]])
                #expect(emails(response) == expected, "\(name)")
                #expect(response.json.object("results_metadata").int("total") == expected.count, "\(name)")
            }
        }
    }

    @Test func operandsCombineAndDeletedMembersNeedTheStatusesFilter() async throws {
        try await withSandbox { client in
            try await seed(client)
            let and = try await search(
                client, ["org-a", "org-b"],
                [["filter_name": "member_roles", "filter_value": ["clinician"]], ["filter_name": "member_email_fuzzy", "filter_value": "b.example"]])
            #expect(emails(and) == ["bea@b.example.org"])
            let or = try await search(
                client, ["org-a", "org-b"],
                [["filter_name": "member_is_breakglass", "filter_value": true], ["filter_name": "member_password_exists", "filter_value": true]],
                op: "OR")
            #expect(emails(or) == ["ann@a.example.org", "pat@a.example.org"])
            let deleted = try await search(client, ["org-a"], [["filter_name": "statuses", "filter_value": ["deleted"]]])
            let members = expectSuccess(deleted).objects("members")
            #expect(members.count == 1 && members.first?.string("status") == "deleted")
        }
    }

    @Test func filterErrors() async throws {
        try await withSandbox { client in
            try await seed(client)
            expectError(try await search(client, ["org-a"], [["filter_name": "statuses", "filter_value": ["sleeping"]]]), 400, "search_invalid_status_filter")
            expectError(
                try await search(client, ["org-a"], [["filter_name": "member_email_fuzzy", "filter_value": "an"]]), 400,
                "member_search_member_email_fuzzy_too_short")
            expectError(
                try await search(client, ["org-a"], [["filter_name": "member_is_breakglass", "filter_value": "sometimes"]]), 400,
                "member_search_expected_boolean")
            expectError(
                try await search(client, ["org-a"], [["filter_name": "member_ids", "filter_value": "x"]]), 400,
                "member_search_expected_array_of_strings")
            expectError(
                try await search(client, ["org-a"], [["filter_name": "organization_slugs", "filter_value": ["a"]]]), 400,
                "member_search_filter_name_not_recognized")
            expectError(try await search(client, ["org-a"], extra: ["limit": 5000]), 400, "member_search_invalid_limit")
            expectError(try await search(client, ["org-a"], extra: ["cursor": "bogus"]), 400, "member_search_invalid_cursor")
        }
    }

    @Test func pagesAcrossOrganizationsInCreationOrder() async throws {
        try await withSandbox { client in
            try await client.createOrganization("org-x")
            try await client.createOrganization("org-y")
            var expected: [String] = []
            for index in 0..<5 {
                for org in ["org-x", "org-y"] {
                    let email = "\(org)\(index)@\(org).example.org"
                    try await client.createMember(org, email)
                    expected.append(email)
                }
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                var extra: [String: Any] = ["limit": 4]
                if let cursor { extra["cursor"] = cursor }
                let response = try await search(client, ["org-x", "org-y"], extra: extra)
                seen += emails(response)
                #expect(response.json.object("results_metadata").int("total") == 10)
                cursor = response.json.object("results_metadata")["next_cursor"] as? String
            } while cursor != nil && seen.count < 20
            #expect(seen == expected)
        }
    }

    @Test func searchPagesCarryStringsAndMetadataExactly() async throws {
        try await withSandbox { client in
            try await client.createOrganization("escapes", name: "Quote \" Back\\slash\nTab\t Ünïcødé 🩺")
            let name = "Dr. \"Zoë\" O'Brien \\ \u{01} \r\n 東京"
            let metadata: [String: Any] = ["pi": 3.25, "n": -7, "list": [1, "two", NSNull(), true], "nested": ["empty": [String: Any]()]]
            try await client.createMember("escapes", "z@escapes.example.org", extra: ["name": name, "untrusted_metadata": metadata])
            let json = expectSuccess(try await client.send("POST", "v1/b2b/organizations/members/search", json: ["organization_ids": ["escapes"]]))
            let member = try #require(json.objects("members").first)
            #expect(member.string("name") == name)
            let stored = member.object("untrusted_metadata")
            #expect(stored["pi"] as? Double == 3.25 && stored.int("n") == -7)
            #expect((stored["list"] as? [Any])?.count == 4 && (stored["list"] as? [Any])?[2] is NSNull)
            #expect(stored.object("nested").object("empty").isEmpty)
            let org = json.object("organizations").values.first as? [String: Any]
            #expect(org?.string("organization_name") == "Quote \" Back\\slash\nTab\t Ünïcødé 🩺")
        }
    }
}
