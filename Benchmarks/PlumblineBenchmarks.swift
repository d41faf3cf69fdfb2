import ArgumentParser
import Foundation
import PlumblineCLI

/// `swift build -c release && swift run -c release plumbline-benchmarks [--quick] [--sizes 1000,10000,50000] [--write]`:
/// measures plumbline against the sandboxes on this machine and prints a Markdown report (with
/// --write, also to Benchmarks/results.md). The scale runs start the release `plumbline` binary.
@main
struct PlumblineBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plumbline-benchmarks",
        abstract: "Measure plumbline against its sandboxes and print a Markdown report.",
        discussion: "A full run takes about 20 minutes on 2 cores; build with `swift build -c release` first, as the scale runs start the release `plumbline` binary."
    )

    @Flag(help: "Smaller runs, and only 1,000 people at scale: a check that the benchmark works.")
    var quick = false

    @Option(help: ArgumentHelp("The numbers of people of the scale runs, comma-separated.", valueName: "n,n,..."), transform: PlumblineBenchmarks.sizes)
    var sizes: [Int]?

    @Flag(help: "Only the scale runs.")
    var scaleOnly = false

    @Flag(help: "Also store the report in Benchmarks/results.md.")
    var write = false

    @Option(help: ArgumentHelp("The plumbline binary the runs start, such as one built with --static-swift-stdlib as the image is (default: the one beside this benchmark).", valueName: "path"))
    var plumbline: String?

    @Option(help: ArgumentHelp("Keep sandboxes seeded with this many people running, and print the variables to export (for profiling by hand).", valueName: "people"))
    var serve: Int?

    @Flag(help: "Run the scale benchmark's bare loop once, against the servers named by plumbline's variables (the benchmark runs it as a child process).")
    var bareLoop = false

    func validate() throws {
        if let serve, serve < 1 { throw ValidationError("--serve takes a number of people, at least 1") }
        if let plumbline, !FileManager.default.isExecutableFile(atPath: plumbline) {
            throw ValidationError("--plumbline \(plumbline) is not an executable file")
        }
        let modes = (serve == nil ? 0 : 1) + (bareLoop ? 1 : 0)
        let reportOptions = quick || sizes != nil || scaleOnly || write || plumbline != nil
        if modes > 1 || (modes == 1 && reportOptions) {
            throw ValidationError("--serve and --bare-loop each run alone: give one of them and no other option")
        }
    }

    func run() async throws {
        if let serve { return try await ScaleBenchmark.serve(people: serve) }
        if bareLoop {
            // The scale benchmark's bare loop in a process of its own, as a plan runs.
            _ = try await BareLoop.fetchBoth(BareLoop.Servers(variables: ProcessInfo.processInfo.environment))
            return
        }
        let report = await ChildProcess.$chosenPlumbline.withValue(plumbline) {
            await BenchmarkSuite.run(quick: quick, sizes: sizes, scaleOnly: scaleOnly)
        }
        print(report)
        if write {
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("results.md")
            try report.write(to: path, atomically: true, encoding: .utf8)
            print("written to \(path.path)")
        }
    }

    static func sizes(_ text: String) throws -> [Int] {
        let sizes = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--sizes takes numbers of people separated by commas, such as 1000,10000")
        }
        return sizes.compactMap { $0 }
    }
}
