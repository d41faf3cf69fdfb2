import Foundation
import PlumblineCLI

// `swift build -c release && swift run -c release plumbline-benchmarks [--quick] [--sizes 1000,10000,50000] [--write]`:
// measures plumbline against the sandboxes on this machine and prints a Markdown report (with
// --write, also to Benchmarks/results.md). The scale runs start the release `plumbline` binary.
let arguments = Array(CommandLine.arguments.dropFirst())
if let index = arguments.firstIndex(of: "--serve"), arguments.indices.contains(index + 1), let people = Int(arguments[index + 1]) {
    try await ScaleBenchmark.serve(people: people)
    exit(0)
}
if arguments.contains("--bare-loop") {
    // The scale benchmark's bare loop in a process of its own, as a plan runs: the servers come
    // from the variables plumbline reads.
    _ = try await BareLoop.fetchBoth(BareLoop.Servers(variables: ProcessInfo.processInfo.environment))
    exit(0)
}
let sizes = arguments.firstIndex(of: "--sizes").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
    .map { $0.split(separator: ",").compactMap { Int($0) } }
let report = await BenchmarkSuite.run(quick: arguments.contains("--quick"), sizes: sizes, scaleOnly: arguments.contains("--scale-only"))
print(report)
if arguments.contains("--write") {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("results.md")
    try report.write(to: path, atomically: true, encoding: .utf8)
    print("written to \(path.path)")
}
