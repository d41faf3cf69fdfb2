import Foundation

/// A permission: actions on one resource (`*` alone = every action).
struct PolicyPermission: Codable, Sendable, Hashable {
    var resourceId: String
    var actions: [String]

    enum CodingKeys: String, CodingKey {
        case resourceId = "resource_id", actions
    }
}

/// A role of the project policy or of an organization policy.
struct PolicyRole: Codable, Sendable, Hashable {
    var roleId: String
    var description: String
    var permissions: [PolicyPermission]

    enum CodingKeys: String, CodingKey {
        case roleId = "role_id", description, permissions
    }

    init(roleId: String, description: String, permissions: [PolicyPermission]) {
        self.roleId = roleId
        self.description = description
        self.permissions = permissions
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roleId = try container.decode(String.self, forKey: .roleId)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        permissions = try container.decodeIfPresent([PolicyPermission].self, forKey: .permissions) ?? []
    }
}

/// A resource and the actions it offers.
struct PolicyResource: Codable, Sendable, Hashable {
    var resourceId: String
    var description: String
    var actions: [String]

    enum CodingKeys: String, CodingKey {
        case resourceId = "resource_id", description, actions
    }

    init(resourceId: String, description: String, actions: [String]) {
        self.resourceId = resourceId
        self.description = description
        self.actions = actions
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resourceId = try container.decode(String.self, forKey: .resourceId)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        actions = try container.decodeIfPresent([String].self, forKey: .actions) ?? []
    }
}

/// A Connected Apps scope.
struct PolicyScope: Codable, Sendable, Hashable {
    var scope: String
    var description: String
    var permissions: [PolicyPermission]

    init(scope: String, description: String, permissions: [PolicyPermission]) {
        self.scope = scope
        self.description = description
        self.permissions = permissions
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scope = try container.decode(String.self, forKey: .scope)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        permissions = try container.decodeIfPresent([PolicyPermission].self, forKey: .permissions) ?? []
    }
}

/// The project RBAC policy in the shape of `GET /v1/b2b/rbac/policy` (contract §5.1), which is also
/// the shape of the `--stytch-rbac-policy` file.
struct RBACPolicy: Codable, Sendable, Hashable {
    var roles: [PolicyRole]
    var resources: [PolicyResource]
    var scopes: [PolicyScope]

    init(roles: [PolicyRole], resources: [PolicyResource], scopes: [PolicyScope]) {
        self.roles = roles
        self.resources = resources
        self.scopes = scopes
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roles = try container.decodeIfPresent([PolicyRole].self, forKey: .roles) ?? []
        resources = try container.decodeIfPresent([PolicyResource].self, forKey: .resources) ?? []
        scopes = try container.decodeIfPresent([PolicyScope].self, forKey: .scopes) ?? []
    }

    /// The role with this id, if the policy defines it.
    func role(_ id: String) -> PolicyRole? {
        roles.first { $0.roleId == id }
    }

    /// Whether any of `roleIds` grants `action` on `resourceId`, and which roles do (the
    /// `granting_roles` of an authorization verdict), in policy order.
    func grantingRoles(_ roleIds: Set<String>, resourceId: String, action: String) -> [String] {
        roles.filter { role in
            roleIds.contains(role.roleId)
                && role.permissions.contains { $0.resourceId == resourceId && ($0.actions.contains("*") || $0.actions.contains(action)) }
        }.map(\.roleId)
    }
}

/// The organization-scoped roles of contract §5.4.
struct OrgPolicy: Codable, Sendable, Hashable {
    var roles: [PolicyRole]

    init(roles: [PolicyRole]) {
        self.roles = roles
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roles = try container.decodeIfPresent([PolicyRole].self, forKey: .roles) ?? []
    }
}

/// Stytch's two built-in role ids.
enum DefaultRoles {
    static let member = "stytch_member"
    static let admin = "stytch_admin"
}
