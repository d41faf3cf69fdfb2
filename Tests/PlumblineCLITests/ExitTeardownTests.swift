@testable import PlumblineCLI
import PlumblineTestSupport
import Testing

/// State left to the process's exit is kept only when the process exits right after the
/// command: run in-process, a command frees what it read.
@Suite("Leaving state to the process exit", .tags(.small))
struct ExitTeardownTests {
    final class State: Sendable {}

    @Test func inProcessRunsFreeTheirState() {
        weak var watched: State?
        do {
            let state = State()
            watched = state
            Runtime.$current.withValue(Runtime(variables: [:])) { ExitTeardown.leaveToExit(state) }
        }
        #expect(watched == nil)
    }

    @Test func aProcessAboutToExitKeepsIt() {
        weak var watched: State?
        do {
            let state = State()
            watched = state
            var runtime = Runtime(variables: [:])
            runtime.exitsAfterCommand = true
            Runtime.$current.withValue(runtime) { ExitTeardown.leaveToExit(state) }
        }
        #expect(watched != nil)
    }
}
