import Foundation
import SandboxSupport
import StytchSandbox
import Testing

/// Contract §9: fixed-window limits, 429 `too_many_requests`, optional `Retry-After`.
@Suite("Rate limits", .tags(.medium))
struct RateLimitTests {
    /// A clock frozen 15 s into a minute, so no window boundary passes unless a test moves it.
    static func frozenClock() -> SandboxClock {
        SandboxClock(base: { Date(timeIntervalSince1970: 1_800_000_015) })
    }

    @Test func searchIsLimitedTo100PerMinuteByDefault() async throws {
        let configuration = StytchSandboxConfiguration(clock: Self.frozenClock())
        #expect(configuration.limits.search.requests == 100 && configuration.limits.search.windowSeconds == 60)
        try await withSandbox(configuration) { client in
            for _ in 0..<100 {
                let response = try await client.send("POST", "v1/b2b/organizations/search", body: "{}")
                #expect(response.status == 200)
            }
            let refused = try await client.send("POST", "v1/b2b/organizations/search", body: "{}")
            expectError(refused, 429, "too_many_requests")
            #expect(refused.json.string("error_message") == "Too many requests have been made.")
            #expect(refused.header("Retry-After") == nil)
            // Each endpoint has its own window; other endpoints are untouched.
            try await client.createOrganization("limited")
            let members = try await client.send("POST", "v1/b2b/organizations/members/search", json: ["organization_ids": ["limited"]])
            expectSuccess(members)
            // The window resets at the top of the next minute.
            try await client.setClockOffset(45)
            expectSuccess(try await client.send("POST", "v1/b2b/organizations/search", body: "{}"))
        }
    }

    @Test func retryAfterIsSentWhenConfigured() async throws {
        let limits = StytchSandboxLimits(search: .init(requests: 1), retryAfter: true)
        try await withSandbox(StytchSandboxConfiguration(limits: limits, clock: Self.frozenClock())) { client in
            expectSuccess(try await client.send("POST", "v1/b2b/organizations/search", body: "{}"))
            let refused = try await client.send("POST", "v1/b2b/organizations/search", body: "{}")
            expectError(refused, 429, "too_many_requests")
            #expect(refused.header("Retry-After") == "45")
        }
    }

    @Test func perEndpointOverridesUseRouteTemplates() async throws {
        let limits = StytchSandboxLimits(
            search: .unlimited, other: .init(requests: 1000),
            overrides: ["POST /v1/b2b/organizations/:id/members": .init(requests: 2, windowSeconds: 10)])
        try await withSandbox(StytchSandboxConfiguration(limits: limits, clock: Self.frozenClock())) { client in
            try await client.createOrganization("one")
            try await client.createOrganization("two")
            try await client.createMember("one", "a@one.example.org")
            try await client.createMember("two", "b@two.example.org")
            let refused = try await client.send("POST", "v1/b2b/organizations/one/members", json: ["email_address": "c@one.example.org"])
            expectError(refused, 429, "too_many_requests")
            expectSuccess(try await client.send("GET", "v1/b2b/organizations/one"))
            try await client.setClockOffset(5)
            try await client.createMember("one", "c@one.example.org")
        }
    }

    @Test func otherEndpointsHaveAConfigurableLimitToo() async throws {
        let limits = StytchSandboxLimits(other: .init(requests: 2))
        try await withSandbox(StytchSandboxConfiguration(limits: limits, clock: Self.frozenClock())) { client in
            expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy"))
            expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy"))
            expectError(try await client.send("GET", "v1/b2b/rbac/policy"), 429, "too_many_requests")
            // The test controls are never limited.
            #expect(try await client.send("GET", "_sandbox/stats", auth: .none).status == 200)
        }
    }
}

/// The `/_sandbox/` extensions as this sandbox wires them.
@Suite("Sandbox controls", .tags(.medium))
struct ControlsTests {
    @Test func statsNameRoutesByTemplateWhateverTheIdentifierLooksLike() async throws {
        try await withSandbox { client in
            try await client.createOrganization("stats-org")
            _ = try await client.send("GET", "v1/b2b/organizations/stats-org/member?email_address=x%40y.org")
            _ = try await client.send("GET", "v1/b2b/organizations/stats-org")
            _ = try await client.send("POST", "v1/b2b/organizations/search", body: "{}")
            let stats = try await client.send("GET", "_sandbox/stats", auth: .none)
            let byRoute = stats.json.object("requests").object("byRoute")
            #expect(byRoute.int("GET /v1/b2b/organizations/:id/member") == 1)
            #expect(byRoute.int("GET /v1/b2b/organizations/:id") == 1)
            #expect(byRoute.int("POST /v1/b2b/organizations/search") == 1)
            #expect(byRoute.int("POST /v1/b2b/organizations") == 1)
            #expect(client.controls.stats.snapshot().requests.total == 4)
        }
    }

    @Test(arguments: [(503, "server_unavailable"), (500, "internal_server_error"), (429, "too_many_requests")])
    func injectedFaultsAnswerWithStytchErrorBodies(_ status: Int, _ type: String) async throws {
        try await withSandbox { client in
            let fault = #"{"method": "GET", "pathPrefix": "/v1/b2b/rbac/", "count": 1, "status": \#(status)}"#
            #expect(try await client.send("POST", "_sandbox/faults", body: fault, auth: .none).status == 200)
            expectError(try await client.send("GET", "v1/b2b/rbac/policy"), status, type)
            expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy"))
        }
    }

    @Test func delayFaultsDelayButStillAnswerAndAreUsedUp() async throws {
        try await withSandbox { client in
            let fault = #"{"pathPrefix": "/v1/b2b/rbac/", "count": 1, "delayMs": 20}"#
            #expect(try await client.send("POST", "_sandbox/faults", body: fault, auth: .none).status == 200)
            expectSuccess(try await client.send("GET", "v1/b2b/rbac/policy"))
            let armed = try await client.send("GET", "_sandbox/faults", auth: .none)
            #expect((armed.json["armed"] as? [Any])?.isEmpty == true)
        }
    }
}
