import Foundation

/// The settable fields of Create and Update Organization (contract §3.2, §3.4). Every field is
/// optional: on update only the keys present change; unknown keys (such as the echoed path
/// parameter) are ignored.
struct OrganizationFields: Decodable, Sendable {
    var organizationName: String?
    var organizationSlug: String?
    var organizationLogoURL: String?
    var trustedMetadata: JSONObject?
    var organizationExternalId: String?
    var ssoJitProvisioning: String?
    var ssoJitProvisioningAllowedConnections: [String]?
    var ssoDefaultConnectionId: String?
    var emailAllowedDomains: [String]?
    var emailJitProvisioning: String?
    var emailInvites: String?
    var authMethods: String?
    var allowedAuthMethods: [String]?
    var mfaPolicy: String?
    var mfaMethods: String?
    var allowedMFAMethods: [String]?
    var rbacEmailImplicitRoleAssignments: [EmailRoleAssignment]?
    var oauthTenantJitProvisioning: String?
    var allowedOAuthTenants: JSONObject?
    var claimedEmailDomains: [String]?
    var firstPartyConnectedAppsAllowedType: String?
    var allowedFirstPartyConnectedApps: [String]?
    var thirdPartyConnectedAppsAllowedType: String?
    var allowedThirdPartyConnectedApps: [String]?

    enum CodingKeys: String, CodingKey {
        case organizationName = "organization_name", organizationSlug = "organization_slug"
        case organizationLogoURL = "organization_logo_url", trustedMetadata = "trusted_metadata"
        case organizationExternalId = "organization_external_id", ssoJitProvisioning = "sso_jit_provisioning"
        case ssoJitProvisioningAllowedConnections = "sso_jit_provisioning_allowed_connections"
        case ssoDefaultConnectionId = "sso_default_connection_id", emailAllowedDomains = "email_allowed_domains"
        case emailJitProvisioning = "email_jit_provisioning", emailInvites = "email_invites"
        case authMethods = "auth_methods", allowedAuthMethods = "allowed_auth_methods", mfaPolicy = "mfa_policy"
        case mfaMethods = "mfa_methods", allowedMFAMethods = "allowed_mfa_methods"
        case rbacEmailImplicitRoleAssignments = "rbac_email_implicit_role_assignments"
        case oauthTenantJitProvisioning = "oauth_tenant_jit_provisioning", allowedOAuthTenants = "allowed_oauth_tenants"
        case claimedEmailDomains = "claimed_email_domains"
        case firstPartyConnectedAppsAllowedType = "first_party_connected_apps_allowed_type"
        case allowedFirstPartyConnectedApps = "allowed_first_party_connected_apps"
        case thirdPartyConnectedAppsAllowedType = "third_party_connected_apps_allowed_type"
        case allowedThirdPartyConnectedApps = "allowed_third_party_connected_apps"
    }

    /// Whether any "organization authentication setting" is present; on create this decides the
    /// `email_invites` default (contract §3.2).
    var hasAuthSetting: Bool {
        ssoJitProvisioning != nil || emailAllowedDomains != nil || emailJitProvisioning != nil || emailInvites != nil
            || authMethods != nil || allowedAuthMethods != nil || mfaPolicy != nil || mfaMethods != nil
            || allowedMFAMethods != nil || oauthTenantJitProvisioning != nil || allowedOAuthTenants != nil
    }
}

/// The body of both search endpoints.
struct SearchBody: Decodable, Sendable {
    var cursor: String?
    var limit: Int?
    var query: JSONValue?
    /// Member search only.
    var organizationIds: [String]?

    enum CodingKeys: String, CodingKey {
        case cursor, limit, query, organizationIds = "organization_ids"
    }
}
