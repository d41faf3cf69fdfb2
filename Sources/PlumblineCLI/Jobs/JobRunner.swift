import ArgumentParser
import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum

/// Runs a job file (DESIGN §6): its steps in order against its environment, within its safety
/// limits, under a lease on the Medplum server when it writes; always leaves a report, a Markdown
/// summary, metrics and audit records, and exits with its worst step's code.
struct JobRunner {
    let job: JobManifest
    let jobFile: String
    let sandbox: Bool
    let stop: StopFlag
    /// How long a lease lasts if the run dies without releasing it.
    static let leaseDuration: TimeInterval = 3_600

    /// One step's result and its section of the Markdown summary.
    struct StepResult {
        var report: StepReport
        var markdown: String = ""
        /// A transport of the step's own (drift's read-only one), whose requests the run counts too.
        var transport: HTTPTransport?
    }

    func run() async -> Int32 {
        let startedAt = Runtime.current.now()
        var environment = sandbox ? "sandbox" : job.environment.value
        var steps: [StepResult] = []
        var lease: LeaseRecord?
        var transportCounts: (byRoute: [String: Int], byServer: [String: Int]) = ([:], [:])
        let outputs = JobOutputs(job: job)
        do {
            let manifests = JobReferences.manifestsDirectory(of: job, fallback: "Manifests")
            try await CommandContext.with(manifests: manifests, environment: sandbox ? nil : job.environment.value, sandbox: sandbox) { context in
                environment = context.environment.name
                let sessions = try Sessions.make(context.environment, concurrency: job.apply?.concurrency?.value ?? 8)
                defer {
                    let snapshot = sessions.transport.counter.snapshot()
                    transportCounts = (snapshot.byRoute, snapshot.byHost)
                }
                var held: JobLease.Held?
                if writes, let client = sessions.medplum {
                    switch try await JobLease(client: client, environment: environment).acquire(holder: holder, now: Runtime.current.now(), ttl: Self.leaseDuration) {
                    case .acquired(let acquired):
                        held = acquired
                        lease = acquired.record
                    case .heldBy(let other):
                        lease = other
                        steps.append(StepResult(report: StepReport(name: "lease", exitCode: ExitStatus.refused.rawValue, outcome: "held by \(other.holder) until \(ISO8601DateFormatter().string(from: other.expiresAt)); nothing was written")))
                        return
                    }
                }
                steps += await runSteps(context, sessions, outputs)
                if let held, let client = sessions.medplum {
                    try? await JobLease(client: client, environment: environment).release(held, now: Runtime.current.now())
                }
            }
        } catch {
            let status = CommandFailureCode.status(of: error)
            steps.append(StepResult(report: StepReport(name: steps.isEmpty ? "load" : "run", exitCode: status, outcome: "stopped: see the error above")))
        }
        for case let transport? in steps.map(\.transport) {
            let snapshot = transport.counter.snapshot()
            transportCounts.byRoute.merge(snapshot.byRoute, uniquingKeysWith: +)
            transportCounts.byServer.merge(snapshot.byHost, uniquingKeysWith: +)
        }
        let report = JobReport(
            job: job.name.value, environment: environment, startedAt: startedAt, finishedAt: Runtime.current.now(),
            exitCode: JobExit.worst(steps.map(\.report.exitCode)), stopped: stop.isStopped, lease: lease,
            steps: steps.map(\.report), requests: transportCounts.byRoute, requestsByServer: transportCounts.byServer
        )
        finish(report, markdown: JobMarkdown.render(report, sections: steps.map(\.markdown)), outputs)
        return report.exitCode
    }

    /// Whether the job writes (and so needs the lease).
    var writes: Bool {
        let steps = Set(job.steps.map(\.value))
        return steps.contains(.apply) || (steps.contains(.sessions) && job.sessions?.revoke?.value == true)
    }

    var holder: String { "\(AuditTrail.actor) pid \(ProcessInfo.processInfo.processIdentifier) job \(job.name.value)" }

    private func runSteps(_ context: CommandContext, _ sessions: Sessions, _ outputs: JobOutputs) async -> [StepResult] {
        var results: [StepResult] = []
        var planning: Planning?
        for step in job.steps.map(\.value) {
            guard !stop.isStopped else {
                results.append(StepResult(report: StepReport(name: step.rawValue, exitCode: 0, outcome: "skipped: the run was stopped")))
                continue
            }
            switch step {
            case .validate:
                results.append(validate(context))
            case .plan:
                let (result, made) = await plan(context, sessions)
                planning = made
                results.append(result)
            case .apply:
                if planning == nil { planning = await plan(context, sessions).1 }
                results.append(await apply(planning, context, sessions, outputs))
            case .drift:
                results.append(await JobSteps.drift(job: job, context: context, trail: outputs.auditTrail))
            case .sessions:
                results.append(await JobSteps.sessionAudit(job: job, context: context, sessions: sessions, trail: outputs.auditTrail))
            }
        }
        return results
    }

    private func validate(_ context: CommandContext) -> StepResult {
        let diagnostics = context.validation.diagnostics
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return StepResult(
            report: StepReport(name: "validate", exitCode: 0, outcome: "valid: \(context.validation.fileCount) files, \(warnings) warning(s)", counts: ["warnings": warnings]),
            markdown: warnings == 0 ? "" : DiagnosticsRenderer.markdown(diagnostics)
        )
    }

    private func plan(_ context: CommandContext, _ sessions: Sessions) async -> (StepResult, Planning?) {
        do {
            let planning = try await Planning.make(context, sessions, prune: job.apply?.prune?.value ?? false)
            let plan = planning.plan
            let counts = Dictionary(uniqueKeysWithValues: plan.summary.map { ($0.key.rawValue, $0.value) })
            let exit = plan.conflicts.isEmpty ? ExitStatus.success : .refused
            let outcome = plan.isEmpty && plan.conflicts.isEmpty ? "no changes" : "\(plan.changes.count) change(s), \(plan.escalationCount) widening access, \(plan.conflicts.count) conflict(s)"
            let details = try? JSONValue.parse(Data(JSONPlanRenderer().render(plan).utf8))
            return (StepResult(report: StepReport(name: "plan", exitCode: exit.rawValue, outcome: outcome, counts: counts, details: details), markdown: MarkdownPlanRenderer().render(plan)), planning)
        } catch {
            return (StepResult(report: StepReport(name: "plan", exitCode: CommandFailureCode.status(of: error), outcome: "failed: see the error above")), nil)
        }
    }

    private func apply(_ planning: Planning?, _ context: CommandContext, _ sessions: Sessions, _ outputs: JobOutputs) async -> StepResult {
        guard let planning else {
            return StepResult(report: StepReport(name: "apply", exitCode: 0, outcome: "skipped: there is no plan to apply"))
        }
        let stop = self.stop
        let operation = ApplyOperation(
            concurrency: job.apply?.concurrency?.value ?? 8, maxChanges: job.apply?.maxChanges?.value,
            // Never beside the reports, which CI uploads: only where the operator points.
            secretsDirectory: Runtime.current.variables["PLUMBLINE_SECRETS_DIR"], shouldContinue: { !stop.isStopped }
        )
        if let (status, messages) = operation.refusal(planning.plan, planning) {
            messages.forEach { Console.current.printError($0) }
            return StepResult(report: StepReport(name: "apply", exitCode: status.rawValue, outcome: "refused before any write: \(messages.joined(separator: "; "))"))
        }
        let intended = ApplyRecording.intent(planning.plan, context: context, command: "run", job: job.name.value, trail: outputs.auditTrail)
        let (result, notes) = await operation.execute(planning.plan, planning, sessions, context)
        let recorded = await ApplyRecording.record(result, context: context, sessions: sessions, command: "run", job: job.name.value, trail: outputs.auditTrail)
        (intended + notes + recorded).forEach { Console.current.printError("note: \($0)") }
        let counts = ["applied": result.applied, "failed": result.failed.count, "skipped": result.skipped.count]
        let details = try? JSONValue.parse(Data(ApplyResultRenderer.json(result, environment: context.environment.name, messages: intended + notes + recorded).utf8))
        return StepResult(
            report: StepReport(name: "apply", exitCode: ApplyOperation.exitStatus(for: result).rawValue, outcome: result.entries.isEmpty ? "nothing to apply" : ApplyResultRenderer.summary(result), counts: counts, details: details),
            markdown: result.entries.isEmpty ? "" : ApplyResultRenderer.markdown(result, environment: context.environment.name)
        )
    }

    private func finish(_ report: JobReport, markdown: String, _ outputs: JobOutputs) {
        let console = Console.current
        do {
            for path in try outputs.write(report, markdown: markdown) { console.printError("wrote \(path)") }
            try outputs.writeMetrics(report)
        } catch {
            console.printError("error: the report could not be written: \(error)")
        }
        for step in report.steps { console.print("\(step.name): \(step.outcome) (exit \(step.exitCode))") }
        console.print("job \(report.job) on \(report.environment): exit \(report.exitCode)\(report.stopped ? " (stopped)" : "")")
    }
}

/// The exit status carried by an error a command threw.
enum CommandFailureCode {
    static func status(of error: any Error) -> Int32 {
        (error as? ExitCode)?.rawValue ?? ExitStatus.unexpectedFailure.rawValue
    }
}
