import ArgumentParser
import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineStytch

extension PlumblineCommand {
    /// `plumbline doctor --user EMAIL`: the troubleshooting guide for one person, check by check.
    struct DoctorCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Walk the troubleshooting guide for one person.",
            discussion: """
                Checks, in order: Medplum reachable, plumbline's own credentials, the person declared and \
                active, their Medplum membership, what their access policies grant against what their roles \
                need, their Stytch members and roles, their sessions, and the server's CORS answer for every \
                origin of the environment. Every check runs; one that depends on a failed check is reported \
                as skipped. Exits 0 when all pass, 2 when one fails. Writes nothing.
                """
        )

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var environmentOptions: EnvironmentOptions
        @OptionGroup var outputOptions: OutputOptions

        @Option(name: .long, help: ArgumentHelp("The person's e-mail address.", valueName: "email"))
        var user: String

        func validate() throws {
            let parts = user.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !user.contains(where: \.isWhitespace) else {
                throw ValidationError("--user takes the person's e-mail address, e.g. --user alice@northside.example.org")
            }
        }

        func run() async throws {
            try await CommandContext.with(manifestOptions, environmentOptions) { context in
                let report = Doctor.examine(await Self.observe(user.lowercased(), context))
                let console = Console.current
                switch outputOptions.output {
                case .text: console.write(DoctorRenderer.text(report, colored: console.isTerminal))
                case .json: console.write(DoctorRenderer.json(report))
                case .markdown: console.write(DoctorRenderer.markdown(report))
                }
                if !report.failed.isEmpty { throw ExitStatus.attentionNeeded.exitCode }
            }
        }

        /// Everything the checks look at. A read that fails becomes that check's observation, never
        /// the command's error; a read that depends on one that failed is not attempted.
        static func observe(_ email: String, _ context: CommandContext) async -> DoctorInputs {
            let environment = context.environment
            guard let sessions = try? Sessions.make(environment) else {
                return DoctorInputs(
                    email: email, environment: environment.name, manifests: context.manifests, today: context.today,
                    health: .failed("the environment's servers cannot be used", .rejected), medplum: .notAttempted, stytch: .notAttempted,
                    sessions: .notAttempted, preflights: .notAttempted
                )
            }
            // The two systems do not depend on each other, so they are looked at side by side.
            async let medplumSide = observeMedplum(environment, sessions)
            let noStytch = "environment '\(environment.name)' declares no Stytch project"
            let slugs = Set(context.manifests.organizations.map(\.slug.value))
            let stytch: Probe<StytchLiveState> = sessions.stytch == nil ? .notConfigured(noStytch) : await probe {
                try await Planning.readStytch(sessions.stytch, slugs: slugs) ?? StytchLiveState(organizations: [], members: [], roleIds: [])
            }
            let (health, medplum, preflights) = await medplumSide

            var audit: Probe<SessionAudit> = .notAttempted
            if stytch.value != nil || sessions.stytch == nil, let limits = SessionLimits.resolve(context.manifests, environmentPolicy: environment.sessionPolicyName) {
                audit = await probe {
                    try await SessionAuditOperation(limits: limits, revoke: false, person: email).run(context, sessions, stytch: stytch.value, medplum: medplum.value)
                }
            }
            return DoctorInputs(
                email: email, environment: environment.name, manifests: context.manifests, today: context.today,
                health: health, medplum: medplum, stytch: stytch, sessions: audit, preflights: preflights
            )
        }

        /// Medplum's healthcheck, then its project and the preflights side by side. A server that
        /// does not answer its healthcheck with 200 tells nothing about credentials or CORS: those
        /// checks are reported skipped, not failed.
        static func observeMedplum(
            _ environment: ResolvedEnvironment, _ sessions: Sessions
        ) async -> (Probe<MedplumHealth>, Probe<MedplumLiveState>, Probe<[PreflightObservation]>) {
            guard let client = sessions.medplum, let connection = environment.medplum else {
                let noMedplum = "environment '\(environment.name)' declares no Medplum server"
                return (.notConfigured(noMedplum), .notConfigured(noMedplum), .notConfigured(noMedplum))
            }
            let health = await probe { try await client.healthcheck() }
            guard health.value?.status == 200 else { return (health, .notAttempted, .notAttempted) }
            async let preflights = probe { try await preflight(environment.corsOrigins, connection, sessions) }
            let medplum = await probe { try await MedplumReader(client: client).read().state }
            return (health, medplum, await preflights)
        }

        /// The preflight of every declared origin, as a browser on it would send before a FHIR call.
        static func preflight(_ origins: [WebOrigin], _ connection: MedplumConnection, _ sessions: Sessions) async throws -> [PreflightObservation] {
            let probe = CorsProbe(baseURL: connection.baseURL, transport: sessions.transport)
            return try await probe.preflights(from: origins.map(\.description)).map { answer in
                PreflightObservation(
                    origin: answer.origin, status: answer.status, allowOrigin: answer.allowOrigin,
                    allowCredentials: answer.allowCredentials, allowed: answer.allowed
                )
            }
        }

        /// Runs a read and keeps its outcome, failure included, as an observation.
        static func probe<Value: Sendable>(_ read: () async throws -> Value) async -> Probe<Value> {
            do {
                return .observed(try await read())
            } catch let error as MedplumError {
                return .failed(error.description, error.category)
            } catch let error as StytchError {
                return .failed(error.description, error.category)
            } catch let error as SessionAuditOperation.LoginsUnreadable {
                return .failed(error.description, .credentials)
            } catch let error as TransportError {
                return .failed(error.description, .unavailable)
            } catch {
                return .failed(String(describing: error), .rejected)
            }
        }
    }
}
