import Foundation

/// Salts of md_5 / sha_1 / sha_512 migrations; either key may be missing (treated as "").
struct SaltConfig: Decodable, Sendable {
    var prependSalt: String?
    var appendSalt: String?

    enum CodingKeys: String, CodingKey {
        case prependSalt = "prepend_salt", appendSalt = "append_salt"
    }
}

/// The body of `POST /v1/b2b/passwords/migrate` (contract §15.2).
struct PasswordMigrateBody: Decodable, Sendable {
    var emailAddress: String?
    var hash: String?
    var hashType: String?
    var organizationId: String?
    var md5Config: SaltConfig?
    var sha1Config: SaltConfig?
    var sha512Config: SaltConfig?
    var pbkdf2Config: JSONObject?
    var scryptConfig: JSONObject?
    var argon2Config: JSONObject?
    var name: String?
    var trustedMetadata: JSONObject?
    var untrustedMetadata: JSONObject?
    var roles: [String]?
    var preserveExistingSessions: Bool?
    var mfaPhoneNumber: String?
    var setPhoneNumberVerified: Bool?
    var externalId: String?

    enum CodingKeys: String, CodingKey {
        case emailAddress = "email_address", hash, hashType = "hash_type", organizationId = "organization_id"
        case md5Config = "md_5_config", sha1Config = "sha_1_config", sha512Config = "sha_512_config"
        case pbkdf2Config = "pbkdf_2_config", scryptConfig = "scrypt_config", argon2Config = "argon_2_config"
        case name, trustedMetadata = "trusted_metadata", untrustedMetadata = "untrusted_metadata", roles
        case preserveExistingSessions = "preserve_existing_sessions", mfaPhoneNumber = "mfa_phone_number"
        case setPhoneNumberVerified = "set_phone_number_verified", externalId = "external_id"
    }

    /// The member fields a migration sets, as Create/Update Member would.
    var memberFields: MemberFields {
        MemberFields(
            emailAddress: emailAddress, name: name, trustedMetadata: trustedMetadata,
            untrustedMetadata: untrustedMetadata, mfaPhoneNumber: mfaPhoneNumber, roles: roles, externalId: externalId)
    }
}

/// The body of `POST /v1/b2b/passwords/authenticate` (contract §15.3).
struct PasswordAuthenticateBody: Decodable, Sendable {
    var organizationId: String?
    var emailAddress: String?
    var password: String?
    var sessionToken: String?
    var sessionDurationMinutes: Int?
    var sessionJWT: String?
    var sessionCustomClaims: JSONObject?
    var locale: String?
    var intermediateSessionToken: String?

    enum CodingKeys: String, CodingKey {
        case organizationId = "organization_id", emailAddress = "email_address", password
        case sessionToken = "session_token", sessionDurationMinutes = "session_duration_minutes"
        case sessionJWT = "session_jwt", sessionCustomClaims = "session_custom_claims", locale
        case intermediateSessionToken = "intermediate_session_token"
    }
}

/// `{member_id, member_created, member, organization}`.
struct PasswordMigratePayload: Encodable {
    let member: MemberPayload
    let memberCreated: Bool

    enum CodingKeys: String, CodingKey {
        case memberCreated = "member_created"
    }

    func encode(to encoder: any Encoder) throws {
        try member.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(memberCreated, forKey: .memberCreated)
    }
}

/// The response of `POST /v1/b2b/passwords/authenticate`: the three token strings are always
/// present (`""` when not issued), `mfa_required` is `null` unless MFA is pending.
struct PasswordAuthenticatePayload: Encodable {
    let member: MemberWire
    let organization: OrganizationWire
    let sessionToken: String
    let sessionJWT: String
    let intermediateSessionToken: String
    let memberAuthenticated: Bool
    let memberSession: MemberSessionWire?
    let mfaRequired: JSONObject?
    let intermediateSessionTokenExpiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case memberId = "member_id", organizationId = "organization_id", member, organization
        case sessionToken = "session_token", sessionJWT = "session_jwt"
        case intermediateSessionToken = "intermediate_session_token", memberAuthenticated = "member_authenticated"
        case memberSession = "member_session", mfaRequired = "mfa_required", primaryRequired = "primary_required"
        case intermediateSessionTokenExpiresAt = "intermediate_session_token_expires_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(member.record.id, forKey: .memberId)
        try c.encode(organization.record.id, forKey: .organizationId)
        try c.encode(member, forKey: .member)
        try c.encode(organization, forKey: .organization)
        try c.encode(sessionToken, forKey: .sessionToken)
        try c.encode(sessionJWT, forKey: .sessionJWT)
        try c.encode(intermediateSessionToken, forKey: .intermediateSessionToken)
        try c.encode(memberAuthenticated, forKey: .memberAuthenticated)
        if let memberSession { try c.encode(memberSession, forKey: .memberSession) } else { try c.encodeNil(forKey: .memberSession) }
        if let mfaRequired { try c.encode(mfaRequired, forKey: .mfaRequired) } else { try c.encodeNil(forKey: .mfaRequired) }
        try c.encodeNil(forKey: .primaryRequired)
        if let expiry = intermediateSessionTokenExpiresAt {
            try c.encode(Timestamp.format(expiry), forKey: .intermediateSessionTokenExpiresAt)
        }
    }
}
