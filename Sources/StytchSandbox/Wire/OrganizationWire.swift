import Foundation

/// The Organization object of contract §3.1. Every required field is always present, with `""`
/// or `[]` rather than `null`, because the SDK's models reject `null` there.
struct OrganizationWire: JSONFields, Encodable {
    let record: OrganizationRecord

    func writeFields(to w: inout JSONWriter) {
        w.field("organization_id", record.id)
        w.field("organization_name", record.name)
        w.field("organization_logo_url", record.logoURL)
        w.field("organization_slug", record.slug)
        w.field("sso_jit_provisioning", record.ssoJitProvisioning)
        w.field("sso_jit_provisioning_allowed_connections", record.ssoJitProvisioningAllowedConnections)
        // The sandbox has no SSO connections of its own, so none is ever active.
        w.field("sso_active_connections", [String]())
        w.field("email_allowed_domains", record.emailAllowedDomains)
        w.field("email_jit_provisioning", record.emailJitProvisioning)
        w.field("email_invites", record.emailInvites)
        w.field("auth_methods", record.authMethods)
        w.field("allowed_auth_methods", record.allowedAuthMethods)
        w.field("mfa_policy", record.mfaPolicy)
        w.field("rbac_email_implicit_role_assignments", record.rbacEmailImplicitRoleAssignments)
        w.field("mfa_methods", record.mfaMethods)
        w.field("allowed_mfa_methods", record.allowedMFAMethods)
        w.field("oauth_tenant_jit_provisioning", record.oauthTenantJitProvisioning)
        w.field("claimed_email_domains", record.claimedEmailDomains)
        w.field("first_party_connected_apps_allowed_type", record.firstPartyConnectedAppsAllowedType)
        w.field("allowed_first_party_connected_apps", record.allowedFirstPartyConnectedApps)
        w.field("third_party_connected_apps_allowed_type", record.thirdPartyConnectedAppsAllowedType)
        w.field("allowed_third_party_connected_apps", record.allowedThirdPartyConnectedApps)
        w.field("custom_roles", record.customRoles)
        w.field("trusted_metadata", record.trustedMetadata)
        w.key("created_at")
        w.timestamp(record.createdAt)
        w.key("updated_at")
        w.timestamp(record.updatedAt)
        if let external = record.externalId { w.field("organization_external_id", external) }
        if let connection = record.ssoDefaultConnectionId { w.field("sso_default_connection_id", connection) }
        w.field("allowed_oauth_tenants", record.allowedOAuthTenants)
    }

    func encode(to encoder: any Encoder) throws {
        try encodeViaWriter(to: encoder)
    }
}

extension EmailRoleAssignment: JSONWritable {
    func write(to w: inout JSONWriter) {
        w.object { $0.field("domain", domain); $0.field("role_id", roleId) }
    }
}

extension PolicyPermission: JSONWritable {
    func write(to w: inout JSONWriter) {
        w.object { $0.field("resource_id", resourceId); $0.field("actions", actions) }
    }
}

extension PolicyRole: JSONWritable {
    func write(to w: inout JSONWriter) {
        w.object { $0.field("role_id", roleId); $0.field("description", description); $0.field("permissions", permissions) }
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
struct ResultsMetadataWire: JSONWritable {
    let total: Int
    let nextCursor: String?

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("total", total)
        w.key("next_cursor")
        if let nextCursor { w.string(nextCursor) } else { w.null() }
        w.endObject()
    }
}

/// The organization search response (contract §3.6).
struct OrganizationSearchPayload: JSONFields {
    let organizations: [OrganizationWire]
    let resultsMetadata: ResultsMetadataWire

    func writeFields(to w: inout JSONWriter) {
        w.field("organizations", organizations)
        w.field("results_metadata", resultsMetadata)
    }
}
