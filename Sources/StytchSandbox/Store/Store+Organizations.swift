import Foundation

/// Organization create, update, delete (contract §3).
extension StytchStore {
    /// `POST /v1/b2b/organizations`.
    func createOrganization(_ fields: OrganizationFields) throws(StytchError) -> OrganizationRecord {
        let name = fields.organizationName ?? ""
        try OrganizationRules.checkName(name)
        let slug: String
        if let requested = fields.organizationSlug {
            try OrganizationRules.checkSlug(requested)
            guard organizationIdBySlug[requested] == nil else { throw .organizationSlugAlreadyUsed }
            slug = requested
        } else {
            slug = generatedSlug(from: name)
        }
        let now = self.now
        var org = OrganizationRecord(
            id: "organization-test-\(UUID().uuidString.lowercased())", seq: takeSeq(), name: name, slug: slug,
            ssoJitProvisioning: "ALL_ALLOWED", emailJitProvisioning: "NOT_ALLOWED",
            emailInvites: fields.hasAuthSetting ? "NOT_ALLOWED" : "ALL_ALLOWED", authMethods: "ALL_ALLOWED",
            mfaPolicy: "OPTIONAL", mfaMethods: "ALL_ALLOWED", oauthTenantJitProvisioning: "NOT_ALLOWED",
            firstPartyConnectedAppsAllowedType: "ALL_ALLOWED", thirdPartyConnectedAppsAllowedType: "ALL_ALLOWED",
            createdAt: now, updatedAt: now)
        if let metadata = fields.trustedMetadata {
            org.trustedMetadata = MetadataRules.create(metadata)
        }
        var settable = fields
        settable.organizationSlug = nil
        settable.trustedMetadata = nil
        try apply(settable, to: &org)
        put(org)
        return org
    }

    /// `PUT /v1/b2b/organizations/{organization_id}`: only the keys present change.
    func updateOrganization(_ reference: String, _ fields: OrganizationFields) throws(StytchError) -> OrganizationRecord {
        var org = try organization(reference)
        if let name = fields.organizationName {
            try OrganizationRules.checkName(name)
            org.name = name
        }
        if let slug = fields.organizationSlug, slug != org.slug {
            try OrganizationRules.checkSlug(slug)
            guard organizationIdBySlug[slug] == nil else { throw .organizationSlugAlreadyUsed }
            org.slug = slug
        }
        if let patch = fields.trustedMetadata {
            org.trustedMetadata = MetadataRules.merge(org.trustedMetadata, patch)
        }
        try apply(fields, to: &org)
        org.updatedAt = now
        put(org)
        return org
    }

    /// `DELETE /v1/b2b/organizations/{organization_id}`: the org, its members and their sessions.
    func deleteOrganization(_ reference: String) throws(StytchError) -> String {
        let org = try organization(reference)
        removeOrganization(org.id)
        return org.id
    }

    /// `DELETE /v1/b2b/organizations/{organization_id}/external_id`.
    func deleteOrganizationExternalId(_ reference: String) throws(StytchError) -> OrganizationRecord {
        var org = try organization(reference)
        org.externalId = nil
        org.updatedAt = now
        put(org)
        return org
    }

    /// `GET /v1/b2b/organizations/{organization_id}/metrics`: live (non-deleted) members.
    func memberCount(_ reference: String) throws(StytchError) -> Int {
        let org = try organization(reference)
        return (memberIdsByOrganization[org.id] ?? []).count { members[$0]?.isDeleted == false }
    }

    /// Applies and validates the settings shared by create and update (everything but name, slug
    /// and metadata merging), then checks the cross-field rules.
    private func apply(_ fields: OrganizationFields, to org: inout OrganizationRecord) throws(StytchError) {
        if let logo = fields.organizationLogoURL {
            guard logo.count <= 2048 else { throw .organizationLogoURLTooLong }
            org.logoURL = logo
        }
        if let external = fields.organizationExternalId, external != org.externalId {
            guard OrganizationRules.isValidExternalId(external) else { throw .invalidOrganizationExternalID }
            guard organizationIdByExternalId[external] == nil else { throw .duplicateOrganizationExternalID }
            org.externalId = external
        }
        try setting("sso_jit_provisioning", fields.ssoJitProvisioning, &org.ssoJitProvisioning)
        try setting("email_jit_provisioning", fields.emailJitProvisioning, &org.emailJitProvisioning)
        try setting("email_invites", fields.emailInvites, &org.emailInvites)
        try setting("auth_methods", fields.authMethods, &org.authMethods)
        try setting("mfa_policy", fields.mfaPolicy, &org.mfaPolicy)
        try setting("mfa_methods", fields.mfaMethods, &org.mfaMethods)
        try setting("oauth_tenant_jit_provisioning", fields.oauthTenantJitProvisioning, &org.oauthTenantJitProvisioning)
        try setting(
            "first_party_connected_apps_allowed_type", fields.firstPartyConnectedAppsAllowedType,
            &org.firstPartyConnectedAppsAllowedType)
        try setting(
            "third_party_connected_apps_allowed_type", fields.thirdPartyConnectedAppsAllowedType,
            &org.thirdPartyConnectedAppsAllowedType)
        if let domains = fields.emailAllowedDomains {
            try OrganizationRules.checkDomains(domains)
            org.emailAllowedDomains = domains
        }
        if let domains = fields.claimedEmailDomains {
            try OrganizationRules.checkDomains(domains)
            org.claimedEmailDomains = domains
        }
        if let methods = fields.allowedAuthMethods {
            try OrganizationRules.checkAllowedMethods("allowed_auth_methods", methods, allowed: OrganizationRules.authMethods)
            org.allowedAuthMethods = methods
        }
        if let methods = fields.allowedMFAMethods {
            try OrganizationRules.checkAllowedMethods("allowed_mfa_methods", methods, allowed: OrganizationRules.mfaMethods)
            org.allowedMFAMethods = methods
        }
        if let assignments = fields.rbacEmailImplicitRoleAssignments {
            let assignable = assignableRoleIds(in: org)
            for assignment in assignments {
                try OrganizationRules.checkImplicitDomain(assignment.domain)
                guard assignable.contains(assignment.roleId), assignment.roleId != DefaultRoles.member else {
                    throw .invalidRole(assignment.roleId)
                }
            }
            org.rbacEmailImplicitRoleAssignments = assignments
        }
        if let connections = fields.ssoJitProvisioningAllowedConnections {
            org.ssoJitProvisioningAllowedConnections = connections
        }
        if let connection = fields.ssoDefaultConnectionId {
            org.ssoDefaultConnectionId = connection.isEmpty ? nil : connection
        }
        if let tenants = fields.allowedOAuthTenants { org.allowedOAuthTenants = tenants }
        if let apps = fields.allowedFirstPartyConnectedApps { org.allowedFirstPartyConnectedApps = apps }
        if let apps = fields.allowedThirdPartyConnectedApps { org.allowedThirdPartyConnectedApps = apps }
        try MetadataRules.check(org.trustedMetadata, field: "trusted_metadata")
        if org.authMethods == "RESTRICTED" && org.allowedAuthMethods.isEmpty { throw .allowedAuthMethodsRequired }
        if org.mfaMethods == "RESTRICTED" && org.allowedMFAMethods.isEmpty { throw .allowedMFAMethodsRequired }
    }

    private func setting(_ field: String, _ value: String?, _ target: inout String) throws(StytchError) {
        guard let value else { return }
        try OrganizationRules.checkSetting(field, value)
        target = value
    }

    /// A slug for an organization created without one: the name reduced to the slug alphabet,
    /// made unique with a short suffix when taken.
    private func generatedSlug(from name: String) -> String {
        var base = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                base.append(character)
            } else if !base.hasSuffix("-") && !base.isEmpty {
                base.append("-")
            }
        }
        while base.hasSuffix("-") { base.removeLast() }
        if base.count < 2 { base = "org" + base }
        base = String(base.prefix(100))
        var slug = base
        while organizationIdBySlug[slug] != nil {
            slug = "\(base)-\(UUID().uuidString.prefix(6).lowercased())"
        }
        return slug
    }
}

extension OrganizationRules {
    /// The domain of an implicit role assignment: a valid, uncommon domain.
    static func checkImplicitDomain(_ domain: String) throws(StytchError) {
        try checkDomains([domain])
    }
}
