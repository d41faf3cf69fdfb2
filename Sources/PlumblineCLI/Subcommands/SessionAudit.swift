import ArgumentParser
import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

extension PlumblineCommand {
    /// `plumbline sessions [--revoke]`: the session audit against the environment's SessionPolicy.
    struct SessionAuditCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sessions",
            abstract: "Audit live sessions against the session policy.",
            discussion: """
                Lists every Stytch member's sessions (one request per member) and, with medplum.superAdmin \
                credentials, the people's Medplum Logins, and flags those that are expired, idle, over-age, \
                over the concurrent limit or held by someone offboarded. --revoke (or onViolation: revoke) \
                ends the flagged ones and reads each back. Exits 0 when none is flagged, 2 when some are, \
                3 when a revocation could not be confirmed.
                """
        )

        @OptionGroup var manifestOptions: ManifestOptions
        @OptionGroup var environmentOptions: EnvironmentOptions
        @OptionGroup var outputOptions: OutputOptions

        @Flag(name: .long, help: "End the flagged sessions and verify each is gone.")
        var revoke = false

        @Option(name: .long, help: ArgumentHelp("The audit log to append to (default $PLUMBLINE_AUDIT_LOG, else ~/.plumbline/audit.jsonl).", valueName: "file"))
        var auditLog: String?

        func run() async throws {
            try await CommandContext.with(manifestOptions, environmentOptions) { context in
                let audit = try await Self.audit(context, revoke: revoke)
                let console = Console.current
                let notes = audit.notes + CheckRecording.sessions(audit, context: context, command: "sessions", job: nil, trail: AuditTrail.resolve(auditLog))
                notes.forEach { console.printError("note: \($0)") }
                switch outputOptions.output {
                case .text: console.write(SessionAuditRenderer.text(audit))
                case .json: console.write(SessionAuditRenderer.json(audit))
                case .markdown: console.write(SessionAuditRenderer.markdown(audit))
                }
                if let status = Self.exitStatus(audit) { throw status.exitCode }
            }
        }

        /// Reads what the audit needs and runs it: Stytch's members, and Medplum's memberships when
        /// there are super-admin credentials to read their Logins with.
        static func audit(_ context: CommandContext, revoke: Bool, policy: String? = nil, sessions shared: Sessions? = nil) async throws -> SessionAudit {
            guard let limits = SessionLimits.resolve(context.manifests, environmentPolicy: context.environment.sessionPolicyName, override: policy) else {
                throw CommandFailure.exit(.usage, "no SessionPolicy named '\(policy ?? context.environment.sessionPolicyName ?? "default")' is declared")
            }
            let sessions = try shared ?? Sessions.make(context.environment)
            let slugs = Set(context.manifests.organizations.map(\.slug.value))
            do {
                // Medplum's memberships are only needed to find their Logins, which need a super admin.
                let loginsReadable = context.environment.medplum?.superAdmin != nil
                async let stytch = Planning.readStytch(sessions.stytch, slugs: slugs)
                async let medplum = loginsReadable ? Planning.readMedplum(sessions.medplum)?.state : nil
                let live = (stytch: try await stytch, medplum: try await medplum)
                return try await SessionAuditOperation(limits: limits, revoke: revoke).run(context, sessions, stytch: live.stytch, medplum: live.medplum)
            } catch let error as SessionAuditOperation.LoginsUnreadable {
                throw CommandFailure.exit(.credentialsRefused, error.description)
            } catch {
                throw CommandFailure.fromServer(error)
            }
        }

        /// 2 when a session is flagged, 3 when revocation was asked and not every flagged session
        /// could be confirmed ended (the report says which).
        static func exitStatus(_ audit: SessionAudit) -> ExitStatus? {
            if audit.failedRevocations > 0 {
                Console.current.printError("error: \(audit.failedRevocations) flagged session(s) could not be revoked and verified; see the report, then run plumbline sessions --revoke again")
                return .partlyApplied
            }
            return audit.flagged.isEmpty ? nil : .attentionNeeded
        }
    }
}
