import ArgumentParser
import Foundation
@testable import PlumblineCLI
import PlumblineTestSupport
import Testing

/// Every command names itself. Left unnamed, swift-argument-parser derives the name from the
/// type with `String(describing:)` on each start, and those runtime type lookups are a
/// measurable part of starting plumbline (about 1–2 ms of CPU a run).
@Suite("Command names and help", .tags(.small))
struct CommandNameTests {
    /// `plumbline` and every command under it.
    static var commands: [any ParsableCommand.Type] {
        var found: [any ParsableCommand.Type] = []
        var pending: [any ParsableCommand.Type] = [PlumblineCommand.self]
        while let command = pending.popLast() {
            found.append(command)
            pending += command.configuration.subcommands
        }
        return found
    }

    @Test func everyCommandNamesItself() {
        let unnamed = Self.commands.filter { $0.configuration.commandName == nil }.map { "\($0)" }
        #expect(unnamed.isEmpty, "give these a commandName: \(unnamed)")
    }

    /// The parser wraps help to the terminal's width; a line broken by hand as well comes out
    /// ragged. Only paragraph breaks are kept.
    @Test func helpIsWrappedByTheParserNotByHand() {
        for command in Self.commands {
            let discussion = command.configuration.discussion
            let broken = discussion.components(separatedBy: "\n\n").filter { $0.contains("\n") }
            #expect(broken.isEmpty, "\(command)'s discussion breaks lines by hand (end them with \\): \(broken)")
        }
    }
}
