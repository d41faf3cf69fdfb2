import PlumblineCore

/// The drift and sessions steps of a job, run through the same operations as their commands.
enum JobSteps {
    static func run(
        _ step: JobStep, job: JobManifest, context: CommandContext, sessions: Sessions, stop: StopFlag, trail: AuditTrail?
    ) async -> JobRunner.StepResult {
        JobRunner.StepResult(report: StepReport(name: step.rawValue, exitCode: ExitStatus.unexpectedFailure.rawValue, outcome: "the \(step.rawValue) step is not available in this build"))
    }
}
