import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Session rules", .tags(.small))
struct SessionRulesTests {
    /// A fixed instant: the rules never read a clock of their own.
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = SessionLimits(name: "default", maxAge: 12 * 3600, idleTimeout: 30 * 60, maxConcurrent: 3)
    let bob = SessionHolder(.stytch, "eastside/bob@eastside.example.org")

    func session(_ id: String, _ holder: SessionHolder? = nil, startedAgo: TimeInterval = 600, idleFor: TimeInterval = 60, expiresIn: TimeInterval? = 3600) -> ObservedSession {
        ObservedSession(
            holder: holder ?? bob, sessionId: id, startedAt: now - startedAgo, lastActiveAt: now - idleFor,
            expiresAt: expiresIn.map { now + $0 }
        )
    }

    func reasons(_ verdicts: [SessionVerdict]) -> [String: [SessionReason]] {
        Dictionary(uniqueKeysWithValues: verdicts.map { ($0.session.sessionId, $0.reasons) })
    }

    @Test func aSessionWithinEveryLimitIsNotFlagged() {
        let verdicts = SessionRules.judge([session("s1")], limits: policy, now: now, offboarded: [])
        #expect(reasons(verdicts) == ["s1": []])
        #expect(!verdicts[0].isFlagged)
    }

    @Test func eachTimeRuleFlagsOnlyPastItsLimit() {
        let verdicts = SessionRules.judge([
            session("expired", expiresIn: 0),
            session("fresh-expiry", expiresIn: 1),
            session("idle", idleFor: 30 * 60 + 1),
            session("just-active", idleFor: 30 * 60),
            session("old", startedAgo: 12 * 3600 + 1, idleFor: 10),
            session("everything", startedAgo: 13 * 3600, idleFor: 3600, expiresIn: -1),
        ], limits: policy, now: now, offboarded: [])
        #expect(reasons(verdicts) == [
            "expired": [.expired], "fresh-expiry": [], "idle": [.idle], "just-active": [],
            "old": [.overAge], "everything": [.expired, .idle, .overAge],
        ])
    }

    @Test func offboardedHoldersHaveEverySessionFlagged() {
        let carol = SessionHolder(.medplum, "carol@eastside.example.org")
        let verdicts = SessionRules.judge([session("b1"), session("c1", carol), session("c2", carol, idleFor: 7200)], limits: policy, now: now, offboarded: [carol])
        #expect(reasons(verdicts) == ["b1": [], "c1": [.offboarded], "c2": [.idle, .offboarded]])
    }

    @Test func overTheConcurrentLimitTheOldestAreFlagged() {
        let sessions = (1...5).map { session("s\($0)", startedAgo: TimeInterval(1000 - $0 * 100)) }
        let verdicts = SessionRules.judge(sessions.shuffled(), limits: policy, now: now, offboarded: [])
        #expect(reasons(verdicts) == ["s1": [.overLimit], "s2": [.overLimit], "s3": [], "s4": [], "s5": []])
        #expect(verdicts.map(\.session.sessionId) == ["s1", "s2", "s3", "s4", "s5"], "sorted oldest first")
    }

    @Test func sessionsFlaggedForOtherReasonsDoNotCountTowardsTheLimit() {
        let sessions = [
            session("idle", startedAgo: 900, idleFor: 3600),
            session("a", startedAgo: 800), session("b", startedAgo: 700), session("c", startedAgo: 600),
        ]
        let verdicts = SessionRules.judge(sessions, limits: policy, now: now, offboarded: [])
        #expect(reasons(verdicts) == ["idle": [.idle], "a": [], "b": [], "c": []])
    }

    @Test func theLimitIsCountedPerHolder() {
        let other = SessionHolder(.stytch, "westside/bob@eastside.example.org")
        let sessions = (1...3).map { session("e\($0)") } + (1...3).map { session("w\($0)", other) }
        let verdicts = SessionRules.judge(sessions, limits: policy, now: now, offboarded: [])
        #expect(verdicts.allSatisfy { !$0.isFlagged })
    }

    @Test func withoutAPolicyOnlyExpiryAndOffboardingCount() {
        let verdicts = SessionRules.judge(
            [session("old", startedAgo: 86_400 * 30, idleFor: 86_400 * 20), session("gone", expiresIn: -5)] + (1...6).map { session("n\($0)") },
            limits: .none, now: now, offboarded: []
        )
        #expect(verdicts.filter(\.isFlagged).map(\.session.sessionId) == ["gone"])
    }
}

@Suite("Session policy resolution", .tags(.small))
struct SessionLimitsTests {
    let manifests = Validator.validate([SourceFile(path: "s.yaml", text: """
        kind: SessionPolicy
        name: default
        maxAge: 12h
        idleTimeout: 1h30m
        maxConcurrent: 3
        ---
        kind: SessionPolicy
        name: strict
        idleTimeout: 5m
        onViolation: revoke
        """)]).manifests

    @Test func theEnvironmentsPolicyElseTheDefaultOne() throws {
        let fallback = try #require(SessionLimits.resolve(manifests, environmentPolicy: nil))
        #expect(fallback == SessionLimits(name: "default", maxAge: 43_200, idleTimeout: 5_400, maxConcurrent: 3, onViolation: .report))
        #expect(fallback.summary == "maxAge 12h, idleTimeout 1h30m, maxConcurrent 3, onViolation report")
        let strict = try #require(SessionLimits.resolve(manifests, environmentPolicy: "strict"))
        #expect(strict.onViolation == .revoke && strict.idleTimeout == 300 && strict.maxAge == nil)
        #expect(SessionLimits.resolve(manifests, environmentPolicy: "default", override: "strict")?.name == "strict")
    }

    @Test func anUnknownNameIsNilAndNoPolicyAtAllMeansNoLimits() {
        #expect(SessionLimits.resolve(manifests, environmentPolicy: "lenient") == nil)
        #expect(SessionLimits.resolve(ManifestSet(), environmentPolicy: nil) == SessionLimits.none)
    }
}
