/// `kind: Organization` — a Stytch B2B organization (a tenant), keyed by its slug.
public struct OrganizationManifest: Sendable {
    /// The display name (`organization_name`).
    public var name: Located<String>
    public var slug: Located<String>
    public var externalId: Located<String>?
    public var emailAllowedDomains: [Located<String>]?
    public var emailJitProvisioning: Located<String>?
    public var emailInvites: Located<String>?
    public var authMethods: Located<String>?
    public var allowedAuthMethods: [Located<String>]?
    public var mfaPolicy: Located<String>?
    public var mfaMethods: Located<String>?
    public var allowedMfaMethods: [Located<String>]?
    public var location: SourceLocation
}

/// The values Stytch accepts for the organization settings plumbline manages (contract §7).
public enum OrganizationSettingValues {
    public static let emailJitProvisioning = ["RESTRICTED", "NOT_ALLOWED"]
    public static let emailInvites = ["ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"]
    public static let authMethods = ["ALL_ALLOWED", "RESTRICTED"]
    public static let allowedAuthMethods = [
        "sso", "magic_link", "email_otp", "password", "google_oauth", "microsoft_oauth", "slack_oauth",
        "github_oauth", "hubspot_oauth",
    ]
    public static let mfaPolicy = ["OPTIONAL", "REQUIRED_FOR_ALL"]
    public static let mfaMethods = ["ALL_ALLOWED", "RESTRICTED"]
    public static let allowedMfaMethods = ["sms_otp", "totp"]
}
