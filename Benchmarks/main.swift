import Foundation
import PlumblineCLI

// `swift run -c release plumbline-benchmarks [--write]`: measures plumbline against the sandboxes
// on this machine and prints a Markdown report (with --write, also to Benchmarks/results.md).
let arguments = Array(CommandLine.arguments.dropFirst())
let report = await BenchmarkSuite.run(quick: arguments.contains("--quick"))
print(report)
if arguments.contains("--write") {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("results.md")
    try report.write(to: path, atomically: true, encoding: .utf8)
    print("written to \(path.path)")
}
