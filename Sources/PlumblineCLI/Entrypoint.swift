import ArgumentParser
import Foundation

/// What `main.swift` calls, and what tests call to run a command in-process.
public enum Entrypoint {
    /// Runs the command line of this process and exits with the command's status.
    public static func main() async {
        var runtime = Runtime.process
        runtime.exitsAfterCommand = true
        let status = await Runtime.$current.withValue(runtime) { await run(Array(CommandLine.arguments.dropFirst())) }
        exit(status)
    }

    /// Parses `arguments`, runs the command with output going to `Console.current`, and returns
    /// the exit status instead of exiting, so tests can check stdout, stderr and the code.
    public static func run(_ arguments: [String]) async -> Int32 {
        let console = Console.current
        do {
            var command = try PlumblineCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch {
            let code = PlumblineCommand.exitCode(for: error)
            let message = PlumblineCommand.fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { console.print(message) } else { console.printError(message) }
            }
            return code.rawValue
        }
    }
}
