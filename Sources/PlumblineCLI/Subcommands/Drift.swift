import ArgumentParser
import PlumblineCore

extension PlumblineCommand {
    /// `plumbline drift`: what changed on the servers behind the manifests' back, who did it and
    /// when. Read-only by construction: it holds readers on a transport that refuses writes.
    struct Drift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drift",
            abstract: "Report what differs from the manifests on the servers, with who changed it and when.",
            discussion: """
                Each finding is 'changed' (a managed object differs; fields read declared → live), 'missing' (a \
                declared object plumbline managed is gone) or 'unmanaged' (a live object in a managed scope that \
                plumbline does not manage or no manifest declares), including the Medplum server's CORS \
                configuration. DriftAcknowledgement manifests suppress known drift until their date. Never writes. \
                Exits 0 when there is no drift, 2 when there is.
                """
        )

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var environmentOptions: EnvironmentOptions
        @OptionGroup var outputOptions: OutputOptions

        @Option(name: .long, help: ArgumentHelp("The audit log to append to (default $PLUMBLINE_AUDIT_LOG, else ~/.plumbline/audit.jsonl).", valueName: "file"))
        var auditLog: String?

        func run() async throws {
            let report = try await CommandContext.with(manifestOptions, environmentOptions) { context in
                let report = try await DriftRun(context: context, readers: try LiveReaders.make(context.environment)).run()
                CheckRecording.drift(report, context: context, command: "drift", job: nil, trail: AuditTrail.resolve(auditLog))
                    .forEach { Console.current.printError("note: \($0)") }
                return report
            }
            let format = PlanFormat(rawValue: outputOptions.output.rawValue) ?? .text
            Console.current.write(DriftRenderer.render(report, format: format))
            if report.hasDrift { throw ExitStatus.attentionNeeded.exitCode }
        }
    }
}
