import ArgumentParser
import Foundation
import PlumblineCore
import UnixSignals

extension PlumblineCommand {
    /// `plumbline run JOB`: runs a job file (DESIGN §6) for cron, a Kubernetes CronJob or CI.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a job: its steps in order, within its limits, leaving a report and metrics.",
            discussion: """
                Exits with the worst step's code (DESIGN §3). On SIGTERM or SIGINT the run starts no new write, \
                lets writes in flight finish, releases its lease and writes its report.
                """
        )

        @Argument(help: ArgumentHelp("A job file (kind: Job).", valueName: "job"))
        var jobFile: String

        @Flag(name: .long, help: "Run against emulators started inside this run, seeded with a demo project.")
        var sandbox = false

        func run() async throws {
            let job = try load()
            let stop = StopFlag()
            let runner = JobRunner(job: job, jobFile: jobFile, sandbox: sandbox, stop: stop)
            let status = await withTaskGroup(of: Int32?.self) { group in
                group.addTask {
                    for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                        Console.current.printError("received \(signal): finishing writes in flight, then stopping")
                        stop.stop()
                    }
                    return nil
                }
                group.addTask { await runner.run() }
                var status: Int32 = 0
                for await result in group {
                    if let result {
                        status = result
                        group.cancelAll()
                    }
                }
                return status
            }
            if status != 0 { throw ExitCode(status) }
        }

        /// Reads and validates the job file itself (exit 65 when it is invalid).
        private func load() throws -> JobManifest {
            guard let data = FileManager.default.contents(atPath: jobFile) else {
                throw CommandFailure.exit(.usage, "cannot read job file '\(jobFile)'")
            }
            let file: SourceFile
            switch SourceFile.decode(path: jobFile, bytes: Array(data)) {
            case .success(let decoded): file = decoded
            case .failure(let problem):
                Console.current.write(DiagnosticsRenderer.text([problem]))
                throw CommandFailure.exit(.invalidManifests, "the job file is invalid")
            }
            let report = Validator.validate([file])
            if report.hasErrors {
                Console.current.write(DiagnosticsRenderer.text(report.diagnostics))
                throw CommandFailure.exit(.invalidManifests, "the job file is invalid; nothing was run")
            }
            guard report.manifests.jobs.count == 1, let job = report.manifests.jobs.first else {
                throw CommandFailure.exit(.usage, "'\(jobFile)' must hold exactly one document of kind Job")
            }
            return job
        }
    }
}
