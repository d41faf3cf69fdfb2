import Foundation
import PlumblineCore
import PlumblineHTTP

/// Member sessions (contract §6): listed one member at a time — Stytch has no bulk listing, so a
/// session audit costs one `GET /v1/b2b/sessions` per member — and ended one session at a time.
public struct StytchSessions: Sendable {
    let client: StytchClient

    public init(client: StytchClient) {
        self.client = client
    }

    /// The live sessions of every member, `concurrency` listings at a time under the
    /// transport's rate limiter; `progress` is called after each member.
    public func list(_ members: [LiveMember], concurrency: Int, progress: @escaping @Sendable () -> Void = {}) async throws -> [ObservedSession] {
        try await BoundedConcurrency.map(members, limit: concurrency) { member in
            defer { progress() }
            return try await list(member)
        }.flatMap { $0 }
    }

    /// `GET /v1/b2b/sessions?organization_id&member_id`: the member's unexpired, unrevoked
    /// sessions. A member Stytch no longer knows (deleted members may be hidden) has none.
    public func list(_ member: LiveMember) async throws -> [ObservedSession] {
        let response: JSONValue
        do {
            response = try await client.call(
                .get, "v1/b2b/sessions", query: [("organization_id", member.organizationId), ("member_id", member.id)], route: "/v1/b2b/sessions"
            )
        } catch let error as StytchError where error.errorType == "member_not_found" {
            return []
        }
        return (response["member_sessions"]?.array ?? []).compactMap { Self.session(from: $0, member: member) }
    }

    /// Ends one session by `member_session_id` (contract 6.4), then reads the member's sessions
    /// back: only when the session is no longer listed is it reported ended.
    public func revoke(_ sessionId: String, of member: LiveMember) async throws {
        do {
            // Revoking an ended session changes nothing, so a retry is safe.
            _ = try await client.call(
                .post, "v1/b2b/sessions/revoke", body: ["member_session_id": .string(sessionId)], route: "/v1/b2b/sessions/revoke", retry: .idempotent
            )
        } catch let error as StytchError where error.errorType == "session_not_found" {
            // Already ended (expired or revoked meanwhile): the read-back decides.
        }
        let left = try await list(member)
        guard !left.contains(where: { $0.sessionId == sessionId }) else {
            throw VerificationFailed(description: "session \(sessionId) is still listed after the revoke request")
        }
    }

    /// One listed session of `member`; nil when it lacks an id or a start.
    static func session(from json: JSONValue, member: LiveMember) -> ObservedSession? {
        guard let id = json["member_session_id"]?.string,
              let started = json["started_at"]?.string.flatMap(StytchMapping.date)
        else { return nil }
        return ObservedSession(
            holder: SessionHolder(.stytch, member.key), sessionId: id, startedAt: started,
            lastActiveAt: json["last_accessed_at"]?.string.flatMap(StytchMapping.date) ?? started,
            expiresAt: json["expires_at"]?.string.flatMap(StytchMapping.date)
        )
    }
}
