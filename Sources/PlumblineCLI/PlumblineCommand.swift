import ArgumentParser

/// The `plumbline` root command: every verb of DESIGN §3 is a subcommand in `Subcommands/`.
public struct PlumblineCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plumbline",
        abstract: "Keep a healthcare stack's identity and access in line with what its admins declared.",
        discussion: """
            Admins declare people, roles, Medplum access policies and clients, Stytch B2B organizations \
            and session policy in YAML manifests; plumbline validates them, plans the difference against \
            the live servers and applies it safely.
            """,
        subcommands: [Validate.self, Plan.self, Apply.self, Run.self, Drift.self, Import.self, SessionAuditCommand.self, DoctorCommand.self, ReviewCommand.self, Audit.self, Sandbox.self]
    )

    public init() {}
}
