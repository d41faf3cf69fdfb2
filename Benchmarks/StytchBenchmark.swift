import Foundation
import SandboxFixtures

/// Issue 7's measurements, both systems at once: a no-change plan over 2,000 people in 4
/// organizations beside a bare loop over the same pages, and an apply creating 500 Stytch
/// members (their Medplum side already in place) at the default concurrency and at
/// `--concurrency 1`, each Stytch write delayed as a real server's round trip would be, at two latencies.
enum StytchBenchmark {
    static func run(people: Int, newMembers: Int) async throws -> [String] {
        let fixture = ScaleFixture(people: people, organizations: 4, policies: 3, stytch: true)
        let manifests = try TemporaryManifests(fixture.manifestFiles)
        let (plan, loop) = try await ScaleBenchmark.withSandboxes(fixture) { measured, _, bareLoop, _ in
            var plans: [ScaleBenchmark.Run] = [], loops: [(Duration, Int)] = []
            for _ in 0..<3 {
                plans.append(try await measured("no-change plan", ["plan", "--manifests", manifests.directory], [0]))
                loops.append(try await bareLoop())
            }
            return (plans.sorted { $0.outcome.wallTime < $1.outcome.wallTime }[1], loops.sorted { $0.0 < $1.0 }[1])
        }
        var lines = [
            "## Both systems: no-change plan over \(people) people in 4 organizations", "",
            "| | wall time (median of 3) | requests |", "| --- | --- | --- |",
            "| `plumbline plan` | \(BenchmarkSuite.format(plan.outcome.wallTime)) | \(plan.total) |",
            "| bare loop over the same pages | \(BenchmarkSuite.format(loop.0)) | \(loop.1) |",
            "", "Requests of the plan by endpoint: " + plan.requests.sorted { $0.key < $1.key }.map { "`\($0.key)` \($0.value)" }.joined(separator: ", "), "",
        ]
        let applying = ScaleFixture(people: newMembers, organizations: 4, policies: 3, stytch: true)
        let applyManifests = try TemporaryManifests(applying.manifestFiles)
        lines += [
            "## Apply of \(newMembers) new Stytch members", "",
            "Every Stytch write waits the given latency (fault injection); plumbline keeps to 100 requests/s against Stytch, ",
            "so concurrency can speed writes up by at most 100/s over one request's rate. \(BenchmarkSuite.latencyMilliseconds) ms is the ",
            "latency used for Medplum above; 100 ms stands for a round trip across the internet to a hosted API and its work.", "",
            "| latency | concurrency | wall time | writes/s | requests | by endpoint |", "| --- | --- | --- | --- | --- | --- |",
        ]
        var speedUps: [String] = []
        for latency in [BenchmarkSuite.latencyMilliseconds, 100] {
            var times: [Int: Duration] = [:]
            for concurrency in [8, 1] {
                let run = try await ScaleBenchmark.withSandboxes(applying, stytchMembers: false, stytchWriteLatency: latency) { measured, _, _, _ in
                    try await measured("apply", ["apply", "--manifests", applyManifests.directory, "--yes", "--concurrency", "\(concurrency)"], [0])
                }
                times[concurrency] = run.outcome.wallTime
                let rate = Double(newMembers) / max(BenchmarkSuite.seconds(run.outcome.wallTime), 0.000_001)
                lines.append(
                    "| \(latency) ms | \(concurrency) | \(BenchmarkSuite.format(run.outcome.wallTime)) | \(Int(rate)) | \(run.total) | "
                        + run.requests.sorted { $0.key < $1.key }.map { "`\($0.key)` \($0.value)" }.joined(separator: ", ") + " |"
                )
            }
            let speedUp = BenchmarkSuite.seconds(times[1] ?? .zero) / max(BenchmarkSuite.seconds(times[8] ?? .zero), 0.000_001)
            let ceiling = 100 / (Double(newMembers) / max(BenchmarkSuite.seconds(times[1] ?? .zero), 0.000_001))
            speedUps.append("\(latency) ms: \(String(format: "%.1f", speedUp))× (the 100/s limit allows at most \(String(format: "%.1f", ceiling))×)")
        }
        return lines + ["", "Speed-up of the default concurrency (8) over `--concurrency 1`: " + speedUps.joined(separator: "; ")]
    }
}
