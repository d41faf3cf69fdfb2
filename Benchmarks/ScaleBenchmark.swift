import Foundation
import MedplumSandbox
import PlumblineCore
import SandboxFixtures
import SandboxSupport
import StytchSandbox

/// Issue 11's measurements, at each size across 20 organizations, both systems: a no-change
/// plan beside a bare loop fetching the same pages in the same run, an apply of a 1% change,
/// drift and the session audit. Each plumbline run is the release binary in a child process, so
/// its peak memory is its own; request counts come from the sandboxes' `/_sandbox/stats`.
enum ScaleBenchmark {
    static let organizations = 20

    /// One plumbline run: its exit, time, peak memory and requests by server and endpoint.
    struct Run {
        let label: String
        let outcome: ChildProcess.Outcome
        let requests: [String: Int]
        var total: Int { requests.values.reduce(0, +) }
    }

    struct SizeResult {
        let people: Int
        let seedTime: Duration
        let plan: Run
        let bareLoop: (time: Duration, requests: Int)
        /// The same bare loop in a process of its own (`--bare-loop`), which pays a process's
        /// start as a plan does.
        let bareLoopProcess: Duration
        let apply: Run
        let changes: Int
        let drift: Run
        let sessions: Run
        var runs: [Run] { [plan, apply, drift, sessions] }
    }

    static func run(sizes: [Int]) async -> [String] {
        var results: [SizeResult] = []
        var lines: [String] = []
        for people in sizes {
            do {
                let result = try await measure(people: people)
                results.append(result)
                FileHandle.standardError.write(Data("measured \(people) people\n".utf8))
            } catch {
                lines.append("Scale benchmark at \(people) people failed: \(error)")
            }
        }
        return report(results) + lines
    }

    /// `--serve N`: both sandboxes seeded with N people until killed, for profiling plumbline by
    /// hand; prints the manifests' directory and the variables to export.
    static func serve(people: Int) async throws {
        let fixture = ScaleFixture(people: people, organizations: organizations, policies: 3, stytch: true)
        let manifests = try TemporaryManifests(fixture.manifestFiles)
        let changed = try TemporaryManifests(fixture.changing(every: 100).manifestFiles)
        try await withSandboxes(fixture) { _, _, bareLoop, variables in
            let lines = ["manifests: \(manifests.directory)", "changed: \(changed.directory)"]
                + variables.sorted { $0.key < $1.key }.map { "export \($0.key)=\($0.value)" }
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            // The bare loop's best of three, the figure a hand-timed plan is compared with.
            var best = Duration.seconds(86_400)
            for _ in 0..<3 { best = min(best, try await bareLoop().0) }
            FileHandle.standardOutput.write(Data("bare loop: \(BenchmarkSuite.format(best))\n".utf8))
            try await Task.sleep(for: .seconds(86_400))
        }
    }

    /// Both sandboxes seeded with `fixture`, the variables its manifests read, and a runner of
    /// plumbline that counts each run's requests.
    static func withSandboxes<T: Sendable>(
        _ fixture: ScaleFixture, stytchMembers: Bool = true, stytchWriteLatency: Int? = nil, _ body: (_ measured: (String, [String], Set<Int32>) async throws -> Run, _ seedTime: Duration, _ bareLoop: () async throws -> (Duration, Int), _ variables: [String: String]) async throws -> T
    ) async throws -> T {
        let clock = ContinuousClock()
        let seedStart = clock.now
        let credentials = MedplumSandboxCredentials.generate()
        var medplumConfiguration = MedplumSandboxConfiguration(seed: fixture.medplumSeed(projectId: credentials.projectId))
        medplumConfiguration.credentials = credentials
        // The search limit at 100/second, the current API reference's figure: the emulator's
        // default (the SDK's stricter 100/minute) would make this one-process run wait out
        // windows that separate runs of plumbline never share.
        let stytchConfiguration = StytchSandboxConfiguration(
            seed: fixture.stytchSeed(now: Date(), members: stytchMembers), limits: StytchSandboxLimits(search: .init(requests: 100, windowSeconds: 1))
        )
        return try await MedplumSandbox.withRunning(medplumConfiguration) { medplum in
            try await StytchSandbox.withRunning(stytchConfiguration) { stytch in
                if let latency = stytchWriteLatency {
                    try stytch.controls.faults.arm(["POST", "PUT", "DELETE"].map { FaultRule(method: $0, pathPrefix: "/v1/", count: 1_000_000, delayMs: latency) })
                }
                let seedTime = clock.now - seedStart
                let variables = Variables.medplum(medplum).merging(Variables.stytch(stytch)) { $1 }
                func reset() {
                    medplum.controls.stats.reset()
                    stytch.controls.stats.reset()
                }
                func measured(_ label: String, _ arguments: [String], expecting: Set<Int32>) async throws -> Run {
                    reset()
                    let outcome = try await ChildProcess.run(arguments, variables: variables)
                    guard expecting.contains(outcome.status) else {
                        throw BenchmarkError("\(label) at \(fixture.people) people exited \(outcome.status): \(outcome.standardError.suffix(2_000))")
                    }
                    let requests = prefixed("medplum", medplum.controls.stats.snapshot().requests.byRoute)
                        .merging(prefixed("stytch", stytch.controls.stats.snapshot().requests.byRoute)) { $0 + $1 }
                    return Run(label: label, outcome: outcome, requests: requests)
                }
                func bareLoop() async throws -> (Duration, Int) {
                    reset()
                    let time = try await BareLoop.fetchBoth(medplum, stytch)
                    return (time, medplum.controls.stats.snapshot().requests.total + stytch.controls.stats.snapshot().requests.total)
                }
                return try await body(measured, seedTime, bareLoop, variables)
            }
        }
    }

    static func measure(people: Int) async throws -> SizeResult {
        let fixture = ScaleFixture(people: people, organizations: organizations, policies: 3, stytch: true)
        let changed = fixture.changing(every: 100)
        let original = try TemporaryManifests(fixture.manifestFiles)
        let changedManifests = try TemporaryManifests(changed.manifestFiles)
        return try await withSandboxes(fixture) { measured, seedTime, bareLoop, variables in
            // The best of five runs of each, plan and bare loops alternating, so all see the
            // same warm sandboxes and the same moments of a shared machine's noise.
            var plans: [Run] = [], loops: [(Duration, Int)] = [], loopProcesses: [Duration] = []
            for _ in 0..<5 {
                plans.append(try await measured("no-change plan", ["plan", "--manifests", original.directory], [0]))
                loops.append(try await bareLoop())
                let process = try await ChildProcess.run(["--bare-loop"], variables: variables, executable: ChildProcess.benchmarks)
                guard process.status == 0 else { throw BenchmarkError("the bare loop's own process exited \(process.status): \(process.standardError.suffix(2_000))") }
                loopProcesses.append(process.wallTime)
            }
            let plan = plans.min { $0.outcome.wallTime < $1.outcome.wallTime }!
            let loop = loops.min { $0.0 < $1.0 }!
            let apply = try await measured("apply of a 1% change", ["apply", "--manifests", changedManifests.directory, "--yes"], [0])
            let drift = try await measured("drift (the 1% change seen from the original manifests)", ["drift", "--manifests", original.directory], [2])
            let sessions = try await measured("session audit", ["sessions", "--manifests", original.directory], [0, 2])
            return SizeResult(
                people: people, seedTime: seedTime, plan: plan, bareLoop: (loop.0, loop.1), bareLoopProcess: loopProcesses.min()!, apply: apply,
                changes: changed.changed.count * 2, drift: drift, sessions: sessions
            )
        }
    }

    static func prefixed(_ server: String, _ routes: [String: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: routes.map { ("\(server) \($0.key)", $0.value) })
    }

    /// A no-change plan's floor: a token, then one page of 1000 per object type and system.
    static func floor(people: Int) -> Int {
        let pages = { (count: Int) in (count + 999) / 1000 }
        let medplum = 1 + pages(3) + pages(1) + pages(people + 1)
        let stytch = pages(organizations) + pages(people)
        return medplum + stytch
    }

    // MARK: Report

    static func report(_ results: [SizeResult]) -> [String] {
        guard !results.isEmpty else { return [] }
        var lines = [
            "## Scale: \(results.map { "\($0.people)" }.joined(separator: ", ")) people across \(organizations) organizations, Medplum and Stytch", "",
            "Each person has a Medplum membership (3 access policies) and a Stytch member with one live session. Each plumbline run is the release binary in a child process; memory is its peak RSS.", "",
            "| people | seed | operation | exit | wall time | requests | peak RSS |", "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for result in results {
            for run in result.runs {
                lines.append("| \(result.people) | \(BenchmarkSuite.format(result.seedTime)) | \(run.label) | \(run.outcome.status) | \(BenchmarkSuite.format(run.outcome.wallTime)) | \(run.total) | \(megabytes(run.outcome.peakMemory)) |")
            }
        }
        lines += [
            "", "### No-change plan against its targets", "",
            "The ratio compares the plan, a process of its own, with the bare loop run inside the benchmark's process. The last two columns time the same loop in a process of its own (`plumbline-benchmarks --bare-loop`), which pays a process's start as the plan does.", "",
            "| people | requests | floor (token + ⌈N/1000⌉ per type and system) | extra reads | plan | bare loop | ratio | peak RSS | RSS per 1k people | bare loop, own process | ratio to it |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for result in results {
            let plan = BenchmarkSuite.seconds(result.plan.outcome.wallTime)
            let ratio = plan / max(BenchmarkSuite.seconds(result.bareLoop.time), 0.000_001)
            let processRatio = plan / max(BenchmarkSuite.seconds(result.bareLoopProcess), 0.000_001)
            let floor = floor(people: result.people)
            lines.append("| \(result.people) | \(result.plan.total) | \(floor) | \(result.plan.total - floor) | \(BenchmarkSuite.format(result.plan.outcome.wallTime)) | \(BenchmarkSuite.format(result.bareLoop.time)) (\(result.bareLoop.requests) requests) | \(String(format: "%.2f", ratio)) | \(megabytes(result.plan.outcome.peakMemory)) | \(String(format: "%.1f MB", Double(result.plan.outcome.peakMemory) / 1_048_576 / Double(result.people) * 1000)) | \(BenchmarkSuite.format(result.bareLoopProcess)) | \(String(format: "%.2f", processRatio)) |")
        }
        lines += ["", "### Apply, drift and sessions", "", "| people | apply: changes | apply: changes/s | drift: requests | sessions: listings | sessions: achieved rate |", "| --- | --- | --- | --- | --- | --- |"]
        for result in results {
            let applyRate = Double(result.changes) / max(BenchmarkSuite.seconds(result.apply.outcome.wallTime), 0.000_001)
            let listings = result.sessions.requests["stytch GET /v1/b2b/sessions"] ?? 0
            let sessionRate = Double(result.sessions.total) / max(BenchmarkSuite.seconds(result.sessions.outcome.wallTime), 0.000_001)
            lines.append("| \(result.people) | \(result.changes) | \(String(format: "%.0f", applyRate)) | \(result.drift.total) | \(listings) | \(String(format: "%.0f", sessionRate)) requests/s (plumbline's Stytch limit: 100/s) |")
        }
        if let largest = results.last {
            lines += ["", "### Requests by endpoint at \(largest.people) people", ""]
            for run in largest.runs {
                lines.append("- \(run.label): " + run.requests.sorted { $0.key < $1.key }.map { "`\($0.key)` \($0.value)" }.joined(separator: ", "))
            }
        }
        return lines
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_048_576) }
}
