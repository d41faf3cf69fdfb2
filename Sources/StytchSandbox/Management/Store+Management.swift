import Foundation

/// The Management API's view of the environment (contract §8.2–8.3).
extension StytchStore {
    /// Checks that a Management path names this sandbox's project and environment.
    func checkEnvironment(project: String, environment: String) throws(StytchError) {
        guard project == credentials.projectSlug else { throw .projectNotFound }
        guard environment == credentials.environmentSlug else { throw .environmentNotFound }
    }

    func sdkConfiguration() -> JSONObject { sdkConfig.wire }

    /// `PUT …/sdk/b2b`: carried sub-objects replace the stored ones.
    func setSDKConfiguration(_ config: JSONObject) throws(StytchError) -> JSONObject {
        var updated = sdkConfig
        try updated.replace(with: config)
        sdkConfig = updated
        didChange(.sdkConfig(updated))
        return updated.wire
    }

    func managementPolicy() -> ManagementPolicy { ManagementPolicy(policy) }

    /// `PUT …/rbac_policy`: replaces the project policy, which `GET /v1/b2b/rbac/policy` then
    /// returns.
    func setManagementPolicy(_ body: ManagementPolicy) throws(StytchError) -> ManagementPolicy {
        let defaults = PolicyLoader.withStytchDefaults(RBACPolicy(roles: [], resources: [], scopes: []))
        let updated = body.projectPolicy(defaults: defaults)
        if let problem = PolicyRules.problem(in: updated) { throw problem }
        policy = updated
        didChange(.policy(updated))
        return ManagementPolicy(updated)
    }
}
