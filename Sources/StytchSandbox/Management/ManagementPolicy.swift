import Foundation

/// The RBAC policy in the Management API's shape (contract §8.3): the default roles carry only
/// permissions, Stytch's resources are read-only, everything custom is listed apart.
struct ManagementPolicy: Codable, Sendable {
    struct DefaultRole: Codable, Sendable {
        var permissions: [PolicyPermission]

        init(permissions: [PolicyPermission]) {
            self.permissions = permissions
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            permissions = try c.decodeIfPresent([PolicyPermission].self, forKey: .permissions) ?? []
        }
    }

    struct Resource: Codable, Sendable {
        var resourceId: String
        var description: String
        var availableActions: [String]

        enum CodingKeys: String, CodingKey {
            case resourceId = "resource_id", description, availableActions = "available_actions"
        }

        init(_ resource: PolicyResource) {
            resourceId = resource.resourceId
            description = resource.description
            availableActions = resource.actions
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            resourceId = try c.decode(String.self, forKey: .resourceId)
            description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
            availableActions = try c.decodeIfPresent([String].self, forKey: .availableActions) ?? []
        }

        var policyResource: PolicyResource {
            PolicyResource(resourceId: resourceId, description: description, actions: availableActions)
        }
    }

    var stytchMember: DefaultRole?
    var stytchAdmin: DefaultRole?
    var stytchResources: [Resource]?
    var customRoles: [PolicyRole]?
    var customResources: [Resource]?
    var customScopes: [PolicyScope]?

    enum CodingKeys: String, CodingKey {
        case stytchMember = "stytch_member", stytchAdmin = "stytch_admin", stytchResources = "stytch_resources"
        case customRoles = "custom_roles", customResources = "custom_resources", customScopes = "custom_scopes"
    }

    /// The management view of a project policy (every key present).
    init(_ policy: RBACPolicy) {
        stytchMember = DefaultRole(permissions: policy.role(DefaultRoles.member)?.permissions ?? [])
        stytchAdmin = DefaultRole(permissions: policy.role(DefaultRoles.admin)?.permissions ?? [])
        let isStytch = { (resource: PolicyResource) in DefaultPolicy.stytchResourceIds.contains(resource.resourceId) }
        stytchResources = policy.resources.filter(isStytch).map(Resource.init)
        customRoles = policy.roles.filter { ![DefaultRoles.member, DefaultRoles.admin].contains($0.roleId) }
        customResources = policy.resources.filter { !isStytch($0) }.map(Resource.init)
        customScopes = policy.scopes
    }

    /// The project policy a PUT of this object sets. It replaces the whole policy: absent custom
    /// lists are empty and an absent default role gets Stytch's default permissions back;
    /// `stytch_resources` is read-only and ignored.
    func projectPolicy(defaults: RBACPolicy) -> RBACPolicy {
        func defaultRole(_ id: String, _ given: DefaultRole?) -> PolicyRole {
            let base = defaults.role(id) ?? PolicyRole(roleId: id, description: "", permissions: [])
            return PolicyRole(roleId: id, description: base.description, permissions: given?.permissions ?? base.permissions)
        }
        return RBACPolicy(
            roles: [defaultRole(DefaultRoles.member, stytchMember), defaultRole(DefaultRoles.admin, stytchAdmin)]
                + (customRoles ?? []),
            resources: defaults.resources.filter { DefaultPolicy.stytchResourceIds.contains($0.resourceId) }
                + (customResources ?? []).map(\.policyResource),
            scopes: customScopes ?? [])
    }
}

/// `{policy}` of the Management API's RBAC responses.
struct ManagementPolicyPayload: Encodable {
    let policy: ManagementPolicy
}

/// `{config}` of the Management API's SDK-configuration responses.
struct SDKConfigPayload: Encodable {
    let config: JSONObject
}
