import Foundation
import Testing

/// Contract §6: listing, authenticating and revoking member sessions.
@Suite("Sessions", .tags(.medium))
struct SessionTests {
    /// An organization `clinic` with a clinician who has a password, signed in once.
    func signedIn(_ client: StytchTestClient, extra: [String: Any] = [:]) async throws -> [String: Any] {
        try await client.createOrganization("clinic")
        try await client.migratePassword("clinic", "doc@clinic.example.org", extra: ["roles": ["clinician"], "external_id": "doc-1"])
        return try await client.login("clinic", "doc@clinic.example.org", extra: extra)
    }

    func authenticate(_ client: StytchTestClient, _ body: [String: Any]) async throws -> TestResponse {
        try await client.send("POST", "v1/b2b/sessions/authenticate", json: body)
    }

    @Test func listShowsOnlyLiveSessionsWithSlugAndRoles() async throws {
        try await withSandbox { client in
            let login = try await signedIn(client)
            let memberId = try #require(login.string("member_id"))
            _ = try await client.login("clinic", "doc@clinic.example.org", extra: ["session_duration_minutes": 5])
            let listed = expectSuccess(try await client.send("GET", "v1/b2b/sessions?organization_id=clinic&member_id=doc-1"))
            let sessions = listed.objects("member_sessions")
            #expect(sessions.count == 2)
            let first = try #require(sessions.first)
            #expect(first.string("organization_slug") == "clinic")
            #expect(first.strings("roles") == ["stytch_member", "clinician"])
            #expect(first.string("member_id") == memberId)
            #expect(isTimestamp(first["started_at"]) && isTimestamp(first["last_accessed_at"]) && isTimestamp(first["expires_at"]))
            let factor = try #require(first.objects("authentication_factors").first)
            #expect(factor.string("type") == "password" && factor.string("delivery_method") == "knowledge")
            // Ten minutes later the 5-minute session has expired.
            try await client.setClockOffset(600)
            let later = expectSuccess(try await client.send("GET", "v1/b2b/sessions?organization_id=clinic&member_id=\(memberId)"))
            #expect(later.objects("member_sessions").count == 1)
            expectError(try await client.send("GET", "v1/b2b/sessions?organization_id=clinic"), 400, "bad_request")
            let other = try await client.createMember("clinic", "nobody@clinic.example.org")
            let none = try await client.send("GET", "v1/b2b/sessions?organization_id=clinic&member_id=\(other.string("member_id") ?? "")")
            #expect(expectSuccess(none).objects("member_sessions").isEmpty)
        }
    }

    @Test func authenticateByTokenOrJWTReturnsTheSession() async throws {
        try await withSandbox { client in
            let login = try await signedIn(client)
            let token = try #require(login.string("session_token"))
            let jwt = try #require(login.string("session_jwt"))
            let sessionId = login.object("member_session").string("member_session_id")
            for body in [["session_token": token], ["session_jwt": jwt]] {
                let json = expectSuccess(try await authenticate(client, body))
                #expect(json.object("member_session").string("member_session_id") == sessionId)
                #expect(json.string("session_token") == token)
                #expect(json.string("session_jwt")?.split(separator: ".").count == 3)
                #expect(json.object("member").string("email_address") == "doc@clinic.example.org")
                #expect(json.object("organization").string("organization_slug") == "clinic")
                #expect(json["verdict"] == nil)
            }
            expectError(try await authenticate(client, ["session_token": token, "session_jwt": jwt]), 400, "too_many_session_arguments")
            expectError(try await authenticate(client, [:]), 400, "no_session_arguments")
            expectError(try await authenticate(client, ["session_token": "nope"]), 404, "session_not_found")
            expectError(try await authenticate(client, ["session_jwt": "a.b.c"]), 404, "session_not_found")
            // A well-formed JWT with a forged signature names no session either.
            let parts = jwt.split(separator: ".")
            let forged = "\(parts[0]).\(parts[1]).\(String(parts[2].reversed()))"
            expectError(try await authenticate(client, ["session_jwt": forged]), 404, "session_not_found")
        }
    }

    @Test func durationExtendsTheSessionOnlyWhenGivenAndIsBounded() async throws {
        try await withSandbox { client in
            let login = try await signedIn(client)
            let token = try #require(login.string("session_token"))
            let expiry = login.object("member_session").string("expires_at")
            let unchanged = expectSuccess(try await authenticate(client, ["session_token": token]))
            #expect(unchanged.object("member_session").string("expires_at") == expiry)
            try await client.setClockOffset(120)
            let extended = expectSuccess(try await authenticate(client, ["session_token": token, "session_duration_minutes": 600]))
            let session = extended.object("member_session")
            let expires = try #require(session.string("expires_at").flatMap { try? Date($0, strategy: .iso8601) })
            let accessed = try #require(session.string("last_accessed_at").flatMap { try? Date($0, strategy: .iso8601) })
            #expect(expires.timeIntervalSince(accessed) == 36_000)
            for minutes in [4, 527_041] {
                expectError(
                    try await authenticate(client, ["session_token": token, "session_duration_minutes": minutes]), 400,
                    "invalid_session_duration_minutes")
            }
            expectSuccess(try await authenticate(client, ["session_token": token, "session_duration_minutes": 527_040]))
        }
    }

    @Test func expiredSessionsAreGoneButAnExpiredJWTOfALiveSessionIsRefreshed() async throws {
        try await withSandbox { client in
            let login = try await signedIn(client)
            let jwt = try #require(login.string("session_jwt"))
            try await client.setClockOffset(10 * 60)
            let refreshed = expectSuccess(try await authenticate(client, ["session_jwt": jwt]))
            let fresh = try #require(refreshed.string("session_jwt"))
            #expect(fresh != jwt)
            try await client.setClockOffset(61 * 60)
            expectError(try await authenticate(client, ["session_jwt": fresh]), 404, "session_not_found")
            expectError(try await authenticate(client, ["session_token": login.string("session_token") ?? ""]), 404, "session_not_found")
        }
    }

    @Test func customClaimsMergeAndAppearInTheJWT() async throws {
        try await withSandbox { client in
            let login = try await signedIn(client, extra: ["session_custom_claims": ["tenant": "north", "level": 2, "iss": "ignored"]])
            let token = try #require(login.string("session_token"))
            #expect(login.object("member_session").object("custom_claims").count == 2)
            let body: [String: Any] = ["session_token": token, "session_custom_claims": ["level": NSNull(), "team": "red"]]
            let json = expectSuccess(try await authenticate(client, body))
            let claims = json.object("member_session").object("custom_claims")
            #expect(claims.string("tenant") == "north" && claims.string("team") == "red" && claims["level"] == nil)
            let payload = try JWTParts(try #require(json.string("session_jwt"))).payload
            #expect(payload.string("tenant") == "north" && payload.string("team") == "red")
            expectError(
                try await authenticate(client, ["session_token": token, "session_custom_claims": ["https://stytch.com/session": 1]]), 400,
                "stytch_claims_in_custom_claims")
            expectError(
                try await authenticate(client, ["session_token": token, "session_custom_claims": ["blob": String(repeating: "x", count: 5000)]]),
                400, "custom_claims_too_large")
        }
    }

    @Test func authorizationCheckReturnsAVerdictOrA403() async throws {
        try await withSandbox { client in
            let login = try await signedIn(client)
            let token = try #require(login.string("session_token"))
            let orgId = try #require(login.string("organization_id"))
            func check(_ org: String, _ resource: String, _ action: String) -> [String: Any] {
                ["session_token": token, "authorization_check": ["organization_id": org, "resource_id": resource, "action": action]]
            }
            let allowed = expectSuccess(try await authenticate(client, check(orgId, "patient-records", "update")))
            #expect(allowed.object("verdict").bool("authorized") == true)
            #expect(allowed.object("verdict").strings("granting_roles") == ["clinician"])
            let selfAction = expectSuccess(try await authenticate(client, check("clinic", "stytch.self", "update.info.name")))
            #expect(selfAction.object("verdict").strings("granting_roles") == ["stytch_member"])
            expectError(try await authenticate(client, check(orgId, "patient-records", "delete")), 403, "session_authorization_error")
            try await client.createOrganization("elsewhere")
            expectError(
                try await authenticate(client, check("elsewhere", "patient-records", "read")), 403, "session_authorization_tenancy_error")
        }
    }

    @Test func revokeTakesExactlyOneSelector() async throws {
        try await withSandbox { client in
            let first = try await signedIn(client)
            let memberId = try #require(first.string("member_id"))
            let second = try await client.login("clinic", "doc@clinic.example.org")
            let third = try await client.login("clinic", "doc@clinic.example.org")
            let revokeById = try await client.send(
                "POST", "v1/b2b/sessions/revoke", json: ["member_session_id": first.object("member_session").string("member_session_id") ?? ""])
            let bare = expectSuccess(revokeById)
            #expect(Set(bare.keys) == ["status_code", "request_id"])
            expectSuccess(try await client.send("POST", "v1/b2b/sessions/revoke", json: ["session_token": second.string("session_token") ?? ""]))
            expectSuccess(try await client.send("POST", "v1/b2b/sessions/revoke", json: ["session_jwt": third.string("session_jwt") ?? ""]))
            for login in [first, second, third] {
                expectError(try await authenticate(client, ["session_token": login.string("session_token") ?? ""]), 404, "session_not_found")
            }
            expectError(
                try await client.send("POST", "v1/b2b/sessions/revoke", json: ["session_token": second.string("session_token") ?? ""]), 404,
                "session_not_found")
            expectError(try await client.send("POST", "v1/b2b/sessions/revoke", body: "{}"), 400, "no_session_revoke_arguments")
            expectError(
                try await client.send("POST", "v1/b2b/sessions/revoke", json: ["member_id": memberId, "session_token": "x"]), 400,
                "too_many_session_revoke_arguments")
            expectError(
                try await client.send("POST", "v1/b2b/sessions/revoke", json: ["member_session_id": "member-session-test-none"]), 404,
                "session_not_found")
        }
    }

    @Test func revokeByMemberIdEndsEverySessionAndNeedsTheRealId() async throws {
        try await withSandbox { client in
            let first = try await signedIn(client)
            let memberId = try #require(first.string("member_id"))
            _ = try await client.login("clinic", "doc@clinic.example.org")
            expectError(try await client.send("POST", "v1/b2b/sessions/revoke", json: ["member_id": "doc-1"]), 404, "member_not_found")
            expectSuccess(try await client.send("POST", "v1/b2b/sessions/revoke", json: ["member_id": memberId]))
            let listed = expectSuccess(try await client.send("GET", "v1/b2b/sessions?organization_id=clinic&member_id=\(memberId)"))
            #expect(listed.objects("member_sessions").isEmpty)
            // A member without sessions is fine.
            expectSuccess(try await client.send("POST", "v1/b2b/sessions/revoke", json: ["member_id": memberId]))
        }
    }
}

/// The three parts of a compact JWS, decoded.
struct JWTParts {
    let header: [String: Any]
    let payload: [String: Any]
    let signingInput: Data
    let signature: Data

    init(_ jwt: String) throws {
        let parts = jwt.split(separator: ".").map(String.init)
        try #require(parts.count == 3)
        header = try JSONSerialization.jsonObject(with: try #require(Self.base64URL(parts[0]))) as? [String: Any] ?? [:]
        payload = try JSONSerialization.jsonObject(with: try #require(Self.base64URL(parts[1]))) as? [String: Any] ?? [:]
        signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        signature = try #require(Self.base64URL(parts[2]))
    }

    static func base64URL(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
