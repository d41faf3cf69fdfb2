import Foundation

/// The Organization object of contract §3.1. Every required field is always present, with `""`
/// or `[]` rather than `null`, because the SDK's models reject `null` there.
struct OrganizationWire: Encodable {
    let record: OrganizationRecord

    enum CodingKeys: String, CodingKey {
        case organizationId = "organization_id", organizationName = "organization_name"
        case organizationLogoURL = "organization_logo_url", organizationSlug = "organization_slug"
        case ssoJitProvisioning = "sso_jit_provisioning"
        case ssoJitProvisioningAllowedConnections = "sso_jit_provisioning_allowed_connections"
        case ssoActiveConnections = "sso_active_connections", emailAllowedDomains = "email_allowed_domains"
        case emailJitProvisioning = "email_jit_provisioning", emailInvites = "email_invites"
        case authMethods = "auth_methods", allowedAuthMethods = "allowed_auth_methods", mfaPolicy = "mfa_policy"
        case rbacEmailImplicitRoleAssignments = "rbac_email_implicit_role_assignments"
        case mfaMethods = "mfa_methods", allowedMFAMethods = "allowed_mfa_methods"
        case oauthTenantJitProvisioning = "oauth_tenant_jit_provisioning"
        case claimedEmailDomains = "claimed_email_domains"
        case firstPartyConnectedAppsAllowedType = "first_party_connected_apps_allowed_type"
        case allowedFirstPartyConnectedApps = "allowed_first_party_connected_apps"
        case thirdPartyConnectedAppsAllowedType = "third_party_connected_apps_allowed_type"
        case allowedThirdPartyConnectedApps = "allowed_third_party_connected_apps"
        case customRoles = "custom_roles", trustedMetadata = "trusted_metadata"
        case createdAt = "created_at", updatedAt = "updated_at"
        case organizationExternalId = "organization_external_id"
        case ssoDefaultConnectionId = "sso_default_connection_id", allowedOAuthTenants = "allowed_oauth_tenants"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(record.id, forKey: .organizationId)
        try c.encode(record.name, forKey: .organizationName)
        try c.encode(record.logoURL, forKey: .organizationLogoURL)
        try c.encode(record.slug, forKey: .organizationSlug)
        try c.encode(record.ssoJitProvisioning, forKey: .ssoJitProvisioning)
        try c.encode(record.ssoJitProvisioningAllowedConnections, forKey: .ssoJitProvisioningAllowedConnections)
        // The sandbox has no SSO connections of its own, so none is ever active.
        try c.encode([String](), forKey: .ssoActiveConnections)
        try c.encode(record.emailAllowedDomains, forKey: .emailAllowedDomains)
        try c.encode(record.emailJitProvisioning, forKey: .emailJitProvisioning)
        try c.encode(record.emailInvites, forKey: .emailInvites)
        try c.encode(record.authMethods, forKey: .authMethods)
        try c.encode(record.allowedAuthMethods, forKey: .allowedAuthMethods)
        try c.encode(record.mfaPolicy, forKey: .mfaPolicy)
        try c.encode(record.rbacEmailImplicitRoleAssignments, forKey: .rbacEmailImplicitRoleAssignments)
        try c.encode(record.mfaMethods, forKey: .mfaMethods)
        try c.encode(record.allowedMFAMethods, forKey: .allowedMFAMethods)
        try c.encode(record.oauthTenantJitProvisioning, forKey: .oauthTenantJitProvisioning)
        try c.encode(record.claimedEmailDomains, forKey: .claimedEmailDomains)
        try c.encode(record.firstPartyConnectedAppsAllowedType, forKey: .firstPartyConnectedAppsAllowedType)
        try c.encode(record.allowedFirstPartyConnectedApps, forKey: .allowedFirstPartyConnectedApps)
        try c.encode(record.thirdPartyConnectedAppsAllowedType, forKey: .thirdPartyConnectedAppsAllowedType)
        try c.encode(record.allowedThirdPartyConnectedApps, forKey: .allowedThirdPartyConnectedApps)
        try c.encode(record.customRoles, forKey: .customRoles)
        try c.encode(record.trustedMetadata, forKey: .trustedMetadata)
        try c.encode(Timestamp.format(record.createdAt), forKey: .createdAt)
        try c.encode(Timestamp.format(record.updatedAt), forKey: .updatedAt)
        try c.encodeIfPresent(record.externalId, forKey: .organizationExternalId)
        try c.encodeIfPresent(record.ssoDefaultConnectionId, forKey: .ssoDefaultConnectionId)
        try c.encode(record.allowedOAuthTenants, forKey: .allowedOAuthTenants)
    }
}

/// `{organization}`: get, create, update, delete external id.
struct OrganizationPayload: Encodable {
    let organization: OrganizationWire
}

/// `{organization_id}`: delete.
struct OrganizationIDPayload: Encodable {
    let organizationId: String

    enum CodingKeys: String, CodingKey {
        case organizationId = "organization_id"
    }
}

/// `{member_count}`: metrics.
struct MetricsPayload: Encodable {
    let memberCount: Int

    enum CodingKeys: String, CodingKey {
        case memberCount = "member_count"
    }
}

/// `results_metadata` of both searches; `next_cursor` is an explicit `null` on the last page.
struct ResultsMetadataWire: Encodable {
    let total: Int
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case total, nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(total, forKey: .total)
        if let nextCursor {
            try c.encode(nextCursor, forKey: .nextCursor)
        } else {
            try c.encodeNil(forKey: .nextCursor)
        }
    }
}

/// The organization search response (contract §3.6).
struct OrganizationSearchPayload: Encodable {
    let organizations: [OrganizationWire]
    let resultsMetadata: ResultsMetadataWire

    enum CodingKeys: String, CodingKey {
        case organizations, resultsMetadata = "results_metadata"
    }
}
