import Foundation

/// What a request made "as a member" (with `X-Stytch-Member-Session` or
/// `X-Stytch-Member-SessionJWT`, contract §1.2) needs: actions on a Stytch resource within one
/// organization, or — when the member acts on itself — the matching `stytch.self` actions.
struct RBACRequirement: Sendable {
    /// The organization acted on (id, slug or external id).
    var organization: String
    var resource: String
    var actions: [String]
    /// The member acted on, when there is one (id or external id).
    var targetMember: String?
    /// The `stytch.self` actions that suffice when the target is the caller; nil when acting on
    /// oneself needs the same permission as acting on anyone.
    var selfActions: [String]?
    /// A field no member session may set (`trusted_metadata`, external ids).
    var forbiddenField: String?
    /// A field the caller may set on others but never on itself (`email_address`).
    var notOnSelfField: String?
}

/// The member-session headers of a request.
struct MemberSessionHeaders: Sendable {
    var token: String?
    var jwt: String?

    var isPresent: Bool { token != nil || jwt != nil }
}

extension StytchStore {
    /// Enforces RBAC for a request that runs as a member; without the headers the project secret
    /// has full authority and this does nothing.
    func authorize(_ headers: MemberSessionHeaders, _ requirement: RBACRequirement) throws(StytchError) {
        guard headers.isPresent else { return }
        let session = try activeSession(token: headers.token, jwt: headers.token == nil ? headers.jwt : nil)
        guard let org = organizations[session.organizationId], let caller = members[session.memberId] else {
            throw .sessionNotFound()
        }
        // An unknown organization is left to the endpoint, which reports it as such.
        if let target = try? organization(requirement.organization), target.id != org.id {
            throw .sessionAuthorizationTenancyError
        }
        if requirement.forbiddenField != nil { throw .sessionAuthorizationError }
        let target = requirement.targetMember.flatMap { try? member($0, in: org.id, includeDeleted: true) }
        let isSelf = target?.id == caller.id
        if isSelf, requirement.notOnSelfField != nil { throw .memberCannotUpdateOwnEmail }
        var policy = self.policy
        policy.roles += org.customRoles
        let roles = Set(sessionRoles(caller, org))
        func granted(_ resource: String, _ actions: [String]) -> Bool {
            actions.allSatisfy { !policy.grantingRoles(roles, resourceId: resource, action: $0).isEmpty }
        }
        if isSelf, let selfActions = requirement.selfActions, granted("stytch.self", selfActions) { return }
        guard granted(requirement.resource, requirement.actions) else { throw .sessionAuthorizationError }
    }
}

extension OrganizationFields {
    /// The `stytch.organization` actions an update of these fields needs (SDK 15.3.0 docstrings),
    /// and the first field a member session may not set at all.
    var rbacActions: (actions: [String], forbidden: String?) {
        var actions: [String] = []
        func need(_ present: Bool, _ action: String) {
            if present && !actions.contains(action) { actions.append(action) }
        }
        need(organizationName != nil, "update.info.name")
        need(organizationSlug != nil, "update.info.slug")
        need(organizationLogoURL != nil, "update.info.logo-url")
        need(authMethods != nil || allowedAuthMethods != nil, "update.settings.allowed-auth-methods")
        need(mfaMethods != nil || allowedMFAMethods != nil, "update.settings.allowed-mfa-methods")
        need(emailJitProvisioning != nil, "update.settings.email-jit-provisioning")
        need(emailInvites != nil, "update.settings.email-invites")
        need(emailAllowedDomains != nil, "update.settings.allowed-domains")
        need(ssoDefaultConnectionId != nil, "update.settings.default-sso-connection")
        need(ssoJitProvisioning != nil || ssoJitProvisioningAllowedConnections != nil, "update.settings.sso-jit-provisioning")
        need(mfaPolicy != nil, "update.settings.mfa-policy")
        need(rbacEmailImplicitRoleAssignments != nil, "update.settings.implicit-roles")
        need(oauthTenantJitProvisioning != nil, "update.settings.oauth-tenant-jit-provisioning")
        need(allowedOAuthTenants != nil, "update.settings.allowed-oauth-tenants")
        let forbidden: String? =
            trustedMetadata != nil ? "trusted_metadata"
            : organizationExternalId != nil ? "organization_external_id"
            : claimedEmailDomains != nil ? "claimed_email_domains"
            : (firstPartyConnectedAppsAllowedType ?? thirdPartyConnectedAppsAllowedType) != nil
                || (allowedFirstPartyConnectedApps ?? allowedThirdPartyConnectedApps) != nil ? "connected_apps" : nil
        return (actions, forbidden)
    }
}

extension MemberFields {
    /// The `stytch.member` actions an update of these fields needs and the `stytch.self` actions
    /// that suffice for one's own member (nil when a field has no self action).
    var rbacActions: (actions: [String], selfActions: [String]?, forbidden: String?) {
        var actions: [String] = []
        var selfActions: [String]? = []
        func need(_ present: Bool, _ action: String, self allowed: Bool) {
            guard present else { return }
            actions.append(action)
            if allowed { selfActions?.append(action) } else if action != "update.info.email" { selfActions = nil }
        }
        need(name != nil, "update.info.name", self: true)
        need(untrustedMetadata != nil, "update.info.untrusted-metadata", self: true)
        need(mfaPhoneNumber != nil, "update.info.mfa-phone", self: true)
        need(emailAddress != nil, "update.info.email", self: false)
        need(defaultMFAMethod != nil, "update.settings.default-mfa-method", self: true)
        need(isBreakglass != nil, "update.settings.is-breakglass", self: false)
        need(mfaEnrolled != nil, "update.settings.mfa-enrolled", self: true)
        need(roles != nil, "update.settings.roles", self: false)
        let forbidden: String? = trustedMetadata != nil ? "trusted_metadata" : externalId != nil ? "external_id" : nil
        return (actions, selfActions, forbidden)
    }
}
