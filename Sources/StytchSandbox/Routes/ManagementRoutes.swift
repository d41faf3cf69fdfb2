import Foundation
import Hummingbird

/// The Management API surface (contract §8.2–8.3), authenticated with the workspace key.
enum ManagementRoutes {
    static let environment = "pwa/v3/projects/:project_slug/environments/:environment_slug"

    static func add(to table: inout APIRouteTable) {
        table.add(.get, "\(environment)/sdk/b2b") { call in
            try await check(call)
            return try success(SDKConfigPayload(config: await call.store.sdkConfiguration()))
        }
        table.add(.put, "\(environment)/sdk/b2b") { call in
            try await check(call)
            let body = try call.decode([String: JSONValue].self)
            guard let config = body["config"]?.objectValue else { throw StytchError.missingField("config") }
            return try success(SDKConfigPayload(config: try await call.store.setSDKConfiguration(config)))
        }
        table.add(.get, "\(environment)/rbac_policy") { call in
            try await check(call)
            return try success(ManagementPolicyPayload(policy: await call.store.managementPolicy()))
        }
        table.add(.put, "\(environment)/rbac_policy") { call in
            try await check(call)
            // v3 takes the policy's keys at the top level; v1 clients wrapped them in `policy`.
            let raw = try call.decode([String: JSONValue].self)
            let object = raw["policy"]?.objectValue ?? raw
            let body: ManagementPolicy
            do {
                body = try JSONDecoder().decode(ManagementPolicy.self, from: JSONEncoder().encode(JSONValue.object(object)))
            } catch {
                throw StytchError.invalidField("policy", "is not a valid RBAC policy")
            }
            return try success(ManagementPolicyPayload(policy: try await call.store.setManagementPolicy(body)))
        }
    }

    private static func check(_ call: StytchCall) async throws {
        try await call.store.checkEnvironment(
            project: call.parameter("project_slug"), environment: call.parameter("environment_slug"))
    }
}
