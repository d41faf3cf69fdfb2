import Foundation
import PlumblineCore
import PlumblineHTTP

extension MedplumApplier {
    /// Independent policy writes go in one batch Bundle: creates conditional on the marker tag
    /// (repeating the batch cannot create twice), updates guarded by `If-Match`.
    func applyPolicies(_ changes: [Change]) async -> [ChangeOutcome] {
        let entries: [JSONValue]
        do {
            entries = try changes.map(batchEntry)
        } catch {
            return changes.map { _ in Self.outcome(for: error) }
        }
        let responses: [JSONValue]
        do {
            responses = try await client.batch(entries)
        } catch {
            return changes.map { _ in Self.outcome(for: error) }
        }
        return zip(changes, responses.count == changes.count ? responses : Array(repeating: JSONValue.null, count: changes.count)).map { change, entry in
            outcome(of: change, entry)
        }
    }

    private func batchEntry(_ change: Change) throws -> JSONValue {
        let name = change.resource.key
        switch change.action {
        case .create:
            return [
                "fullUrl": .string("urn:uuid:\(UUID().uuidString.lowercased())"),
                "request": ["method": "POST", "url": "AccessPolicy", "ifNoneExist": .string("_tag=\(ManagedMarker.system)|\(name)")],
                "resource": policyResource(name, base: ["resourceType": "AccessPolicy"]),
            ]
        case .update:
            guard let id = change.target?.id, let live = snapshot.resource("AccessPolicy", id) else {
                throw MedplumError(request: "PUT /fhir/R4/AccessPolicy/:id", status: 0, message: "\(change.resource) was not read before the update")
            }
            return [
                "request": ["method": "PUT", "url": .string("AccessPolicy/\(id)"), "ifMatch": .string("W/\"\(Self.staleVersion(change))\"")],
                "resource": policyResource(name, base: live),
            ]
        case .delete:
            return ["request": ["method": "DELETE", "url": .string("AccessPolicy/\(change.target?.id ?? "")")]]
        default:
            throw MedplumError(request: "apply", status: 0, message: "cannot \(change.action.rawValue) an AccessPolicy")
        }
    }

    /// The declared policy written over `base`: name, every resource entry, and the marker tag;
    /// other fields of `base` (set in the console, say) are kept.
    private func policyResource(_ name: String, base: JSONValue) -> JSONValue {
        var resource = LiveMapping.withManagedTag(base, key: name)
        resource["name"] = .string(name)
        resource["resource"] = .array((desired.policy(named: name)?.grants ?? []).map(\.medplumJSON))
        return resource
    }

    private func outcome(of change: Change, _ entry: JSONValue) -> ChangeOutcome {
        let status = Int(entry["response"]?["status"]?.string?.prefix(3) ?? "") ?? 0
        guard (200..<300).contains(status) else {
            let message = MedplumError.explanation(of: entry["response"]?["outcome"] ?? entry["resource"], raw: "")
            let error = MedplumError(request: "\(change.action == .create ? "POST" : change.action == .delete ? "DELETE" : "PUT") /fhir/R4/AccessPolicy (batch entry)", status: status, message: message)
            return .failed(category: error.category, message: error.description)
        }
        switch change.action {
        case .create:
            let id = entry["resource"]?["id"]?.string ?? entry["response"]?["location"]?.string.map { String($0.split(separator: "/").dropFirst().first ?? "") }
            if let id { recordPolicy(change.resource.key, id: id) }
        case .update:
            // An adopted policy carries the marker only from now on: memberships adopted in the
            // same run must still find it by name.
            if let id = change.target?.id { recordPolicy(change.resource.key, id: id) }
        default:
            break
        }
        return .applied
    }
}
