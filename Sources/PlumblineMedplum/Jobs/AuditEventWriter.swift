import Foundation
import PlumblineCore
import PlumblineHTTP

/// Records an apply in the Medplum project as a FHIR `AuditEvent` (DESIGN §5): what changed, why
/// (the job or command), with the audit log record's hash as an anchor outside the log file.
public struct AuditEventWriter: Sendable {
    let client: MedplumClient

    public init(client: MedplumClient) {
        self.client = client
    }

    /// At most this many changed objects are listed as entities; the summary counts them all.
    static let entityLimit = 100

    @discardableResult
    public func record(_ result: ApplyResult, actor: String, purpose: String, auditHash: String?, at time: Date) async throws -> String? {
        let failed = result.failed.count + result.skipped.count
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var event: JSONValue = [
            "resourceType": "AuditEvent",
            "type": ["system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest", "display": "RESTful Operation"],
            "subtype": [["system": "http://hl7.org/fhir/restful-interaction", "code": "update", "display": "update"]],
            "action": "U",
            "recorded": .string(formatter.string(from: time)),
            // FHIR outcome codes: 0 success, 4 minor failure (part of the plan failed).
            "outcome": .string(failed == 0 ? "0" : "4"),
            "outcomeDesc": .string("\(purpose): \(ApplyResultRenderer.summary(result))"),
            "agent": [["who": ["display": .string(actor)], "requestor": true, "name": "plumbline"]],
            "source": ["observer": ["display": "plumbline"], "type": [["system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4", "display": "Application Server"]]],
            "entity": .array(result.entries.prefix(Self.entityLimit).map(entity)),
        ]
        if let auditHash {
            event["extension"] = [["url": "https://plumbline.dev/audit-record-hash", "valueString": .string(auditHash)]]
        }
        let created = try await client.json(client.request(.post, "fhir/R4/AuditEvent", body: event, route: "/fhir/R4/AuditEvent"))
        return created["id"]?.string
    }

    private func entity(_ entry: ApplyResult.Entry) -> JSONValue {
        let outcome: String
        switch entry.outcome {
        case .applied: outcome = "applied"
        case .failed: outcome = "failed"
        case .skipped: outcome = "skipped"
        }
        var entity: JSONValue = [
            "name": .string("\(entry.change.resource.system.rawValue) \(entry.change.resource.kind.rawValue) \(entry.change.resource.key)"),
            "description": .string("\(entry.change.action.rawValue): \(outcome)"),
        ]
        if entry.change.resource.system == .medplum, let id = entry.change.target?.id {
            entity["what"] = ["reference": .string("\(entry.change.resource.kind.rawValue)/\(id)")]
        }
        return entity
    }
}
