import ArgumentParser

/// The `plumbline` root command: every verb of DESIGN §3 is a subcommand.
public struct PlumblineCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plumbline",
        abstract: "Keep a healthcare stack's identity and access in line with what its admins declared.",
        subcommands: []
    )

    public init() {}
}
