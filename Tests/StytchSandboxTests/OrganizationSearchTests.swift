import Foundation
import Testing

/// Contract §3.6: organization search filters, operators, fuzzy matching and cursor paging.
@Suite("Organization search", .tags(.medium))
struct OrganizationSearchTests {
    /// Three organizations with distinct names, domains and members.
    func seedThree(_ client: StytchTestClient) async throws {
        try await client.createOrganization(
            "north", name: "Northside Clinic", extra: ["email_allowed_domains": ["north.example.org"], "claimed_email_domains": ["north.example.org"]])
        try await client.createOrganization("south", name: "Southside Clinic", extra: ["email_allowed_domains": ["south.example.org"]])
        try await client.createOrganization("lab", name: "Central Lab")
        try await client.createMember("north", "alice@north.example.org")
        try await client.createMember("lab", "bob@lab.example.org")
    }

    func search(_ client: StytchTestClient, _ operands: [[String: Any]], op: String = "AND", extra: [String: Any] = [:]) async throws
        -> TestResponse
    {
        var body: [String: Any] = ["query": ["operator": op, "operands": operands]]
        body.merge(extra) { _, new in new }
        return try await client.send("POST", "v1/b2b/organizations/search", json: body)
    }

    func slugs(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        expectSuccess(response, sourceLocation: sourceLocation).objects("organizations").compactMap { $0.string("organization_slug") }
    }

    @Test func eachFilterSelectsItsOrganizations() async throws {
        try await withSandbox { client in
            try await seedThree(client)
            let north = try await client.send("GET", "v1/b2b/organizations/north")
            let northId = try #require(expectSuccess(north).object("organization").string("organization_id"))
            let cases: [(String, Any, [String])] = [
                ("organization_ids", [northId], ["north"]),
                ("organization_slugs", ["south", "lab"], ["south", "lab"]),
                ("organization_name_fuzzy", "side cli", ["north", "south"]),
                ("organization_slug_fuzzy", "uth", ["south"]),
                ("member_emails", ["ALICE@north.example.org"], ["north"]),
                ("member_email_fuzzy", "bob@", ["lab"]),
                ("allowed_domains", ["south.example.org"], ["south"]),
                ("allowed_domain_fuzzy", ".example", ["north", "south"]),
                ("claimed_email_domains", ["north.example.org"], ["north"]),
                ("has_active_sso_connection", true, []),
                ("has_active_sso_connection", false, ["north", "south", "lab"]),
                ("sso_connection_id", "saml-connection-test-x", []),
            ]
            for (name, value, expected) in cases {
                let response = try await search(client, [["filter_name": name, "filter_value": value]])
                #expect(slugs(response) == expected, "\(name)")
                #expect(response.json.object("results_metadata").int("total") == expected.count, "\(name)")
            }
        }
    }

    @Test func operandsCombineWithAndOrLegacyOr() async throws {
        try await withSandbox { client in
            try await seedThree(client)
            let operands: [[String: Any]] = [
                ["filter_name": "organization_name_fuzzy", "filter_value": "clinic"],
                ["filter_name": "organization_slugs", "filter_value": ["south", "lab"]],
            ]
            #expect(slugs(try await search(client, operands)) == ["south"])
            #expect(slugs(try await search(client, operands, op: "OR")) == ["north", "south", "lab"])
            #expect(slugs(try await search(client, [])) == ["north", "south", "lab"])
            let noQuery = try await client.send("POST", "v1/b2b/organizations/search", body: "{}")
            #expect(slugs(noQuery) == ["north", "south", "lab"])
            expectError(try await search(client, [], op: "XOR"), 400, "organization_search_invalid_operator")
        }
    }

    @Test func filterErrorsNameTheFilter() async throws {
        try await withSandbox { client in
            expectError(
                try await search(client, [["filter_name": "organization_name_fuzzy", "filter_value": "ab"]]), 400,
                "organization_search_organization_name_fuzzy_too_short")
            expectError(
                try await search(client, [["filter_name": "member_email_fuzzy", "filter_value": "x"]]), 400,
                "organization_search_member_email_fuzzy_too_short")
            expectError(
                try await search(client, [["filter_name": "favourite_colour", "filter_value": "red"]]), 400,
                "organization_search_filter_name_not_recognized")
            expectError(
                try await search(client, [["filter_name": "organization_slugs", "filter_value": "north"]]), 400,
                "organization_search_expected_array_of_strings")
            expectError(
                try await search(client, [["filter_name": "organization_name_fuzzy", "filter_value": ["north"]]]), 400,
                "organization_search_expected_string")
            expectError(
                try await search(client, [["filter_name": "has_active_sso_connection", "filter_value": "perhaps"]]), 400,
                "organization_search_expected_boolean")
            expectError(try await search(client, [["filter_value": "x"]]), 400, "organization_search_missing_filter_name")
            expectError(
                try await search(client, [["filter_name": "organization_slugs"]]), 400, "organization_search_missing_filter_value")
        }
    }

    @Test func pagesFollowTheCursorUntilItIsNull() async throws {
        try await withSandbox { client in
            for index in 0..<7 { try await client.createOrganization("page-\(index)") }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                var body: [String: Any] = ["limit": 3]
                if let cursor { body["cursor"] = cursor }
                let response = try await client.send("POST", "v1/b2b/organizations/search", json: body)
                let json = expectSuccess(response)
                seen += slugs(response)
                #expect(json.object("results_metadata").int("total") == 7)
                let metadata = json.object("results_metadata")
                #expect(metadata.keys.contains("next_cursor"))
                cursor = metadata["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == (0..<7).map { "page-\($0)" })
        }
    }

    @Test func limitDefaultsTo100AndMayNotExceed1000() async throws {
        try await withSandbox { client in
            for index in 0..<101 { try await client.createOrganization("many-\(index)") }
            let first = try await client.send("POST", "v1/b2b/organizations/search", body: "{}")
            let json = expectSuccess(first)
            #expect(json.objects("organizations").count == 100)
            #expect(json.object("results_metadata").int("total") == 101)
            #expect(json.object("results_metadata").string("next_cursor") != nil)
            let all = try await client.send("POST", "v1/b2b/organizations/search", json: ["limit": 1000])
            #expect(expectSuccess(all).objects("organizations").count == 101)
            #expect(all.json.object("results_metadata")["next_cursor"] is NSNull)
            expectError(
                try await client.send("POST", "v1/b2b/organizations/search", json: ["limit": 1001]), 400,
                "organization_search_invalid_limit")
            expectError(
                try await client.send("POST", "v1/b2b/organizations/search", json: ["limit": -1]), 400,
                "organization_search_invalid_limit")
        }
    }

    @Test func cursorsAreOpaqueAndBoundToTheirQuery() async throws {
        try await withSandbox { client in
            for index in 0..<3 { try await client.createOrganization("cur-\(index)") }
            let first = try await client.send("POST", "v1/b2b/organizations/search", json: ["limit": 1])
            let cursor = try #require(first.json.object("results_metadata").string("next_cursor"))
            #expect(!cursor.contains("cur-"))
            expectError(
                try await client.send("POST", "v1/b2b/organizations/search", json: ["limit": 1, "cursor": "garbage"]), 400,
                "organization_search_invalid_cursor")
            let otherQuery: [String: Any] = [
                "cursor": cursor, "query": ["operator": "AND", "operands": [["filter_name": "organization_slug_fuzzy", "filter_value": "cur"]]],
            ]
            expectError(
                try await client.send("POST", "v1/b2b/organizations/search", json: otherQuery), 400,
                "organization_search_invalid_cursor")
            // Paging stays stable when an organization is created between pages.
            try await client.createOrganization("aaa-late")
            let second = try await client.send("POST", "v1/b2b/organizations/search", json: ["limit": 1, "cursor": cursor])
            #expect(slugs(second) == ["cur-1"])
            #expect(second.json.object("results_metadata").int("total") == 4)
        }
    }
}
