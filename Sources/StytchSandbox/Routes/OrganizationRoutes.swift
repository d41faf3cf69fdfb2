import Foundation
import Hummingbird

/// `/v1/b2b/organizations…` (contract §3).
enum OrganizationRoutes {
    static func add(to table: inout APIRouteTable) {
        table.add(.post, "v1/b2b/organizations") { call in
            let fields = try call.decode(OrganizationFields.self)
            let org = try await call.store.createOrganization(fields)
            return try success(OrganizationPayload(organization: OrganizationWire(record: org)))
        }
        table.add(.post, "v1/b2b/organizations/search") { call in
            let body = try call.decode(SearchBody.self)
            let query = try SearchQuery(json: body.query, scope: "organization")
            let paging = try SearchPaging(limit: body.limit, cursor: body.cursor, scope: "organization")
            return success(try await call.store.searchOrganizations(query: query, paging: paging))
        }
        table.add(.get, "v1/b2b/organizations/:organization_id") { call in
            let org = try await call.store.organization(call.parameter("organization_id"))
            return try success(OrganizationPayload(organization: OrganizationWire(record: org)))
        }
        table.add(.put, "v1/b2b/organizations/:organization_id") { call in
            let fields = try call.decode(OrganizationFields.self)
            let (actions, forbidden) = fields.rbacActions
            try await call.authorize(
                RBACRequirement(
                    organization: call.parameter("organization_id"), resource: "stytch.organization", actions: actions,
                    forbiddenField: forbidden))
            let org = try await call.store.updateOrganization(call.parameter("organization_id"), fields)
            return try success(OrganizationPayload(organization: OrganizationWire(record: org)))
        }
        table.add(.delete, "v1/b2b/organizations/:organization_id") { call in
            try await call.authorize(
                RBACRequirement(organization: call.parameter("organization_id"), resource: "stytch.organization", actions: ["delete"]))
            let id = try await call.store.deleteOrganization(call.parameter("organization_id"))
            return try success(OrganizationIDPayload(organizationId: id))
        }
        table.add(.get, "v1/b2b/organizations/:organization_id/metrics") { call in
            let count = try await call.store.memberCount(call.parameter("organization_id"))
            return try success(MetricsPayload(memberCount: count))
        }
        table.add(.delete, "v1/b2b/organizations/:organization_id/external_id") { call in
            try await call.authorize(
                RBACRequirement(
                    organization: call.parameter("organization_id"), resource: "stytch.organization", actions: [],
                    forbiddenField: "organization_external_id"))
            let org = try await call.store.deleteOrganizationExternalId(call.parameter("organization_id"))
            return try success(OrganizationPayload(organization: OrganizationWire(record: org)))
        }
    }
}
