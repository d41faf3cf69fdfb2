import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineStytch
import PlumblineTestSupport
import Testing

@Suite("Listing and ending Stytch member sessions", .tags(.medium))
struct StytchSessionsTests {
    /// Runs `body` with a client of a Stytch sandbox whose organization `eastside` has Bob and Cy.
    func withProject(_ body: (StytchHandle, StytchClient, StytchLiveState) async throws -> Void) async throws {
        try await SandboxHarness.withStytch { stytch in
            let created = try await stytch.request("POST", "v1/b2b/organizations", json: ["organization_name": "Eastside", "organization_slug": "eastside"])
            try #require(created.status == 200)
            _ = try await stytch.signIn("eastside", "bob@eastside.example.org")
            _ = try await stytch.signIn("eastside", "cy@eastside.example.org")
            let connection = try #require(SandboxEnvironment.resolve(stytch.variables, medplum: false)?.stytch)
            let client = StytchClient(connection: connection, transport: HTTPTransport())
            let live = try await StytchReader(client: client).read(declaredSlugs: ["eastside"])
            stytch.resetStats()
            try await body(stytch, client, live)
        }
    }

    @Test func oneListingPerMemberMapsEachSessionToItsMemberKey() async throws {
        try await withProject { stytch, client, live in
            let progress = Counter()
            let sessions = try await StytchSessions(client: client).list(live.members, concurrency: 4) { progress.increment() }
            #expect(progress.value == 2)
            #expect(Set(sessions.map(\.holder)) == [SessionHolder(.stytch, "eastside/bob@eastside.example.org"), SessionHolder(.stytch, "eastside/cy@eastside.example.org")])
            #expect(sessions.allSatisfy { $0.sessionId.hasPrefix("member-session-test-") && $0.expiresAt != nil })
            let bob = try #require(sessions.first { $0.holder.member.hasPrefix("eastside/bob") })
            #expect(bob.expiresAt?.timeIntervalSince(bob.startedAt) == 3_600, "a password sign-in without a duration lasts 60 minutes (contract 15.3)")
            #expect(stytch.requestsByRoute == ["GET /v1/b2b/sessions": 2])
        }
    }

    @Test func revokingEndsOneSessionAndReadsTheMemberBack() async throws {
        try await withProject { stytch, client, live in
            let bob = try #require(live.members.first { $0.email == "bob@eastside.example.org" })
            _ = try await stytch.signIn("eastside", bob.email)
            let before = try await StytchSessions(client: client).list(bob)
            try #require(before.count == 2)
            try await StytchSessions(client: client).revoke(before[0].sessionId, of: bob)
            let left = try await stytch.sessions("eastside", memberId: bob.id)
            #expect(left.compactMap { $0["member_session_id"]?.string } == [before[1].sessionId])
            #expect(stytch.requestsByRoute["POST /v1/b2b/sessions/revoke"] == 1)
            // A session that already ended is not an error: the read-back decides.
            try await StytchSessions(client: client).revoke(before[0].sessionId, of: bob)
        }
    }

    @Test func aDeletedMemberHasNoSessionsToList() async throws {
        try await withProject { stytch, client, live in
            let cy = try #require(live.members.first { $0.email == "cy@eastside.example.org" })
            _ = try await stytch.request("DELETE", "v1/b2b/organizations/eastside/members/\(cy.id)")
            #expect(try await StytchSessions(client: client).list(cy).isEmpty)
        }
    }
}
