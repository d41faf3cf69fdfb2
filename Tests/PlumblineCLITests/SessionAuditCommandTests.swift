import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// One session of `plumbline sessions --output json` (DESIGN §3).
struct AuditedSession: Decodable, Equatable {
    let system: String
    let member: String
    let sessionId: String
    let reasons: [String]
    let startedAt: String
    let lastActiveAt: String
    let revoked: Bool
}

struct AuditDocument: Decodable {
    let formatVersion: Int
    let sessions: [AuditedSession]

    static func decode(_ output: String) throws -> AuditDocument {
        try JSONDecoder().decode(AuditDocument.self, from: Data(output.utf8))
    }

    func reasons(_ sessionId: String) -> [String]? { sessions.first { $0.sessionId == sessionId }?.reasons }
}

@Suite("plumbline sessions", .tags(.large))
struct SessionAuditCommandTests {
    let bob = "bob@eastside.example.org"

    func audit(_ manifests: TestManifests, _ medplum: MedplumHandle, _ stytch: StytchHandle, _ extra: [String] = [], now: Date = Date()) async -> CommandResult {
        await runPlumbline(["sessions", "--manifests", manifests.directory, "--output", "json"] + extra, medplum: medplum, stytch: stytch, now: now)
    }

    func sessionIds(_ stytch: StytchHandle, _ email: String) async throws -> [(id: String, startedAt: String)] {
        try await stytch.sessions("eastside", memberId: try await stytch.memberId("eastside", email)).compactMap { session in
            guard let id = session["member_session_id"]?.string, let started = session["started_at"]?.string else { return nil }
            return (id, started)
        }.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    }

    @Test func idleAndOverAgeSessionsAreFlaggedAndFreshOnesAreNot() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(), medplum: medplum, stytch: stytch) { manifests in
                // Idle: last used 15 minutes ago (idleTimeout 10m), started within maxAge (20m).
                _ = try await stytch.signIn("eastside", bob, secondsAgo: 15 * 60)
                // Over age: started 25 minutes ago, used a minute ago.
                let token = try await stytch.signIn("eastside", "cy@eastside.example.org", secondsAgo: 25 * 60)
                try await stytch.touch(token, secondsAgo: 60)
                // Fresh.
                _ = try await stytch.signIn("eastside", "ada@eastside.example.org")
                stytch.resetStats()

                let result = await audit(manifests, medplum, stytch)
                #expect(result.status == 2, "\(result.error)")
                let document = try AuditDocument.decode(result.output)
                #expect(document.formatVersion == 1)
                let byMember = Dictionary(uniqueKeysWithValues: document.sessions.map { ($0.member, $0.reasons) })
                #expect(byMember == [
                    "eastside/bob@eastside.example.org": ["idle"],
                    "eastside/cy@eastside.example.org": ["over-age"],
                    "eastside/ada@eastside.example.org": [],
                ])
                #expect(document.sessions.allSatisfy { $0.system == "stytch" && !$0.revoked })
                #expect(stytch.requestsByRoute["GET /v1/b2b/sessions"] == 3, "one listing per member, the contract's floor")
                #expect(stytch.writes == 0, "an audit without --revoke writes nothing")
                for secret in medplum.secrets + stytch.secrets { #expect(!result.output.contains(secret) && !result.error.contains(secret)) }
            }
        }
    }

    @Test func aSessionPastItsExpiryByPlumblinesClockIsExpired() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(policy: "maxConcurrent: 5\n"), medplum: medplum, stytch: stytch) { manifests in
                _ = try await stytch.signIn("eastside", bob)
                let session = try #require(try await sessionIds(stytch, bob).first)
                // Stytch still lists it (its clock says it is live); plumbline's clock is past its 60 minutes.
                let result = await audit(manifests, medplum, stytch, now: Date().addingTimeInterval(61 * 60))
                #expect(result.status == 2)
                #expect(try AuditDocument.decode(result.output).reasons(session.id) == ["expired"])
            }
        }
    }

    @Test func overTheConcurrentLimitTheOldestSessionIsFlagged() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(), medplum: medplum, stytch: stytch) { manifests in
                for minutes in [4.0, 3, 2, 1] { _ = try await stytch.signIn("eastside", bob, secondsAgo: minutes * 60) }
                let sessions = try await sessionIds(stytch, bob)
                try #require(sessions.count == 4)
                let result = await audit(manifests, medplum, stytch)
                #expect(result.status == 2)
                let document = try AuditDocument.decode(result.output)
                #expect(document.sessions.filter { !$0.reasons.isEmpty }.map(\.sessionId) == [sessions[0].id])
                #expect(document.reasons(sessions[0].id) == ["over-limit"])
                let text = await runPlumbline(["sessions", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
                #expect(text.output.contains("1 of 4 sessions flagged (4 Stytch sessions of 3 members, 0 Medplum logins)"))
                #expect(text.output.contains("stytch eastside/bob@eastside.example.org session \(sessions[0].id): over-limit"))
            }
        }
    }

    @Test func theSessionsOfSomeoneOffboardedAreFlaggedButAnUnmanagedMembersAreNot() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(), medplum: medplum, stytch: stytch) { manifests in
                _ = try await stytch.signIn("eastside", "cy@eastside.example.org")
                // Signing in an unknown e-mail creates a member plumbline does not manage (contract 15.2).
                _ = try await stytch.signIn("eastside", "walk-in@eastside.example.org")
                try manifests.write("people.yaml", BothSystems.people(["cy@eastside.example.org": "active: false\n"]))
                let result = await audit(manifests, medplum, stytch)
                #expect(result.status == 2)
                let byMember = Dictionary(uniqueKeysWithValues: try AuditDocument.decode(result.output).sessions.map { ($0.member, $0.reasons) })
                #expect(byMember == ["eastside/cy@eastside.example.org": ["offboarded"], "eastside/walk-in@eastside.example.org": []])
            }
        }
    }

    @Test func revokeEndsEachFlaggedSessionVerifiesItAndLeavesTheRest() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(), medplum: medplum, stytch: stytch) { manifests in
                _ = try await stytch.signIn("eastside", bob, secondsAgo: 15 * 60)
                _ = try await stytch.signIn("eastside", bob)
                let sessions = try await sessionIds(stytch, bob)
                let (idle, fresh) = (sessions[0].id, sessions[1].id)
                stytch.resetStats()

                let result = await audit(manifests, medplum, stytch, ["--revoke"])
                #expect(result.status == 2, "sessions were flagged, even though they are now ended")
                let document = try AuditDocument.decode(result.output)
                #expect(document.sessions.first { $0.sessionId == idle }?.revoked == true)
                #expect(document.sessions.first { $0.sessionId == fresh }?.revoked == false)
                #expect(stytch.requestsByRoute["POST /v1/b2b/sessions/revoke"] == 1)
                #expect(stytch.requestsByRoute["GET /v1/b2b/sessions"] == 3 + 1, "the audit's listings, then one read-back")
                #expect(try await sessionIds(stytch, bob).map(\.id) == [fresh])

                let again = await audit(manifests, medplum, stytch)
                #expect(again.status == 0, "nothing left to flag")
                let text = await runPlumbline(["sessions", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
                #expect(text.status == 0)
                #expect(text.output.contains("0 of 1 session flagged"))
            }
        }
    }

    @Test func onViolationRevokeEndsFlaggedSessionsWithoutTheFlag() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            let files = SessionManifests.files(policy: SessionManifests.shortPolicy + "onViolation: revoke\n")
            try await SessionManifests.applied(files, medplum: medplum, stytch: stytch) { manifests in
                _ = try await stytch.signIn("eastside", bob, secondsAgo: 15 * 60)
                let result = await runPlumbline(["sessions", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
                #expect(result.status == 2)
                #expect(result.output.contains("1 of 1 session flagged (1 Stytch session of 3 members, 0 Medplum logins); 1 revoked and verified"))
                #expect(try await sessionIds(stytch, bob).isEmpty)
            }
        }
    }

    @Test func withoutSuperAdminCredentialsMedplumLoginsAreNotAuditedAndThatIsSaidOnce() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            try await SessionManifests.applied(SessionManifests.files(superAdmin: false), medplum: medplum, stytch: stytch) { manifests in
                medplum.resetStats()
                for output in ["text", "json", "markdown"] {
                    let result = await runPlumbline(["sessions", "--manifests", manifests.directory, "--output", output], medplum: medplum, stytch: stytch)
                    #expect(result.status == 0)
                    let note = "note: Medplum logins were not audited: environment 'sandbox' has no medplum.superAdmin credentials, and only a super admin may read Login resources (contract 4.6); add medplum.superAdmin to audit them\n"
                    #expect(result.error == note, "said once, on stderr")
                }
                #expect(medplum.requestsByRoute.isEmpty, "Medplum is not read at all without a way to read its logins")
            }
        }
    }
}
