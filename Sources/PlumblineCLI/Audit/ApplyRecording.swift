import Foundation
import PlumblineCore
import PlumblineMedplum

/// After an apply: one record in the audit log and one FHIR AuditEvent in the Medplum project
/// carrying that record's hash (DESIGN §5). Failures here do not undo the apply; they come back
/// as notes for the report, so a missing audit entry is never silent.
enum ApplyRecording {
    /// Before the first write: one record naming every change about to be made, each `planned`.
    /// A run killed mid-apply (SIGKILL, a node lost) cannot record what it did; this record still
    /// says which writes it may have made, and the records after it what became of them. A log
    /// that cannot be written is reported by the record after the apply, not twice.
    static func intent(_ plan: Plan, context: CommandContext, command: String, job: String?, trail: AuditTrail?) -> [String] {
        guard !plan.changes.isEmpty else { return [] }
        return CheckRecording.append(
            command: command, job: job, context: context, operations: plan.changes.map { AuditTrail.operation($0, outcome: "planned") },
            summary: ["planned": plan.changes.count], trail: trail, wrote: false
        ).notes
    }

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
