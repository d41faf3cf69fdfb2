import Foundation
import PlumblineCore

/// The drift and sessions steps of a job, run through the same code as their commands, each
/// leaving its audit record.
enum JobSteps {
    /// Drift through read-only readers of their own (a job's transport can write; drift's must
    /// not). Drift found exits 2 only with `drift.failOnDrift`; otherwise it is reported.
    static func drift(job: JobManifest, context: CommandContext, trail: AuditTrail?) async -> JobRunner.StepResult {
        do {
            let readers = try LiveReaders.make(context.environment)
            let report = try await DriftRun(context: context, readers: readers).run()
            let notes = report.notes + CheckRecording.drift(report, context: context, command: "run", job: job.name.value, trail: trail)
            notes.forEach { Console.current.printError("note: \($0)") }
            let fails = report.hasDrift && job.drift?.failOnDrift?.value == true
            let counts = Dictionary(uniqueKeysWithValues: report.counts.map { ($0.key.rawValue, $0.value) })
            var result = JobRunner.StepResult(
                report: StepReport(
                    name: JobStep.drift.rawValue, exitCode: (fails ? ExitStatus.attentionNeeded : .success).rawValue,
                    outcome: DriftRenderer.summary(report), counts: counts,
                    details: try? JSONValue.parse(Data(DriftRenderer.json(report).utf8))
                ),
                markdown: report.hasDrift || !report.acknowledged.isEmpty ? DriftRenderer.markdown(report) : ""
            )
            result.transport = readers.transport
            return result
        } catch {
            return failed(.drift, error)
        }
    }

    /// The session audit with the job's policy; `sessions.revoke` ends what it flags.
    static func sessionAudit(job: JobManifest, context: CommandContext, sessions: Sessions, trail: AuditTrail?) async -> JobRunner.StepResult {
        do {
            let audit = try await PlumblineCommand.SessionAuditCommand.audit(
                context, revoke: job.sessions?.revoke?.value ?? false, policy: job.sessions?.policy?.value, sessions: sessions
            )
            let notes = audit.notes + CheckRecording.sessions(audit, context: context, command: "run", job: job.name.value, trail: trail)
            notes.forEach { Console.current.printError("note: \($0)") }
            let exit: ExitStatus = audit.failedRevocations > 0 ? .partlyApplied : audit.flagged.isEmpty ? .success : .attentionNeeded
            return JobRunner.StepResult(
                report: StepReport(
                    name: JobStep.sessions.rawValue, exitCode: exit.rawValue, outcome: SessionAuditRenderer.summary(audit), counts: audit.counts,
                    details: try? JSONValue.parse(Data(SessionAuditRenderer.json(audit).utf8))
                ),
                markdown: audit.flagged.isEmpty ? "" : SessionAuditRenderer.markdown(audit)
            )
        } catch {
            return failed(.sessions, error)
        }
    }

    private static func failed(_ step: JobStep, _ error: any Error) -> JobRunner.StepResult {
        let status = CommandFailureCode.status(of: error)
        Console.current.printError("error: \(step.rawValue): \(error)")
        return JobRunner.StepResult(report: StepReport(name: step.rawValue, exitCode: status, outcome: "failed: see the error above"))
    }
}
