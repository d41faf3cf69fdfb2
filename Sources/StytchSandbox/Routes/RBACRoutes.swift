import Foundation
import Hummingbird

/// `/v1/b2b/rbac…` (contract §5).
enum RBACRoutes {
    static func add(to table: inout APIRouteTable) {
        table.add(.get, "v1/b2b/rbac/policy") { call in
            try success(PolicyPayload(policy: await call.store.projectPolicy()))
        }
        table.add(.get, "v1/b2b/rbac/organizations/:organization_id") { call in
            try success(OrgPolicyPayload(orgPolicy: try await call.store.orgPolicy(call.parameter("organization_id"))))
        }
        table.add(.put, "v1/b2b/rbac/organizations/:organization_id") { call in
            let body = try call.decode(OrgPolicyBody.self)
            guard let orgPolicy = body.orgPolicy else { throw StytchError.missingField("org_policy") }
            let stored = try await call.store.setOrgPolicy(call.parameter("organization_id"), orgPolicy)
            return try success(OrgPolicyPayload(orgPolicy: stored))
        }
    }
}
