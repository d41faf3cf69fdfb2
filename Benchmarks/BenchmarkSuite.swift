import Foundation
import MedplumSandbox
import PlumblineCLI
import PlumblineCore
import SandboxSupport
import SandboxFixtures

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The measurements of issue 6: a no-change plan over 2,000 people beside a bare loop fetching
/// the same pages, and an apply of 500 new people and 50 policies at the default concurrency and
/// at `--concurrency 1`. Wall times are medians of repeated runs; request counts come from the
/// sandbox's `/_sandbox/stats`.
enum BenchmarkSuite {
    static func run(quick: Bool, sizes: [Int]?, scaleOnly: Bool = false) async -> String {
        var lines = ["# plumbline benchmarks", "", Machine.description, "", Machine.binary, ""]
        if scaleOnly { return (lines + (await ScaleBenchmark.run(sizes: sizes ?? [1_000]))).joined(separator: "\n") + "\n" }
        do {
            lines += try await noChangePlan(people: quick ? 500 : 2_000, repetitions: quick ? 1 : 3)
            lines += [""]
            lines += try await apply(people: quick ? 100 : 500, policies: quick ? 10 : 50)
            lines += [""]
            lines += try await StytchBenchmark.run(people: quick ? 500 : 2_000, newMembers: quick ? 100 : 500)
            lines += [""]
            lines += try await SessionBenchmark.run(members: quick ? 200 : 2_000)
        } catch {
            lines.append("benchmark failed: \(error)")
        }
        lines += [""]
        lines += await ScaleBenchmark.run(sizes: sizes ?? (quick ? [1_000] : [1_000, 10_000, 50_000]))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: No-change plan

    static func noChangePlan(people: Int, repetitions: Int) async throws -> [String] {
        let fixture = ScaleFixture(people: people)
        let manifests = try TemporaryManifests(fixture.manifestFiles)
        let credentials = MedplumSandboxCredentials.generate()
        var configuration = MedplumSandboxConfiguration(seed: fixture.medplumSeed(projectId: credentials.projectId))
        configuration.credentials = credentials
        return try await MedplumSandbox.withRunning(configuration) { sandbox in
            let variables = Variables.medplum(sandbox)
            var planTimes: [Duration] = [], loopTimes: [Duration] = []
            var planRequests: [String: Int] = [:], loopRequests: [String: Int] = [:]
            for _ in 0..<repetitions {
                sandbox.controls.stats.reset()
                let (status, time) = await InProcess.run(["plan", "--manifests", manifests.directory], variables: variables)
                guard status == 0 else { throw BenchmarkError("the no-change plan exited \(status)") }
                planTimes.append(time)
                planRequests = sandbox.controls.stats.snapshot().requests.byRoute
                sandbox.controls.stats.reset()
                loopTimes.append(try await BareLoop.fetch(sandbox))
                loopRequests = sandbox.controls.stats.snapshot().requests.byRoute
            }
            let plan = median(planTimes), loop = median(loopTimes)
            return [
                "## No-change plan over \(people) people (Medplum)", "",
                "| | wall time (median of \(repetitions)) | requests |", "| --- | --- | --- |",
                "| `plumbline plan` | \(format(plan)) | \(planRequests.values.reduce(0, +)) |",
                "| bare loop over the same pages | \(format(loop)) | \(loopRequests.values.reduce(0, +)) |",
                "", "Ratio plan / bare loop: \(String(format: "%.2f", seconds(plan) / max(seconds(loop), 0.000_001)))", "",
                "Requests of the plan by endpoint:", "",
            ] + planRequests.sorted { $0.key < $1.key }.map { "- `\($0.key)`: \($0.value)" }
        }
    }

    // MARK: Apply

    static func apply(people: Int, policies: Int) async throws -> [String] {
        let fixture = ScaleFixture(people: people, policies: policies)
        var rows: [String] = []
        var times: [Int: Duration] = [:]
        for concurrency in [8, 1] {
            let manifests = try TemporaryManifests(fixture.manifestFiles)
            let (time, requests, status) = try await MedplumSandbox.withRunning(MedplumSandboxConfiguration()) { sandbox in
                // A real server is across a network and does real work per write; the loopback
                // sandbox answers in microseconds on the same two cores as the client. Each write
                // waits `latency` so concurrency is measured against a realistic round trip.
                try sandbox.controls.faults.arm([
                    FaultRule(method: "POST", pathPrefix: "/", count: 1_000_000, delayMs: latencyMilliseconds),
                    FaultRule(method: "PUT", pathPrefix: "/", count: 1_000_000, delayMs: latencyMilliseconds),
                ])
                let (status, time) = await InProcess.run(
                    ["apply", "--manifests", manifests.directory, "--yes", "--concurrency", "\(concurrency)"],
                    variables: Variables.medplum(sandbox)
                )
                return (time, sandbox.controls.stats.snapshot().requests.byRoute, status)
            }
            guard status == 0 else { throw BenchmarkError("apply --concurrency \(concurrency) exited \(status)") }
            times[concurrency] = time
            let rate = Double(people + policies) / max(seconds(time), 0.000_001)
            let endpoints = requests.sorted { $0.key < $1.key }.map { "`\($0.key)` \($0.value)" }.joined(separator: ", ")
            rows.append("| \(concurrency) | \(format(time)) | \(String(format: "%.0f", rate)) changes/s | \(requests.values.reduce(0, +)) | \(endpoints) |")
        }
        let speedUp = seconds(times[1] ?? .zero) / max(seconds(times[8] ?? .zero), 0.000_001)
        return [
            "## Apply of \(people) new people and \(policies) policies (Medplum)", "",
            "Every write to the sandbox waits \(latencyMilliseconds) ms (fault injection), standing in for the network round trip and server work of a real Medplum.", "",
            "| concurrency | wall time | throughput | requests | by endpoint |", "| --- | --- | --- | --- | --- |",
        ] + rows + ["", "Speed-up of the default concurrency (8) over `--concurrency 1`: \(String(format: "%.1f", speedUp))×"]
    }

    static let latencyMilliseconds = 20

    static func median(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
    static func format(_ duration: Duration) -> String { String(format: "%.3f s", seconds(duration)) }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
