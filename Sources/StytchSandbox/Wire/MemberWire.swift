import Foundation

/// Where a member's role comes from (contract §5.3).
struct RoleSourceWire: JSONWritable, Hashable {
    let type: String
    let details: JSONObject?

    func write(to w: inout JSONWriter) {
        w.object { writer in
            writer.field("type", type)
            if let details { writer.field("details", details) }
        }
    }
}

/// One role of a member with every source that grants it.
struct MemberRoleWire: JSONWritable, Hashable {
    let roleId: String
    var sources: [RoleSourceWire]

    func write(to w: inout JSONWriter) {
        w.object { $0.field("role_id", roleId); $0.field("sources", sources) }
    }
}

/// The Member object of contract §4.1. Required strings are `""` when unset, never `null`.
struct MemberWire: JSONFields, Encodable {
    let record: MemberRecord
    let roles: [MemberRoleWire]

    func writeFields(to w: inout JSONWriter) {
        w.field("organization_id", record.organizationId)
        w.field("member_id", record.id)
        w.field("email_address", record.email)
        w.field("status", record.status)
        w.field("name", record.name)
        w.field("sso_registrations", [String]())
        w.field("is_breakglass", record.isBreakglass)
        w.field("member_password_id", record.password?.id ?? "")
        w.field("oauth_registrations", [String]())
        w.field("email_address_verified", record.emailVerified)
        w.field("mfa_phone_number_verified", record.mfaPhoneNumberVerified)
        w.field("is_admin", roles.contains { $0.roleId == DefaultRoles.admin })
        w.field("totp_registration_id", record.totpRegistrationId)
        w.key("retired_email_addresses")
        w.beginArray()
        for retired in record.retiredEmails {
            w.object { $0.field("email_id", retired.emailId); $0.field("email_address", retired.emailAddress) }
        }
        w.endArray()
        w.field("is_locked", false)
        w.field("mfa_enrolled", record.mfaEnrolled)
        w.field("mfa_phone_number", record.mfaPhoneNumber)
        w.field("default_mfa_method", record.defaultMFAMethod)
        w.field("roles", roles)
        w.field("trusted_metadata", record.trustedMetadata)
        w.field("untrusted_metadata", record.untrustedMetadata)
        w.key("created_at")
        w.timestamp(record.createdAt)
        w.key("updated_at")
        w.timestamp(record.updatedAt)
        if let external = record.externalId { w.field("external_id", external) }
    }

    func encode(to encoder: any Encoder) throws {
        try encodeViaWriter(to: encoder)
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
struct MemberSearchPayload: JSONFields {
    let members: [MemberWire]
    let resultsMetadata: ResultsMetadataWire
    let organizations: [String: OrganizationWire]

    func writeFields(to w: inout JSONWriter) {
        w.field("members", members)
        w.field("results_metadata", resultsMetadata)
        w.field("organizations", organizations)
    }
}
