import ArgumentParser
import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

extension PlumblineCommand {
    /// `plumbline apply [FILE]`: makes the servers match the manifests, safely (DESIGN §5).
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Apply a saved plan, or plan afresh and apply it.",
            discussion: """
                With FILE, applies exactly that plan and refuses it when the manifests or any object it read \
                changed since. Asks for confirmation on a terminal unless --yes. Exits 0 when everything was \
                applied, 3 when only part was (the report says what), 4 when a safety rule or a stale plan \
                refused it before any write.
                """
        )

        @Argument(help: ArgumentHelp("A plan saved by 'plumbline plan --out'.", valueName: "file"))
        var planFile: String?

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var environmentOptions: EnvironmentOptions
        @OptionGroup var outputOptions: OutputOptions

        @Flag(name: .long, help: "Remove managed objects no longer declared (people are deactivated, not deleted).")
        var prune = false

        @Flag(name: .long, help: "Adopt unmanaged objects in the way of declared ones: update them as declared and write plumbline's marker on them.")
        var adopt = false

        @Option(name: .long, help: ArgumentHelp("Refuse plans with more changes than this.", valueName: "n"))
        var maxChanges: Int?

        @Option(name: .long, help: ArgumentHelp("Changes applied at once.", valueName: "n"))
        var concurrency = 8

        @Flag(name: .long, help: "Apply without asking for confirmation.")
        var yes = false

        @Option(name: .long, help: ArgumentHelp("Where new client secrets are written (mode 0600); never printed.", valueName: "dir"))
        var secretsDir: String?

        @Option(name: .long, help: ArgumentHelp("The audit log to append to (default $PLUMBLINE_AUDIT_LOG, else ~/.plumbline/audit.jsonl).", valueName: "file"))
        var auditLog: String?

        func validate() throws {
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
            if let maxChanges, maxChanges < 0 { throw ValidationError("--max-changes must not be negative") }
            if prune && planFile != nil { throw ValidationError("--prune belongs to the plan: run 'plumbline plan --prune --out FILE' instead") }
            if adopt && planFile != nil { throw ValidationError("--adopt belongs to the plan: run 'plumbline plan --adopt --out FILE' instead") }
        }

        var operation: ApplyOperation {
            ApplyOperation(concurrency: concurrency, maxChanges: maxChanges, secretsDirectory: secretsDir)
        }

        func run() async throws {
            let saved = try planFile.map(SavedPlan.read)
            if let saved, let env = environmentOptions.env, env != saved.environment {
                throw CommandFailure.exit(.usage, "the plan was made for environment '\(saved.environment)', not '\(env)'")
            }
            try await CommandContext.withReadAhead(manifestOptions, environmentOptions, environmentName: saved?.environment, concurrency: concurrency) { context, ahead in
                let sessions = try ahead?.sessions ?? Sessions.make(context.environment, concurrency: concurrency)
                let (planning, plan) = try await prepare(saved, context, sessions, ahead)
                if let (status, messages) = operation.refusal(plan, planning) {
                    guard status == .refused else { throw CommandFailure.exit(status, messages.joined(separator: "; ") + "; nothing was written") }
                    messages.forEach { Console.current.printError($0) }
                    throw CommandFailure.exit(.refused, "apply refused by \(messages.count) safety rule(s); nothing was written")
                }
                var operation = operation
                let progress = ProgressLine(total: plan.changes.count)
                operation.onProgress = { event in if case .finished = event { progress.advance() } }
                let trail = AuditTrail.resolve(auditLog)
                let intended = ApplyRecording.intent(plan, context: context, command: "apply", job: nil, trail: trail)
                let (result, notes) = await operation.execute(plan, planning, sessions, context)
                progress.finish()
                let recorded = await ApplyRecording.record(result, context: context, sessions: sessions, command: "apply", job: nil, trail: trail)
                (intended + notes + recorded).forEach { Console.current.printError("note: \($0)") }
                try report(result, context)
            }
        }

        /// The plan to apply and the fresh read it will be applied against.
        private func prepare(_ saved: PlumblineCore.Plan?, _ context: CommandContext, _ sessions: Sessions, _ ahead: ReadAhead?) async throws -> (Planning, PlumblineCore.Plan) {
            let console = Console.current
            guard let saved else {
                let planning = try await Planning.make(context, sessions, prune: prune, adopt: adopt, ahead: ahead)
                if outputOptions.output == .text { console.write(TextPlanRenderer(colored: console.isTerminal).render(planning.plan)) }
                try confirm(planning.plan, environment: context.environment.name)
                return (planning, planning.plan)
            }
            let (snapshot, live) = try await Planning.read(context, sessions, ahead: ahead)
            let planning = Planning.make(context, medplum: snapshot, stytch: live, prune: false)
            if let stale = ApplyOperation.staleness(of: saved, context: context, current: planning) {
                throw CommandFailure.exit(.refused, stale)
            }
            return (planning, saved)
        }

        /// On a terminal, asks before writing (DESIGN §3); `--yes` skips the question.
        private func confirm(_ plan: PlumblineCore.Plan, environment: String) throws {
            let runtime = Runtime.current
            guard !plan.isEmpty, !yes, Console.current.isTerminal, runtime.inputIsTerminal else { return }
            Console.current.write("\nApply \(plan.changes.count) change(s) to environment '\(environment)'? Only 'yes' is accepted: ")
            guard runtime.readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                throw CommandFailure.exit(.refused, "apply cancelled; nothing was written")
            }
        }

        private func report(_ result: ApplyResult, _ context: CommandContext) throws {
            let console = Console.current
            let environment = context.environment.name
            guard !result.entries.isEmpty else {
                if outputOptions.output == .json { console.write(ApplyResultRenderer.json(result, environment: environment)) }
                return
            }
            switch outputOptions.output {
            case .text: console.write("\n" + ApplyResultRenderer.text(result, environment: environment))
            case .json: console.write(ApplyResultRenderer.json(result, environment: environment))
            case .markdown: console.write(ApplyResultRenderer.markdown(result, environment: environment))
            }
            let status = ApplyOperation.exitStatus(for: result)
            if status != .success { throw status.exitCode }
        }
    }
}
