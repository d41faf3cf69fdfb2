import Foundation
import PlumblineCore
import PlumblineHTTP

extension MedplumApplier {
    func applyClient(_ change: Change) async throws {
        switch change.action {
        case .create: try await createClient(change)
        case .update: try await updateClient(change)
        case .delete: try await deleteClient(change)
        default: throw MedplumError(request: "apply", status: 0, message: "cannot \(change.action.rawValue) a ClientApplication")
        }
    }

    /// `POST /admin/projects/:id/client` creates the application, its secret and its membership
    /// (contract 3.4); the secret goes straight to `storeSecret`. The origins and the marker are
    /// then set with a versioned `PUT`, since the client endpoint ignores them.
    private func createClient(_ change: Change) async throws {
        guard let declared = desired.client(named: change.resource.key) else {
            throw MedplumError(request: "POST /admin/projects/:id/client", status: 0, message: "\(change.resource.key) is not declared")
        }
        var body: JSONValue = ["name": .string(declared.name)]
        if let description = declared.description { body["description"] = .string(description) }
        if !declared.redirectUris.isEmpty { body["redirectUris"] = .array(declared.redirectUris.map(JSONValue.string)) }
        if let policy = declared.policyName { body["accessPolicy"] = ["reference": .string("AccessPolicy/\(try policyId(named: policy))")] }
        let created = try await client.json(client.request(
            .post, "admin/projects/\(client.connection.projectId)/client", body: body, route: "/admin/projects/:id/client"
        ))
        if let secret = created["secret"]?.string {
            client.transport.redactor.register(secret)
            let path = try options.storeSecret(declared.name, secret)
            notice("the secret of new client '\(declared.name)' was written to \(path)")
        }
        var resource = LiveMapping.withManagedTag(created, key: declared.name)
        resource["allowedOrigin"] = declared.allowedOrigins.isEmpty ? nil : .array(declared.allowedOrigins.map(JSONValue.string))
        _ = try await client.update(resource, ifMatch: LiveMapping.version(created))
    }

    /// The application's own fields with a versioned `PUT`, then its membership's policy if that
    /// changed.
    private func updateClient(_ change: Change) async throws {
        guard let id = change.target?.id, var resource = snapshot.resource("ClientApplication", id),
              let declared = desired.client(named: change.resource.key)
        else {
            throw MedplumError(request: "PUT /fhir/R4/ClientApplication/:id", status: 0, message: "\(change.resource) was not read before the update")
        }
        let applicationFields = ["description", "allowedOrigin", "redirectUris"]
        if change.fields.contains(where: { applicationFields.contains($0.path) }) {
            resource["description"] = declared.description.map(JSONValue.string)
            resource["allowedOrigin"] = declared.allowedOrigins.isEmpty ? nil : .array(declared.allowedOrigins.map(JSONValue.string))
            resource["redirectUris"] = declared.redirectUris.isEmpty ? nil : .array(declared.redirectUris.map(JSONValue.string))
            resource["redirectUri"] = nil
            _ = try await client.update(LiveMapping.withManagedTag(resource, key: declared.name), ifMatch: Self.staleVersion(change))
        }
        if change.fields.contains(where: { $0.path == "accessPolicy" }),
           let membership = snapshot.state.clients.first(where: { $0.id == id })?.membership,
           let raw = snapshot.resource("ProjectMembership", membership.id) {
            let ids = try declared.policyName.map { [try policyId(named: $0)] } ?? []
            _ = try await client.update(try withAccess(raw, policyIds: ids), ifMatch: membership.version)
        }
    }

    /// Deletes the application, then its membership, so no credential of it survives.
    private func deleteClient(_ change: Change) async throws {
        guard let id = change.target?.id else { return }
        try await client.delete("ClientApplication", id)
        if let membership = snapshot.state.clients.first(where: { $0.id == id })?.membership {
            _ = try await client.json(client.request(
                .delete, "admin/projects/\(client.connection.projectId)/members/\(membership.id)", route: "/admin/projects/:id/members/:id"
            ))
        }
    }

}
