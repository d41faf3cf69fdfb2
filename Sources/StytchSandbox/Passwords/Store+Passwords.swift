import Foundation

/// `passwords/migrate` and `passwords/authenticate` (contract §15): how tests obtain real
/// sessions, exactly as a client of the real service would.
extension StytchStore {
    static let defaultSessionMinutes = 60
    static let intermediateSessionLifetime: TimeInterval = 600
    static let locales: Set<String> = ["en", "es", "pt-br", "fr"]

    /// Adds a migrated password to the member with that e-mail, creating the member when the
    /// organization has none (`member_created`). The e-mail is marked verified.
    func migratePassword(_ body: PasswordMigrateBody) throws(StytchError) -> (MemberRecord, created: Bool) {
        guard let email = body.emailAddress, !email.isEmpty else { throw .missingField("email_address") }
        guard let hash = body.hash, !hash.isEmpty else { throw .missingField("hash") }
        guard let hashType = body.hashType, !hashType.isEmpty else { throw .missingField("hash_type") }
        guard let orgReference = body.organizationId, !orgReference.isEmpty else { throw .missingField("organization_id") }
        let password = try PasswordHashes.record(body, hash: hash, type: hashType)
        let org = try organization(orgReference)
        var fields = body.memberFields
        var migrated: MemberRecord
        let created: Bool
        if let existing = member(email: email, in: org.id) {
            guard existing.password == nil else { throw .passwordAlreadyExists }
            // external_id only applies to a member the migration creates.
            fields.externalId = nil
            fields.emailAddress = nil
            migrated = try updateMember(org.id, existing.id, fields)
            created = false
        } else {
            migrated = try createMember(org.id, fields)
            created = true
        }
        migrated.password = password
        migrated.emailVerified = true
        if body.setPhoneNumberVerified == true, !migrated.mfaPhoneNumber.isEmpty { migrated.mfaPhoneNumberVerified = true }
        migrated.updatedAt = now
        put(migrated)
        return (migrated, created)
    }

    /// Checks the password and starts (or extends) a session, or hands out an intermediate
    /// session token when the member still owes an MFA step.
    func authenticatePassword(_ body: PasswordAuthenticateBody) throws(StytchError) -> PasswordAuthenticatePayload {
        guard let orgReference = body.organizationId, !orgReference.isEmpty else { throw .missingField("organization_id") }
        guard let email = body.emailAddress, !email.isEmpty else { throw .missingField("email_address") }
        guard let password = body.password else { throw .missingField("password") }
        if let minutes = body.sessionDurationMinutes, !Self.sessionDurationRange.contains(minutes) {
            throw .invalidSessionDuration
        }
        if let locale = body.locale, !Self.locales.contains(locale) { throw .invalidLocale }
        if body.sessionToken != nil && body.sessionJWT != nil { throw .tooManySessionArguments }
        let org = try organization(orgReference)
        guard var member = member(email: email, in: org.id) else { throw .memberNotFound() }
        guard let stored = member.password else { throw .memberPasswordNotFound }
        guard PasswordHashes.verify(password, against: stored) else { throw .unauthorizedCredentials }
        if org.authMethods == "RESTRICTED", !org.allowedAuthMethods.contains("password"), !member.isBreakglass {
            throw .passwordsRestrictedByOrganization
        }
        let now = self.now
        if member.status != MemberStatus.active {
            member.status = MemberStatus.active
            member.updatedAt = now
            put(member)
        }
        let factor = FactorRecord(
            type: "password", deliveryMethod: "knowledge", emailId: member.emailId, emailAddress: member.email,
            createdAt: now, lastAuthenticatedAt: now)
        let claims = try body.sessionCustomClaims.map { (claims) throws(StytchError) in try Self.mergedClaims([:], claims) } ?? [:]

        if body.sessionToken != nil || body.sessionJWT != nil {
            var session = try activeSession(token: body.sessionToken, jwt: body.sessionJWT)
            guard session.memberId == member.id else { throw .sessionNotFound() }
            session.factors.removeAll { $0.type == factor.type }
            session.factors.append(factor)
            session.lastAccessedAt = now
            if let minutes = body.sessionDurationMinutes {
                session.expiresAt = now.addingTimeInterval(TimeInterval(minutes) * 60)
            }
            if let patch = body.sessionCustomClaims { session.customClaims = try Self.mergedClaims(session.customClaims, patch) }
            put(session)
            return try authenticated(member, org, session)
        }
        let mfaRequired = org.mfaPolicy == "REQUIRED_FOR_ALL" || member.mfaEnrolled
        if let token = body.intermediateSessionToken {
            guard var intermediate = intermediateSessions[token], intermediate.expiresAt > now,
                intermediate.memberId == member.id
            else { throw .intermediateSessionNotFound }
            if mfaRequired {
                intermediate.factors.append(factor)
                put(intermediate)
                return mfaPending(member, org, intermediate)
            }
            removeIntermediateSession(token)
        } else if mfaRequired {
            let intermediate = IntermediateSessionRecord(
                token: RandomToken.make(length: 44), memberId: member.id, organizationId: org.id,
                expiresAt: now.addingTimeInterval(Self.intermediateSessionLifetime), factors: [factor])
            put(intermediate)
            return mfaPending(member, org, intermediate)
        }
        let session = startSession(
            for: member, factor: factor, durationMinutes: body.sessionDurationMinutes ?? Self.defaultSessionMinutes,
            customClaims: claims)
        return try authenticated(member, org, session)
    }

    private func authenticated(_ member: MemberRecord, _ org: OrganizationRecord, _ session: SessionRecord)
        throws(StytchError) -> PasswordAuthenticatePayload
    {
        PasswordAuthenticatePayload(
            member: wire(member, in: org), organization: OrganizationWire(record: org), sessionToken: session.token,
            sessionJWT: try jwt(for: session, member: member, org: org), intermediateSessionToken: "",
            memberAuthenticated: true,
            memberSession: MemberSessionWire(record: session, organizationSlug: org.slug, roles: sessionRoles(member, org)),
            mfaRequired: nil, intermediateSessionTokenExpiresAt: nil)
    }

    private func mfaPending(_ member: MemberRecord, _ org: OrganizationRecord, _ intermediate: IntermediateSessionRecord)
        -> PasswordAuthenticatePayload
    {
        PasswordAuthenticatePayload(
            member: wire(member, in: org), organization: OrganizationWire(record: org), sessionToken: "", sessionJWT: "",
            intermediateSessionToken: intermediate.token, memberAuthenticated: false, memberSession: nil,
            mfaRequired: [
                "member_options": .object([
                    "mfa_phone_number": .string(member.mfaPhoneNumber),
                    "totp_registration_id": .string(member.totpRegistrationId),
                ]),
                "secondary_auth_initiated": .null,
            ],
            intermediateSessionTokenExpiresAt: intermediate.expiresAt)
    }
}
