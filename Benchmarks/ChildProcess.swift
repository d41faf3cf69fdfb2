import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the release `plumbline` binary (or this benchmark's own, for the bare loop) as a child
/// process, so its peak memory (the kernel's `ru_maxrss` for that child alone) is measured apart
/// from the sandboxes in this process.
struct ChildProcess {
    struct Outcome {
        let status: Int32
        let wallTime: Duration
        /// Peak resident set size of the child, in bytes.
        let peakMemory: Int
        let standardError: String
    }

    static let gnuTime = "/usr/bin/time"

    /// The binary `--plumbline PATH` chose, such as a build linked as the shipped image is.
    @TaskLocal static var chosenPlumbline: String?

    /// The `plumbline` the runs start: the chosen one, else the one beside this benchmark's own
    /// executable (`swift build -c release` builds both).
    static var plumbline: String {
        chosenPlumbline
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("plumbline").path
    }

    /// This benchmark's own executable, which `--bare-loop` runs as a child.
    static var benchmarks: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    /// Waits on a thread of its own: blocking in `wait4` must not take one of the few threads the
    /// in-process sandboxes serve requests on.
    static func run(_ arguments: [String], variables: [String: String], executable: String = plumbline) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(arguments, variables: variables, executable: executable) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], variables: [String: String], executable: String) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchmarkError("\(executable) is missing: run `swift build -c release` before the benchmarks")
        }
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-bench-\(UUID().uuidString).err").path
        defer { try? FileManager.default.removeItem(atPath: errorPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        // The kernel's ru_maxrss for a child spawned with a shared address space counts this
        // process's memory (the sandboxes) too, from before the exec. GNU time forks its own
        // small child and reports that one's peak alone.
        let memoryPath = errorPath + ".rss"
        defer { try? FileManager.default.removeItem(atPath: memoryPath) }
        let timed = FileManager.default.isExecutableFile(atPath: gnuTime)
        let command = timed ? [gnuTime, "-f", "%M", "-o", memoryPath, executable] : [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let environment = variables.merging(["HOME": NSTemporaryDirectory()]) { first, _ in first }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchmarkError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = clock.now - start
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let standardError = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        let measured = (try? String(contentsOfFile: memoryPath, encoding: .utf8))
            .flatMap { $0.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        return Outcome(status: exitCode, wallTime: elapsed, peakMemory: (measured ?? Int(usage.ru_maxrss)) * 1024, standardError: standardError)
    }
}
