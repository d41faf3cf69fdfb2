import Foundation

/// The project policy and organization policies (contract §5).
extension StytchStore {
    /// `GET /v1/b2b/rbac/policy`: never null.
    func projectPolicy() -> RBACPolicy { policy }

    /// `GET /v1/b2b/rbac/organizations/{organization_id}`.
    func orgPolicy(_ reference: String) throws(StytchError) -> OrgPolicy {
        OrgPolicy(roles: try organization(reference).customRoles)
    }

    /// `PUT /v1/b2b/rbac/organizations/{organization_id}`: replaces the organization's roles after
    /// the checks the SDK's `validate_org_policy` makes.
    func setOrgPolicy(_ reference: String, _ orgPolicy: OrgPolicy) throws(StytchError) -> OrgPolicy {
        var org = try organization(reference)
        if let problem = Self.orgPolicyProblem(orgPolicy, project: policy) { throw problem }
        org.customRoles = orgPolicy.roles
        org.updatedAt = now
        put(org)
        return OrgPolicy(roles: org.customRoles)
    }

    /// The first violation of the organization-policy rules (contract §5.4), or nil.
    static func orgPolicyProblem(_ orgPolicy: OrgPolicy, project: RBACPolicy) -> StytchError? {
        let projectRoles = Set(project.roles.map(\.roleId))
        let resources = Dictionary(project.resources.map { ($0.resourceId, Set($0.actions)) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        for role in orgPolicy.roles {
            if role.roleId.trimmingCharacters(in: .whitespaces).isEmpty {
                return .invalidOrgPolicy("empty_rbac_role_id", "Every role needs a role_id.")
            }
            guard seen.insert(role.roleId).inserted else {
                return .invalidOrgPolicy("rbac_role_duplicate", "Duplicate role \(role.roleId) in Organization RBAC policy")
            }
            guard !projectRoles.contains(role.roleId) else {
                return .invalidOrgPolicy(
                    "invalid_rbac_custom_role", "Role \(role.roleId) already defined in Project RBAC policy")
            }
            for permission in role.permissions {
                guard let actions = resources[permission.resourceId] else {
                    return .invalidOrgPolicy(
                        "invalid_permission_resource", "Resource \(permission.resourceId) not defined in Project RBAC policy")
                }
                if permission.actions.isEmpty {
                    return .invalidOrgPolicy(
                        "rbac_permission_missing_actions",
                        "No actions defined for role \(role.roleId), resource \(permission.resourceId)")
                }
                if permission.actions == ["*"] { continue }
                if permission.actions.contains("*") {
                    return .invalidOrgPolicy(
                        "invalid_wildcard_action", "Wildcard actions must be the only action defined for a role and resource")
                }
                for action in permission.actions {
                    if action.trimmingCharacters(in: .whitespaces).isEmpty {
                        return .invalidOrgPolicy(
                            "invalid_permission_action", "Empty action on resource \(permission.resourceId) is not permitted")
                    }
                    if !actions.contains(action) {
                        return .invalidOrgPolicy(
                            "invalid_permission_action", "Unknown action \(action) defined on resource \(permission.resourceId)")
                    }
                }
            }
        }
        return nil
    }
}

/// `{policy}`.
struct PolicyPayload: Encodable {
    let policy: RBACPolicy
}

/// `{org_policy}`.
struct OrgPolicyPayload: Encodable {
    let orgPolicy: OrgPolicy

    enum CodingKeys: String, CodingKey {
        case orgPolicy = "org_policy"
    }
}

/// The body of `PUT /v1/b2b/rbac/organizations/{organization_id}`.
struct OrgPolicyBody: Decodable, Sendable {
    var orgPolicy: OrgPolicy?

    enum CodingKeys: String, CodingKey {
        case orgPolicy = "org_policy"
    }
}
