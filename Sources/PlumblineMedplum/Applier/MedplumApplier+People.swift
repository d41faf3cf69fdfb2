import Foundation
import PlumblineCore
import PlumblineHTTP

extension MedplumApplier {
    func applyMembership(_ change: Change) async throws {
        switch change.action {
        case .create: try await invite(change)
        case .update, .reactivate, .deactivate: try await updateMembership(change)
        default: throw MedplumError(request: "apply", status: 0, message: "cannot \(change.action.rawValue) a ProjectMembership")
        }
    }

    /// `POST /admin/projects/:id/invite` (contract 3.3): the only way a project admin adds a
    /// person. The marker identifier and the access list go in the same call, so a membership is
    /// never left unmarked. Not retried once it may have reached the server; a rerun finds the
    /// membership by its marker instead of inviting twice.
    private func invite(_ change: Change) async throws {
        guard let person = desired.membership(for: change.resource.key) else {
            throw MedplumError(request: "POST /admin/projects/:id/invite", status: 0, message: "\(change.resource.key) is not declared")
        }
        let access = try person.policyNames.map { name in JSONValue.object(["policy": ["reference": .string("AccessPolicy/\(try policyId(named: name))")]]) }
        var membership: JSONValue = ["identifier": [LiveMapping.managedIdentifierValue(person.email)], "admin": .bool(person.admin)]
        if !access.isEmpty { membership["access"] = .array(access) }
        let body: JSONValue = [
            "resourceType": .string(person.profileType.rawValue), "firstName": .string(person.firstName),
            "lastName": .string(person.lastName), "email": .string(person.email),
            "sendEmail": .bool(options.sendInviteEmail), "membership": membership,
        ]
        let projectId = client.connection.projectId
        let response = try await client.json(client.request(
            .post, "admin/projects/\(projectId)/invite", body: body, route: "/admin/projects/:id/invite"
        ))
        if response["resourceType"]?.string == "OperationOutcome" {
            // Medplum creates the membership, then reports a mail failure instead of returning it.
            notice("\(person.email) was invited but Medplum could not send the invitation e-mail: \(MedplumError.explanation(of: response, raw: ""))")
        }
    }

    /// `PUT /fhir/R4/ProjectMembership/:id` with `If-Match`: the membership as read, with the
    /// fields plumbline owns set as declared and every other field kept.
    private func updateMembership(_ change: Change) async throws {
        guard let id = change.target?.id, var resource = snapshot.resource("ProjectMembership", id) else {
            throw MedplumError(request: "PUT /fhir/R4/ProjectMembership/:id", status: 0, message: "\(change.resource) was not read before the update")
        }
        switch change.action {
        case .deactivate:
            resource["active"] = false
        default:
            guard let person = desired.membership(for: change.resource.key) else {
                throw MedplumError(request: "PUT /fhir/R4/ProjectMembership/:id", status: 0, message: "\(change.resource.key) is not declared")
            }
            resource = try withAccess(resource, policyIds: person.policyNames.map(policyId(named:)))
            resource["admin"] = .bool(person.admin)
            resource["active"] = true
        }
        _ = try await client.update(markMembership(resource, key: change.resource.key), ifMatch: Self.staleVersion(change))
        if change.action == .deactivate {
            // Offboarding is reported only once it is read back from the server.
            let after = try await client.read("ProjectMembership", id)
            guard after["active"]?.bool == false else {
                throw MedplumError(request: "GET /fhir/R4/ProjectMembership/:id", status: 200, message: "the membership is still active after deactivation")
            }
        }
    }

    /// Sets a membership's policies, keeping the form it already uses (`access[]` or the single
    /// `accessPolicy`) so plans never flip-flop between the two; parameters of kept entries stay.
    func withAccess(_ membership: JSONValue, policyIds: [String]) throws -> JSONValue {
        var membership = membership
        let existing = membership["access"]?.array ?? []
        let usesList = !existing.isEmpty || membership["accessPolicy"] == nil
        if !usesList && policyIds.count <= 1 {
            membership["accessPolicy"] = policyIds.first.map { ["reference": .string("AccessPolicy/\($0)")] }
            return membership
        }
        let entries = policyIds.map { id -> JSONValue in
            existing.first { $0["policy"]?["reference"]?.string == "AccessPolicy/\(id)" } ?? ["policy": ["reference": .string("AccessPolicy/\(id)")]]
        }
        // Assigning nil removes the key, as Medplum would strip an empty value anyway.
        membership["accessPolicy"] = nil
        membership["access"] = entries.isEmpty ? nil : .array(entries)
        return membership
    }

    private func markMembership(_ membership: JSONValue, key: String) -> JSONValue {
        var membership = membership
        var identifiers = (membership["identifier"]?.array ?? []).filter { $0["system"]?.string != ManagedMarker.system }
        identifiers.append(LiveMapping.managedIdentifierValue(key))
        membership["identifier"] = .array(identifiers)
        return membership
    }
}
