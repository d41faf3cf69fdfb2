import ArgumentParser
import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

extension PlumblineCommand {
    /// `plumbline apply [FILE]`: makes the servers match the manifests, safely (DESIGN §5).
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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

        func validate() throws {
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
            if let maxChanges, maxChanges < 0 { throw ValidationError("--max-changes must not be negative") }
            if prune && planFile != nil { throw ValidationError("--prune belongs to the plan: run 'plumbline plan --prune --out FILE' instead") }
            if adopt && planFile != nil { throw ValidationError("--adopt belongs to the plan: run 'plumbline plan --adopt --out FILE' instead") }
        }

        func run() async throws {
            let saved = try planFile.map(SavedPlan.read)
            if let saved, let env = environmentOptions.env, env != saved.environment {
                throw CommandFailure.exit(.usage, "the plan was made for environment '\(saved.environment)', not '\(env)'")
            }
            try await CommandContext.with(manifestOptions, environmentOptions, environmentName: saved?.environment) { context in
                let sessions = try Sessions.make(context.environment, concurrency: concurrency)
                let (planning, plan) = try await prepare(saved, context, sessions)
                try refuseUnsafe(plan, planning)
                let result = await execute(plan, planning, sessions, context)
                try report(result, context)
            }
        }

        /// The plan to apply and the fresh read it will be applied against.
        private func prepare(_ saved: PlumblineCore.Plan?, _ context: CommandContext, _ sessions: Sessions) async throws -> (Planning, PlumblineCore.Plan) {
            let console = Console.current
            guard let saved else {
                let planning = try await Planning.make(context, sessions, prune: prune, adopt: adopt)
                if outputOptions.output == .text { console.write(TextPlanRenderer(colored: console.isTerminal).render(planning.plan)) }
                try confirm(planning.plan, environment: context.environment.name)
                return (planning, planning.plan)
            }
            guard saved.manifestsDigest == context.digest else {
                throw CommandFailure.exit(.refused, "the manifests changed since the plan was made; nothing was written; run plumbline plan again")
            }
            let (snapshot, live) = try await Planning.read(context, sessions)
            let planning = Planning.make(context, medplum: snapshot, stytch: live, prune: false)
            let changed = Set(saved.observed).symmetricDifference(planning.plan.observed)
            guard changed.isEmpty else {
                let objects = Set(changed.map { "\($0.kind.rawValue)/\($0.id)" }).sorted()
                throw CommandFailure.exit(.refused, "the plan is stale: \(objects.count) object(s) changed on the server since it was read (\(objects.prefix(5).joined(separator: ", "))\(objects.count > 5 ? ", …" : "")); nothing was written; run plumbline plan again")
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

        /// Every safety refusal, before the first write (exit 4).
        private func refuseUnsafe(_ plan: PlumblineCore.Plan, _ planning: Planning) throws {
            let refusals = planning.refusals(plan, maxChanges: maxChanges)
            guard refusals.isEmpty else {
                refusals.forEach { Console.current.printError("refused: \($0)") }
                throw CommandFailure.exit(.refused, "apply refused by \(refusals.count) safety rule(s); nothing was written")
            }
            if secretsDir == nil, let client = plan.changes.first(where: { $0.resource.kind == .clientApplication && $0.action == .create }) {
                throw CommandFailure.exit(.usage, "creating Client '\(client.resource.key)' produces a secret, and plumbline writes secrets only to --secrets-dir; pass --secrets-dir DIR; nothing was written")
            }
        }

        private func execute(_ plan: PlumblineCore.Plan, _ planning: Planning, _ sessions: Sessions, _ context: CommandContext) async -> ApplyResult {
            guard !plan.isEmpty else { return ApplyResult(entries: []) }
            let store = SecretStore(directory: secretsDir ?? "secrets")
            var appliers: [ManagedSystem: any ChangeApplier] = [:]
            var medplumApplier: MedplumApplier?
            if let client = sessions.medplum, let part = planning.medplum {
                let applier = MedplumApplier(
                    client: client, snapshot: part.snapshot, desired: part.desired,
                    options: .init(sendInviteEmail: context.environment.medplum?.sendInviteEmail ?? true) { name, secret in
                        try store.store(clientName: name, secret: secret)
                    }
                )
                appliers[.medplum] = applier
                medplumApplier = applier
            }
            if let client = sessions.stytch, let part = planning.stytch {
                appliers[.stytch] = StytchApplier(client: client, live: part.live, desired: part.desired, management: sessions.stytchManagement)
            }
            let progress = ProgressLine(total: plan.changes.count)
            let result = await ApplyExecutor(concurrency: concurrency).run(
                plan.changes, applier: CompositeApplier(appliers), wave: PlanOrder.wave(of:), dependencies: PlanOrder.dependencies(of:),
                observer: { event in if case .finished = event { progress.advance() } }
            )
            progress.finish()
            medplumApplier?.messages.forEach { Console.current.printError("note: \($0)") }
            return result
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
            if let status = Self.exitStatus(for: result) { throw status.exitCode }
        }

        /// 0 when complete, 3 when partly applied; when nothing was applied, the failures' own cause.
        static func exitStatus(for result: ApplyResult) -> ExitStatus? {
            guard !result.isComplete else { return nil }
            guard result.applied == 0 else { return .partlyApplied }
            let categories = Set(result.failed.compactMap { entry -> FailureCategory? in
                if case .failed(let category, _) = entry.outcome { category } else { nil }
            })
            switch categories {
            case [.stale]: return .refused
            case [.unavailable]: return .unavailable
            case [.credentials]: return .credentialsRefused
            default: return .partlyApplied
            }
        }
    }
}
