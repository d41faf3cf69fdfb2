import Foundation

/// What a command reads from the process besides its arguments: environment variables, the
/// clock and standard input. A task-local value, so tests run commands in-process with their own.
public struct Runtime: Sendable {
    public var variables: [String: String]
    public var now: @Sendable () -> Date
    /// One line of standard input, or nil at its end.
    public var readLine: @Sendable () -> String?
    /// Whether standard input is a terminal (a confirmation can be asked).
    public var inputIsTerminal: Bool
    /// Whether the process exits as soon as the command returns (`Entrypoint.main`), so what
    /// the command read can be left to the operating system (`ExitTeardown`).
    public var exitsAfterCommand = false

    public init(
        variables: [String: String], now: @escaping @Sendable () -> Date = { Date() },
        readLine: @escaping @Sendable () -> String? = { Swift.readLine() }, inputIsTerminal: Bool = false
    ) {
        self.variables = variables
        self.now = now
        self.readLine = readLine
        self.inputIsTerminal = inputIsTerminal
    }

    public static var process: Runtime {
        Runtime(variables: ProcessInfo.processInfo.environment, inputIsTerminal: isatty(STDIN_FILENO) == 1)
    }

    @TaskLocal public static var current: Runtime = .process
}
