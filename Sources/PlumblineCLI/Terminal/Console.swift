import Foundation
import Synchronization

/// Where a command's output goes. Commands never print directly: they write through the console
/// of the current task, which is the process's stdout/stderr in production and a capture buffer
/// in tests that run commands in-process.
public struct Console: Sendable {
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    /// Whether stdout is a terminal: colours and progress lines only then.
    public let isTerminal: Bool

    public init(isTerminal: Bool, output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.writeOutput = output
        self.writeError = error
    }

    /// Writes `text` and a newline to standard output.
    public func print(_ text: String) { writeOutput(text + "\n") }

    /// Writes `text` as is to standard output.
    public func write(_ text: String) { writeOutput(text) }

    /// Writes `text` and a newline to standard error.
    public func printError(_ text: String) { writeError(text + "\n") }

    /// Writes `text` as is to standard error (a progress line rewritten in place).
    public func printErrorInline(_ text: String) { writeError(text) }

    /// The process's own standard output and error.
    public static var standard: Console {
        Console(
            isTerminal: isatty(STDOUT_FILENO) == 1,
            output: { FileHandle.standardOutput.write(Data($0.utf8)) },
            error: { FileHandle.standardError.write(Data($0.utf8)) }
        )
    }

    /// The console commands of the current task write to.
    @TaskLocal public static var current: Console = .standard
}

/// A console that keeps what was written, for in-process tests of commands.
public final class CapturedConsole: Sendable {
    private final class Buffers: Sendable {
        let text = Mutex<(output: String, error: String)>(("", ""))
    }

    private let buffers = Buffers()
    public let console: Console

    public init(isTerminal: Bool = false) {
        let buffers = self.buffers
        console = Console(
            isTerminal: isTerminal,
            output: { text in buffers.text.withLock { $0.output += text } },
            error: { text in buffers.text.withLock { $0.error += text } }
        )
    }

    public var output: String { buffers.text.withLock { $0.output } }
    public var error: String { buffers.text.withLock { $0.error } }
}
