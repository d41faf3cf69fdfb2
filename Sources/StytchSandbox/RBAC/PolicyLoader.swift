import Foundation

/// Reads the project policy file (`--stytch-rbac-policy`): the `policy` object of
/// `GET /v1/b2b/rbac/policy`, bare or still wrapped in `{"policy": …}`. Stytch's own roles and
/// resources are always part of a project policy, so any the file omits are added from the
/// defaults.
enum PolicyLoader {
    static func load(_ data: Data) throws -> RBACPolicy {
        let decoder = JSONDecoder()
        let policy: RBACPolicy
        do {
            if let wrapped = try? decoder.decode([String: RBACPolicy].self, from: data), let inner = wrapped["policy"] {
                policy = inner
            } else {
                policy = try decoder.decode(RBACPolicy.self, from: data)
            }
        } catch {
            throw StytchSandboxError(message: "the RBAC policy is not a valid policy object: \(error)")
        }
        let completed = withStytchDefaults(policy)
        if let problem = PolicyRules.problem(in: completed) {
            throw StytchSandboxError(message: "the RBAC policy is invalid: \(problem.message)")
        }
        return completed
    }

    /// `policy` with Stytch's default roles and resources added where it lacks them.
    static func withStytchDefaults(_ policy: RBACPolicy) -> RBACPolicy {
        guard let defaults = try? JSONDecoder().decode(RBACPolicy.self, from: Data(DefaultPolicy.json.utf8)) else {
            return policy
        }
        var completed = policy
        for role in defaults.roles.reversed() where [DefaultRoles.member, DefaultRoles.admin].contains(role.roleId) {
            if completed.role(role.roleId) == nil { completed.roles.insert(role, at: 0) }
        }
        for resource in defaults.resources.reversed() where DefaultPolicy.stytchResourceIds.contains(resource.resourceId) {
            if !completed.resources.contains(where: { $0.resourceId == resource.resourceId }) {
                completed.resources.insert(resource, at: 0)
            }
        }
        return completed
    }
}

/// Consistency rules of a project policy, shared by the policy file and the Management API.
enum PolicyRules {
    /// The first problem in `policy`, as the Management API would report it, or nil.
    static func problem(in policy: RBACPolicy) -> StytchError? {
        var resourceActions: [String: Set<String>] = [:]
        for resource in policy.resources {
            if resource.resourceId.isEmpty { return .invalidManagementPolicy("empty_rbac_resource_id", "A resource has an empty resource_id.") }
            if resourceActions[resource.resourceId] != nil {
                return .invalidManagementPolicy("rbac_resource_duplicate", "The resource \(resource.resourceId) is defined twice.")
            }
            if resource.resourceId.hasPrefix("stytch") && !DefaultPolicy.stytchResourceIds.contains(resource.resourceId) {
                return .invalidManagementPolicy(
                    "invalid_stytch_prefixed_resource", "Custom resource ids may not start with stytch: \(resource.resourceId).")
            }
            if resource.actions.isEmpty {
                return .invalidManagementPolicy("rbac_resource_missing_actions", "The resource \(resource.resourceId) has no actions.")
            }
            resourceActions[resource.resourceId] = Set(resource.actions)
        }
        var roleIds: Set<String> = []
        for role in policy.roles {
            if role.roleId.isEmpty { return .invalidManagementPolicy("empty_rbac_role_id", "A role has an empty role_id.") }
            if !roleIds.insert(role.roleId).inserted {
                return .invalidManagementPolicy("rbac_role_duplicate", "The role \(role.roleId) is defined twice.")
            }
            if let problem = permissionProblem(role.permissions, owner: "role \(role.roleId)", resources: resourceActions) {
                return problem
            }
        }
        var scopes: Set<String> = []
        for scope in policy.scopes {
            if !scopes.insert(scope.scope).inserted {
                return .invalidManagementPolicy("rbac_scope_duplicate", "The scope \(scope.scope) is defined twice.")
            }
            if let problem = permissionProblem(scope.permissions, owner: "scope \(scope.scope)", resources: resourceActions) {
                return problem
            }
        }
        return nil
    }

    /// Every permission names a known resource and known actions; `*` stands alone.
    static func permissionProblem(
        _ permissions: [PolicyPermission], owner: String, resources: [String: Set<String>]
    ) -> StytchError? {
        for permission in permissions {
            guard let actions = resources[permission.resourceId] else {
                return .invalidManagementPolicy(
                    "invalid_permission_resource", "The \(owner) refers to the unknown resource \(permission.resourceId).")
            }
            if permission.actions.isEmpty {
                return .invalidManagementPolicy(
                    "rbac_permission_missing_actions", "The \(owner) has no actions on \(permission.resourceId).")
            }
            if permission.actions.contains("*") {
                if permission.actions.count > 1 {
                    return .invalidManagementPolicy(
                        "invalid_wildcard_action", "Wildcard actions must be the only action defined for a role and resource.")
                }
                continue
            }
            if let unknown = permission.actions.first(where: { !actions.contains($0) }) {
                return .invalidManagementPolicy(
                    "invalid_permission_action", "The action \(unknown) is not defined on the resource \(permission.resourceId).")
            }
        }
        return nil
    }
}
