import Foundation

/// Where a member's role comes from (contract §5.3).
struct RoleSourceWire: Encodable, Hashable {
    let type: String
    let details: JSONObject?
}

/// One role of a member with every source that grants it.
struct MemberRoleWire: Encodable, Hashable {
    let roleId: String
    var sources: [RoleSourceWire]

    enum CodingKeys: String, CodingKey {
        case roleId = "role_id", sources
    }
}

/// The Member object of contract §4.1. Required strings are `""` when unset, never `null`.
struct MemberWire: Encodable {
    let record: MemberRecord
    let roles: [MemberRoleWire]

    enum CodingKeys: String, CodingKey {
        case organizationId = "organization_id", memberId = "member_id", emailAddress = "email_address"
        case status, name, ssoRegistrations = "sso_registrations", isBreakglass = "is_breakglass"
        case memberPasswordId = "member_password_id", oauthRegistrations = "oauth_registrations"
        case emailAddressVerified = "email_address_verified", mfaPhoneNumberVerified = "mfa_phone_number_verified"
        case isAdmin = "is_admin", totpRegistrationId = "totp_registration_id"
        case retiredEmailAddresses = "retired_email_addresses", isLocked = "is_locked", mfaEnrolled = "mfa_enrolled"
        case mfaPhoneNumber = "mfa_phone_number", defaultMFAMethod = "default_mfa_method", roles
        case trustedMetadata = "trusted_metadata", untrustedMetadata = "untrusted_metadata"
        case createdAt = "created_at", updatedAt = "updated_at", externalId = "external_id"
    }

    struct RetiredEmailWire: Encodable {
        let emailId: String
        let emailAddress: String

        enum CodingKeys: String, CodingKey {
            case emailId = "email_id", emailAddress = "email_address"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(record.organizationId, forKey: .organizationId)
        try c.encode(record.id, forKey: .memberId)
        try c.encode(record.email, forKey: .emailAddress)
        try c.encode(record.status, forKey: .status)
        try c.encode(record.name, forKey: .name)
        try c.encode([String](), forKey: .ssoRegistrations)
        try c.encode(record.isBreakglass, forKey: .isBreakglass)
        try c.encode(record.password?.id ?? "", forKey: .memberPasswordId)
        try c.encode([String](), forKey: .oauthRegistrations)
        try c.encode(record.emailVerified, forKey: .emailAddressVerified)
        try c.encode(record.mfaPhoneNumberVerified, forKey: .mfaPhoneNumberVerified)
        try c.encode(roles.contains { $0.roleId == DefaultRoles.admin }, forKey: .isAdmin)
        try c.encode(record.totpRegistrationId, forKey: .totpRegistrationId)
        try c.encode(
            record.retiredEmails.map { RetiredEmailWire(emailId: $0.emailId, emailAddress: $0.emailAddress) },
            forKey: .retiredEmailAddresses)
        try c.encode(false, forKey: .isLocked)
        try c.encode(record.mfaEnrolled, forKey: .mfaEnrolled)
        try c.encode(record.mfaPhoneNumber, forKey: .mfaPhoneNumber)
        try c.encode(record.defaultMFAMethod, forKey: .defaultMFAMethod)
        try c.encode(roles, forKey: .roles)
        try c.encode(record.trustedMetadata, forKey: .trustedMetadata)
        try c.encode(record.untrustedMetadata, forKey: .untrustedMetadata)
        try c.encode(Timestamp.format(record.createdAt), forKey: .createdAt)
        try c.encode(Timestamp.format(record.updatedAt), forKey: .updatedAt)
        try c.encodeIfPresent(record.externalId, forKey: .externalId)
    }
}

/// `{member_id, member, organization}`: create, get, update, reactivate and friends.
struct MemberPayload: Encodable {
    let member: MemberWire
    let organization: OrganizationWire

    enum CodingKeys: String, CodingKey {
        case memberId = "member_id", member, organization
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(member.record.id, forKey: .memberId)
        try c.encode(member, forKey: .member)
        try c.encode(organization, forKey: .organization)
    }
}

/// `{member_id}`: delete.
struct MemberIDPayload: Encodable {
    let memberId: String

    enum CodingKeys: String, CodingKey {
        case memberId = "member_id"
    }
}

/// The member search response (contract §4.8), with the map of the returned members' orgs.
struct MemberSearchPayload: Encodable {
    let members: [MemberWire]
    let resultsMetadata: ResultsMetadataWire
    let organizations: [String: OrganizationWire]

    enum CodingKeys: String, CodingKey {
        case members, resultsMetadata = "results_metadata", organizations
    }
}
