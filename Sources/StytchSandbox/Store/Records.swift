import Foundation

/// An implicit role granted to members whose e-mail has `domain` (contract §5.3).
struct EmailRoleAssignment: Codable, Sendable, Hashable {
    var domain: String
    var roleId: String

    enum CodingKeys: String, CodingKey {
        case domain, roleId = "role_id"
    }
}

/// An organization as the store keeps it. Field names follow the wire names of contract §3.1.
struct OrganizationRecord: Codable, Sendable {
    var id: String
    /// Creation order across the project: search pages in this order.
    var seq: Int
    var name: String
    var slug: String
    var logoURL: String = ""
    var externalId: String?
    var trustedMetadata: JSONObject = [:]
    var ssoJitProvisioning: String
    var ssoJitProvisioningAllowedConnections: [String] = []
    var ssoDefaultConnectionId: String?
    var emailAllowedDomains: [String] = []
    var emailJitProvisioning: String
    var emailInvites: String
    var authMethods: String
    var allowedAuthMethods: [String] = []
    var mfaPolicy: String
    var mfaMethods: String
    var allowedMFAMethods: [String] = []
    var rbacEmailImplicitRoleAssignments: [EmailRoleAssignment] = []
    var oauthTenantJitProvisioning: String
    var allowedOAuthTenants: JSONObject = [:]
    var claimedEmailDomains: [String] = []
    var firstPartyConnectedAppsAllowedType: String
    var allowedFirstPartyConnectedApps: [String] = []
    var thirdPartyConnectedAppsAllowedType: String
    var allowedThirdPartyConnectedApps: [String] = []
    /// The organization-scoped roles of contract §5.4 (`custom_roles` on the wire).
    var customRoles: [PolicyRole] = []
    var createdAt: Date
    var updatedAt: Date
}

/// A password stored by `passwords/migrate`: the migrated hash, kept as given and verified on
/// authenticate.
struct PasswordRecord: Codable, Sendable {
    var id: String
    var hashType: String
    var hash: String
    /// md_5 / sha_1 / sha_512: literal text around the password before hashing.
    var prependSalt: String = ""
    var appendSalt: String = ""
    /// pbkdf_2 / scrypt: the algorithm parameters of the migrate request's config.
    var parameters: JSONObject = [:]
}

/// An e-mail address a member no longer uses but that stays reserved in the organization.
struct RetiredEmail: Codable, Sendable, Hashable {
    var emailId: String
    var emailAddress: String
}

/// A member as the store keeps it (contract §4.1).
struct MemberRecord: Codable, Sendable {
    var id: String
    var organizationId: String
    var seq: Int
    var email: String
    var emailId: String
    var emailVerified: Bool
    var status: String
    var name: String = ""
    var trustedMetadata: JSONObject = [:]
    var untrustedMetadata: JSONObject = [:]
    var isBreakglass: Bool = false
    var mfaPhoneNumber: String = ""
    var mfaPhoneNumberVerified: Bool = false
    var mfaEnrolled: Bool = false
    var defaultMFAMethod: String = ""
    var totpRegistrationId: String = ""
    /// Roles assigned directly (`direct_assignment`), in assignment order.
    var explicitRoles: [String] = []
    var externalId: String?
    var password: PasswordRecord?
    var retiredEmails: [RetiredEmail] = []
    var createdAt: Date
    var updatedAt: Date

    /// The e-mail as compared: Stytch treats addresses case-insensitively.
    var emailKey: String { email.lowercased() }

    var isDeleted: Bool { status == MemberStatus.deleted }
}

/// Member statuses (contract §4.1).
enum MemberStatus {
    static let pending = "pending"
    static let invited = "invited"
    static let active = "active"
    static let deleted = "deleted"
    static let all: Set<String> = [pending, invited, active, deleted]
}

/// An authentication factor on a session (contract §6.1); `type`/`deliveryMethod` use the SDK's
/// closed enums.
struct FactorRecord: Codable, Sendable, Hashable {
    var type: String
    var deliveryMethod: String
    var emailId: String
    var emailAddress: String
    var createdAt: Date
    var lastAuthenticatedAt: Date
}

/// A member session.
struct SessionRecord: Codable, Sendable {
    var id: String
    var memberId: String
    var organizationId: String
    /// The opaque `session_token` (48 url-safe characters, as Stytch's).
    var token: String
    var startedAt: Date
    var lastAccessedAt: Date
    var expiresAt: Date
    var factors: [FactorRecord]
    var customClaims: JSONObject = [:]
    var revoked: Bool = false

    func isActive(at now: Date) -> Bool { !revoked && expiresAt > now }
}

/// An intermediate session token handed out when MFA is still required (contract §15.3).
struct IntermediateSessionRecord: Codable, Sendable {
    var token: String
    var memberId: String
    var organizationId: String
    var expiresAt: Date
    var factors: [FactorRecord]
}
