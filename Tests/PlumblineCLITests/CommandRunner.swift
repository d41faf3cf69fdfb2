import PlumblineCLI
import Testing

/// The outcome of running a command in-process.
struct CommandResult {
    let status: Int32
    let output: String
    let error: String
}

/// Runs `plumbline ARGUMENTS` in-process with its output captured.
func runPlumbline(_ arguments: [String]) async -> CommandResult {
    let captured = CapturedConsole()
    let status = await Console.$current.withValue(captured.console) {
        await Entrypoint.run(arguments)
    }
    return CommandResult(status: status, output: captured.output, error: captured.error)
}
