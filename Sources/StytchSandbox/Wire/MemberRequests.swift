import Foundation

/// The settable fields of Create and Update Member (contract §4.2, §4.5); keys not listed here
/// (the echoed `organization_id`/`member_id`) are ignored.
struct MemberFields: Decodable, Sendable {
    var emailAddress: String?
    var name: String?
    var trustedMetadata: JSONObject?
    var untrustedMetadata: JSONObject?
    var createMemberAsPending: Bool?
    var isBreakglass: Bool?
    var mfaPhoneNumber: String?
    var mfaEnrolled: Bool?
    var roles: [String]?
    var externalId: String?
    var preserveExistingSessions: Bool?
    var defaultMFAMethod: String?
    var unlinkEmail: Bool?

    enum CodingKeys: String, CodingKey {
        case emailAddress = "email_address", name, trustedMetadata = "trusted_metadata"
        case untrustedMetadata = "untrusted_metadata", createMemberAsPending = "create_member_as_pending"
        case isBreakglass = "is_breakglass", mfaPhoneNumber = "mfa_phone_number", mfaEnrolled = "mfa_enrolled"
        case roles, externalId = "external_id", preserveExistingSessions = "preserve_existing_sessions"
        case defaultMFAMethod = "default_mfa_method", unlinkEmail = "unlink_email"
    }
}

/// `unlink_retired_email`: which retired address to forget.
struct UnlinkRetiredEmailBody: Decodable, Sendable {
    var emailId: String?
    var emailAddress: String?

    enum CodingKeys: String, CodingKey {
        case emailId = "email_id", emailAddress = "email_address"
    }
}

/// `start_email_update`: the address the member wants to move to.
struct StartEmailUpdateBody: Decodable, Sendable {
    var emailAddress: String?

    enum CodingKeys: String, CodingKey {
        case emailAddress = "email_address"
    }
}

/// `unlink_retired_email` answers with the organization id besides the member envelope.
struct UnlinkRetiredEmailPayload: Encodable {
    let member: MemberPayload

    enum CodingKeys: String, CodingKey {
        case organizationId = "organization_id"
    }

    func encode(to encoder: any Encoder) throws {
        try member.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(member.organization.record.id, forKey: .organizationId)
    }
}

/// Endpoints the sandbox offers for completeness that always answer an empty list.
struct EmptyListPayload: Encodable {
    let key: String

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode([String](), forKey: Key(stringValue: key))
    }
}

/// Format checks for member fields.
enum MemberRules {
    /// A plausible address: one `@`, a non-empty local part and a dotted domain, no spaces.
    static func checkEmail(_ email: String) throws(StytchError) {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace), email.count <= 254
        else { throw .invalidEmail }
    }

    /// E.164: `+`, a non-zero digit, 7–15 digits in all.
    static func checkPhone(_ phone: String) throws(StytchError) {
        let digits = phone.dropFirst()
        guard phone.hasPrefix("+"), (7...15).contains(digits.count), digits.allSatisfy(\.isASCII),
            digits.allSatisfy(\.isNumber), digits.first != "0"
        else { throw .invalidPhoneNumber }
    }
}
