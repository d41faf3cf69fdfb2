import ArgumentParser
import Foundation
import PlumblineCore

extension PlumblineCommand {
    /// `plumbline plan`: reads the live servers and shows what apply would change.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show what apply would change on the servers.",
            discussion: "Exits 0 when the servers match the manifests, 2 when changes are pending."
        )

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var environmentOptions: EnvironmentOptions
        @OptionGroup var outputOptions: OutputOptions

        @Option(name: .long, help: ArgumentHelp("Also save the plan as JSON for 'plumbline apply FILE' (it holds no secret).", valueName: "file"))
        var out: String?

        @Flag(name: .long, help: "Plan removal of managed objects no longer declared (people are deactivated, not deleted).")
        var prune = false

        @Flag(name: .long, help: "Adopt unmanaged objects in the way of declared ones instead of reporting conflicts: apply updates them as declared and writes plumbline's marker on them.")
        var adopt = false

        func run() async throws {
            try await CommandContext.withReadAhead(manifestOptions, environmentOptions) { context, ahead in
                try await plan(context, ahead)
            }
        }

        private func plan(_ context: CommandContext, _ ahead: ReadAhead?) async throws {
            let console = Console.current
            let sessions = try ahead?.sessions ?? Sessions.make(context.environment)
            // The preflights depend on nothing the plan reads, so they go out beside the reads;
            // a read's error still comes first.
            async let cors = CorsProbing.advice(context, transport: sessions.transport)
            let planning = try await Planning.make(context, sessions, prune: prune, adopt: adopt, ahead: ahead)
            var plan = planning.plan
            plan.cors = try await cors
            let format = PlanFormat(rawValue: outputOptions.output.rawValue) ?? .text
            console.write(format.renderer(colored: console.isTerminal && format == .text).render(plan))
            if let out {
                try SavedPlan.write(plan, to: out)
                console.printError("saved the plan to \(out); apply it with: plumbline apply \(out)")
            }
            ExitTeardown.leaveToExit(planning)
            ExitTeardown.leaveToExit(context)
            if !planning.plan.isEmpty || !planning.plan.conflicts.isEmpty { throw ExitStatus.attentionNeeded.exitCode }
        }
    }
}

/// Reading and writing plan files.
enum SavedPlan {
    static func write(_ plan: PlumblineCore.Plan, to path: String) throws {
        try Data(JSONPlanRenderer().render(plan).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func read(_ path: String) throws -> PlumblineCore.Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.exit(.usage, "cannot read plan file '\(path)'")
        }
        do {
            let plan = try JSONDecoder().decode(PlumblineCore.Plan.self, from: data)
            guard plan.formatVersion == PlumblineCore.Plan.currentFormatVersion else {
                throw CommandFailure.exit(.usage, "plan file '\(path)' has formatVersion \(plan.formatVersion); this plumbline reads \(PlumblineCore.Plan.currentFormatVersion); make the plan again")
            }
            return plan
        } catch let error as ExitCode {
            throw error
        } catch {
            throw CommandFailure.exit(.usage, "'\(path)' is not a plumbline plan file: \(error)")
        }
    }
}
