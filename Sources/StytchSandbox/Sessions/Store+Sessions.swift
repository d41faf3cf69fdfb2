import Foundation

/// Member sessions (contract §6): creation by an authentication, listing, authenticate, revoke.
extension StytchStore {
    static let sessionDurationRange = 5...527_040
    static let jwtLifetime: TimeInterval = 300
    static let reservedClaims: Set<String> = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]

    /// Starts a session for a member that just authenticated with `factor`.
    func startSession(
        for member: MemberRecord, factor: FactorRecord, durationMinutes: Int, customClaims: JSONObject
    ) -> SessionRecord {
        let now = self.now
        let session = SessionRecord(
            id: "member-session-test-\(UUID().uuidString.lowercased())", memberId: member.id,
            organizationId: member.organizationId, token: RandomToken.make(length: 44), startedAt: now,
            lastAccessedAt: now, expiresAt: now.addingTimeInterval(TimeInterval(durationMinutes) * 60),
            factors: [factor], customClaims: customClaims)
        put(session)
        return session
    }

    /// The live session a token or JWT names, and whether the JWT itself was the selector.
    func activeSession(token: String?, jwt: String?) throws(StytchError) -> SessionRecord {
        let now = self.now
        if let token {
            guard let id = sessionIdByToken[token], let session = sessions[id], session.isActive(at: now) else {
                throw .sessionNotFound()
            }
            return session
        }
        guard let jwt else { throw .noSessionArguments }
        // A JWT this project did not sign names no session of it: the contract's
        // `session_not_found` for an unknown JWT, whatever the reason it fails to verify.
        guard let claims = signer.verify(jwt),
            case .object(let sessionClaim)? = claims["https://stytch.com/session"],
            let id = sessionClaim["id"]?.stringValue
        else { throw .sessionNotFound() }
        // An expired JWT of a session that is still live is honoured and refreshed (contract §6.3).
        guard let session = sessions[id], session.isActive(at: now) else { throw .sessionNotFound() }
        return session
    }

    /// `GET /v1/b2b/sessions`: the member's unexpired, unrevoked sessions.
    func listSessions(_ orgReference: String, _ memberReference: String) throws(StytchError) -> MemberSessionsPayload {
        let org = try organization(orgReference)
        let member = try member(memberReference, in: org.id)
        let now = self.now
        let live = (sessionIdsByMember[member.id] ?? []).compactMap { sessions[$0] }.filter { $0.isActive(at: now) }
        let roles = sessionRoles(member, org)
        return MemberSessionsPayload(
            memberSessions: live.map { MemberSessionWire(record: $0, organizationSlug: org.slug, roles: roles) })
    }

    /// `POST /v1/b2b/sessions/authenticate`.
    func authenticateSession(_ body: SessionAuthenticateBody) throws(StytchError) -> SessionAuthenticatePayload {
        switch (body.sessionToken, body.sessionJWT) {
        case (nil, nil): throw .noSessionArguments
        case (.some, .some): throw .tooManySessionArguments
        default: break
        }
        if let minutes = body.sessionDurationMinutes, !Self.sessionDurationRange.contains(minutes) {
            throw .invalidSessionDuration
        }
        var session = try activeSession(token: body.sessionToken, jwt: body.sessionJWT)
        let org = try organization(session.organizationId)
        let member = try member(session.memberId, in: org.id, allowExternalId: false)
        var verdict: VerdictWire?
        if let check = body.authorizationCheck {
            let granting = try authorize(member, in: org, check: check)
            verdict = VerdictWire(authorized: true, grantingRoles: granting)
        }
        let now = self.now
        session.lastAccessedAt = now
        if let minutes = body.sessionDurationMinutes {
            session.expiresAt = now.addingTimeInterval(TimeInterval(minutes) * 60)
        }
        if let claims = body.sessionCustomClaims {
            session.customClaims = try Self.mergedClaims(session.customClaims, claims)
        }
        put(session)
        return SessionAuthenticatePayload(
            memberSession: MemberSessionWire(record: session, organizationSlug: org.slug, roles: sessionRoles(member, org)),
            sessionToken: session.token, sessionJWT: try jwt(for: session, member: member, org: org),
            member: wire(member, in: org), organization: OrganizationWire(record: org), verdict: verdict)
    }

    /// `POST /v1/b2b/sessions/revoke`: one session by id, token or JWT, or every session of a
    /// member by its (real) id.
    func revokeSessions(_ body: SessionRevokeBody) throws(StytchError) {
        let selectors = [body.memberSessionId, body.sessionToken, body.sessionJWT, body.memberId].compactMap { $0 }
        guard !selectors.isEmpty else { throw .noSessionRevokeArguments }
        guard selectors.count == 1 else { throw .tooManySessionRevokeArguments }
        if let memberId = body.memberId {
            guard members[memberId] != nil else { throw .memberNotFound() }
            revokeSessions(ofMember: memberId)
            return
        }
        if let id = body.memberSessionId {
            guard let session = sessions[id], session.isActive(at: now) else { throw .sessionNotFound() }
            removeSession(session.id)
            return
        }
        removeSession(try activeSession(token: body.sessionToken, jwt: body.sessionJWT).id)
    }

    /// The member (and organization) whose sessions a revoke request would end.
    func revokeTarget(_ body: SessionRevokeBody) throws(StytchError) -> (organizationId: String, memberId: String) {
        if let memberId = body.memberId {
            guard let member = members[memberId] else { throw .memberNotFound() }
            return (member.organizationId, member.id)
        }
        let session: SessionRecord
        if let id = body.memberSessionId {
            guard let found = sessions[id] else { throw .sessionNotFound() }
            session = found
        } else {
            session = try activeSession(token: body.sessionToken, jwt: body.sessionJWT)
        }
        return (session.organizationId, session.memberId)
    }

    /// Ends every session of a member (member delete, revoke by `member_id`).
    func revokeSessions(ofMember memberId: String) {
        for id in sessionIdsByMember[memberId] ?? [] { removeSession(id) }
        for token in intermediateSessions.values.filter({ $0.memberId == memberId }).map(\.token) {
            removeIntermediateSession(token)
        }
    }

    /// The role ids a session carries: all of the member's roles (no SSO connections exist, so
    /// no SSO-implicit role needs a matching factor).
    func sessionRoles(_ member: MemberRecord, _ org: OrganizationRecord) -> [String] {
        roles(of: member, in: org).map(\.roleId)
    }

    /// A fresh 5-minute session JWT with the claims of contract §6.6.
    func jwt(for session: SessionRecord, member: MemberRecord, org: OrganizationRecord) throws(StytchError) -> String {
        let now = self.now
        let issuedAt = Int(now.timeIntervalSince1970)
        var claims = session.customClaims
        claims["aud"] = .array([.string(credentials.projectId)])
        claims["iss"] = .string("stytch.com/\(credentials.projectId)")
        claims["sub"] = .string(member.id)
        claims["iat"] = .int(issuedAt)
        claims["nbf"] = .int(issuedAt)
        claims["exp"] = .int(issuedAt + Int(Self.jwtLifetime))
        claims["jti"] = .string(UUID().uuidString.lowercased())
        claims["https://stytch.com/session"] = .object([
            "id": .string(session.id), "started_at": .string(Timestamp.format(session.startedAt)),
            "last_accessed_at": .string(Timestamp.format(session.lastAccessedAt)),
            "expires_at": .string(Timestamp.format(session.expiresAt)),
            "attributes": .object(["ip_address": .string(""), "user_agent": .string("")]),
            "authentication_factors": .array(session.factors.map { FactorWire(record: $0).json }),
            "roles": .array(sessionRoles(member, org).map { .string($0) }),
        ])
        claims["https://stytch.com/organization"] = .object([
            "organization_id": .string(org.id), "slug": .string(org.slug),
        ])
        do {
            return try signer.sign(claims)
        } catch {
            throw .internalServerError
        }
    }

    /// An `authorization_check` against the project policy plus the org's own roles: the granting
    /// roles, or a 403.
    private func authorize(
        _ member: MemberRecord, in org: OrganizationRecord, check: SessionAuthenticateBody.AuthorizationCheck
    ) throws(StytchError) -> [String] {
        let target = try? organization(check.organizationId)
        guard target?.id == org.id else { throw .sessionAuthorizationTenancyError }
        var merged = policy
        merged.roles += org.customRoles
        let granting = merged.grantingRoles(
            Set(sessionRoles(member, org)), resourceId: check.resourceId, action: check.action)
        guard !granting.isEmpty else { throw .sessionAuthorizationError }
        return granting
    }

    /// Custom claims merged like metadata, without Stytch's reserved names, within 4 KB.
    static func mergedClaims(_ existing: JSONObject, _ patch: JSONObject) throws(StytchError) -> JSONObject {
        if patch.keys.contains(where: { $0.hasPrefix("https://stytch.com/") }) { throw .reservedClaims }
        let merged = MetadataRules.merge(existing, patch.filter { !reservedClaims.contains($0.key) })
        guard JSONValue.object(merged).encodedByteCount <= MetadataRules.maxBytes else { throw .customClaimsTooLarge }
        return merged
    }
}
