import Foundation

/// An authentication factor on the wire (contract §6.1): `type` and `delivery_method` come from
/// the SDK's closed enums (`password`/`knowledge`).
struct FactorWire: JSONFields, Encodable {
    let record: FactorRecord

    func writeFields(to w: inout JSONWriter) {
        w.field("type", record.type)
        w.field("delivery_method", record.deliveryMethod)
        w.key("last_authenticated_at")
        w.timestamp(record.lastAuthenticatedAt)
        w.key("created_at")
        w.timestamp(record.createdAt)
        w.key("updated_at")
        w.timestamp(record.lastAuthenticatedAt)
        w.key("email_factor")
        w.object { $0.field("email_id", record.emailId); $0.field("email_address", record.emailAddress) }
    }

    func encode(to encoder: any Encoder) throws {
        try encodeViaWriter(to: encoder)
    }

    /// The same factor as a JSON value, for the JWT's session claim.
    var json: JSONValue {
        var writer = JSONWriter()
        write(to: &writer)
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(writer.bytes))) ?? .null
    }
}

/// The MemberSession object (contract §6.1); `organization_slug` and `roles` are required.
struct MemberSessionWire: Encodable {
    let record: SessionRecord
    let organizationSlug: String
    let roles: [String]

    enum CodingKeys: String, CodingKey {
        case memberSessionId = "member_session_id", memberId = "member_id", startedAt = "started_at"
        case lastAccessedAt = "last_accessed_at", expiresAt = "expires_at"
        case authenticationFactors = "authentication_factors", organizationId = "organization_id", roles
        case organizationSlug = "organization_slug", customClaims = "custom_claims"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(record.id, forKey: .memberSessionId)
        try c.encode(record.memberId, forKey: .memberId)
        try c.encode(Timestamp.format(record.startedAt), forKey: .startedAt)
        try c.encode(Timestamp.format(record.lastAccessedAt), forKey: .lastAccessedAt)
        try c.encode(Timestamp.format(record.expiresAt), forKey: .expiresAt)
        try c.encode(record.factors.map(FactorWire.init), forKey: .authenticationFactors)
        try c.encode(record.organizationId, forKey: .organizationId)
        try c.encode(roles, forKey: .roles)
        try c.encode(organizationSlug, forKey: .organizationSlug)
        try c.encode(record.customClaims, forKey: .customClaims)
    }
}

/// `{member_sessions}`: `GET /v1/b2b/sessions`.
struct MemberSessionsPayload: Encodable {
    let memberSessions: [MemberSessionWire]

    enum CodingKeys: String, CodingKey {
        case memberSessions = "member_sessions"
    }
}

/// The verdict of an `authorization_check`.
struct VerdictWire: Encodable {
    let authorized: Bool
    let grantingRoles: [String]

    enum CodingKeys: String, CodingKey {
        case authorized, grantingRoles = "granting_roles"
    }
}

/// `POST /v1/b2b/sessions/authenticate` response (contract §6.3).
struct SessionAuthenticatePayload: Encodable {
    let memberSession: MemberSessionWire
    let sessionToken: String
    let sessionJWT: String
    let member: MemberWire
    let organization: OrganizationWire
    let verdict: VerdictWire?

    enum CodingKeys: String, CodingKey {
        case memberSession = "member_session", sessionToken = "session_token", sessionJWT = "session_jwt", member
        case organization, verdict, memberId = "member_id"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(memberSession, forKey: .memberSession)
        try c.encode(sessionToken, forKey: .sessionToken)
        try c.encode(sessionJWT, forKey: .sessionJWT)
        try c.encode(member, forKey: .member)
        try c.encode(organization, forKey: .organization)
        try c.encode(member.record.id, forKey: .memberId)
        try c.encodeIfPresent(verdict, forKey: .verdict)
    }
}

/// The body of `POST /v1/b2b/sessions/authenticate`.
struct SessionAuthenticateBody: Decodable, Sendable {
    struct AuthorizationCheck: Decodable, Sendable {
        var organizationId: String
        var resourceId: String
        var action: String

        enum CodingKeys: String, CodingKey {
            case organizationId = "organization_id", resourceId = "resource_id", action
        }
    }

    var sessionToken: String?
    var sessionJWT: String?
    var sessionDurationMinutes: Int?
    var sessionCustomClaims: JSONObject?
    var authorizationCheck: AuthorizationCheck?

    enum CodingKeys: String, CodingKey {
        case sessionToken = "session_token", sessionJWT = "session_jwt"
        case sessionDurationMinutes = "session_duration_minutes", sessionCustomClaims = "session_custom_claims"
        case authorizationCheck = "authorization_check"
    }
}

/// The body of `POST /v1/b2b/sessions/revoke`: exactly one selector.
struct SessionRevokeBody: Decodable, Sendable {
    var memberSessionId: String?
    var sessionToken: String?
    var sessionJWT: String?
    var memberId: String?

    enum CodingKeys: String, CodingKey {
        case memberSessionId = "member_session_id", sessionToken = "session_token", sessionJWT = "session_jwt"
        case memberId = "member_id"
    }
}
