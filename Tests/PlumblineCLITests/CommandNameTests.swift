import ArgumentParser
@testable import PlumblineCLI
import PlumblineTestSupport
import Testing

/// Every command names itself. Left unnamed, swift-argument-parser derives the name from the
/// type with `String(describing:)` on each start, and those runtime type lookups are a
/// measurable part of starting plumbline (about 1–2 ms of CPU a run).
@Suite("Command names", .tags(.small))
struct CommandNameTests {
    @Test func everyCommandNamesItself() {
        var unnamed: [String] = []
        var commands: [any ParsableCommand.Type] = [PlumblineCommand.self]
        while let command = commands.popLast() {
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            commands += command.configuration.subcommands
        }
        #expect(unnamed.isEmpty, "give these a commandName: \(unnamed)")
    }
}
