import PlumblineCore

/// The audit records of the checks (DESIGN §5: every drift check and session audit appends to
/// the audit log, as every apply does): what was found and, for sessions, what was ended.
enum CheckRecording {
    /// One record per drift check: each finding and each acknowledged one, by object.
    static func drift(_ report: DriftReport, context: CommandContext, command: String, job: String?, trail: AuditTrail?) -> [String] {
        let operations = report.findings.map { operation($0, outcome: $0.expiredAcknowledgement == nil ? "reported" : "reported: acknowledgement expired") }
            + report.acknowledged.map { operation($0.finding, outcome: "acknowledged by \($0.acknowledgement) until \($0.until)") }
        let summary = Dictionary(uniqueKeysWithValues: report.counts.map { ($0.key.rawValue, $0.value) }).merging(["acknowledged": report.acknowledged.count]) { $1 }
        return append(command: command, job: job, context: context, operations: operations, summary: summary, trail: trail, wrote: false).notes
    }

    /// One record per session audit: each flagged session, its reasons and whether it was ended.
    static func sessions(_ audit: SessionAudit, context: CommandContext, command: String, job: String?, trail: AuditTrail?) -> [String] {
        let operations = audit.flagged.map { verdict -> AuditRecord.Operation in
            let session = verdict.session
            let outcome: String
            switch audit.revocation(of: session) {
            case .revoked: outcome = "revoked"
            case .failed(let why): outcome = "revocation failed: \(why)"
            case nil: outcome = "flagged"
            }
            return AuditRecord.Operation(
                system: session.holder.system.rawValue, kind: "Session", key: "\(session.holder.member)/\(session.sessionId)",
                action: verdict.reasons.map(\.rawValue).sorted().joined(separator: ","), outcome: outcome
            )
        }
        return append(command: command, job: job, context: context, operations: operations, summary: audit.counts, trail: trail, wrote: !audit.revocations.isEmpty).notes
    }

    private static func operation(_ finding: DriftFinding, outcome: String) -> AuditRecord.Operation {
        AuditRecord.Operation(
            system: finding.resource.system.rawValue, kind: finding.resource.kind.rawValue, key: finding.resource.key,
            action: "drift:\(finding.type.rawValue)", outcome: outcome
        )
    }

    /// Appends one record to `trail`; returns it sealed (nil when nothing was written) and what
    /// the report should say. Without a log (no --audit-log, $PLUMBLINE_AUDIT_LOG or home), a
    /// read-only check is not worth a warning; a run that wrote to a server is.
    static func append(
        command: String, job: String?, context: CommandContext, operations: [AuditRecord.Operation], summary: [String: Int], trail: AuditTrail?,
        wrote: Bool
    ) -> (sealed: AuditRecord?, notes: [String]) {
        guard let trail else { return (nil, wrote ? ["no audit log was written: set PLUMBLINE_AUDIT_LOG or pass --audit-log FILE"] : []) }
        let record = AuditRecord(
            time: Runtime.current.now(), actor: AuditTrail.actor, command: command, job: job,
            environment: context.environment.name, manifestsDigest: context.digest, operations: operations, summary: summary
        )
        do {
            return (try trail.append(record), [])
        } catch {
            return (nil, ["the audit log was not written: \(error)"])
        }
    }
}
