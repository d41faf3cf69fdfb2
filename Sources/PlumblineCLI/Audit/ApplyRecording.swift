import Foundation
import PlumblineCore
import PlumblineMedplum

/// After an apply: one record in the audit log and one FHIR AuditEvent in the Medplum project
/// carrying that record's hash (DESIGN §5). Failures here do not undo the apply; they come back
/// as notes for the report, so a missing audit entry is never silent.
enum ApplyRecording {
    static func record(
        _ result: ApplyResult, context: CommandContext, sessions: Sessions, command: String, job: String?, trail: AuditTrail?
    ) async -> [String] {
        guard !result.entries.isEmpty else { return [] }
        var (sealed, notes) = CheckRecording.append(
            command: command, job: job, context: context, operations: AuditTrail.operations(result),
            summary: ["applied": result.applied, "failed": result.failed.count, "skipped": result.skipped.count], trail: trail, wrote: true
        )
        let hash = sealed?.hash
        if let client = sessions.medplum {
            let purpose = job.map { "plumbline job \($0)" } ?? "plumbline \(command)"
            do {
                try await AuditEventWriter(client: client).record(result, actor: AuditTrail.actor, purpose: purpose, auditHash: hash, at: Runtime.current.now())
            } catch {
                notes.append("the Medplum AuditEvent was not written: \(error)")
            }
        }
        return notes
    }
}
