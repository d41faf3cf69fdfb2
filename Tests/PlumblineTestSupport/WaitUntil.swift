import Testing

/// Checks `condition` every `interval` until it holds; fails the test (at the caller's line, with
/// `what` said) once `limit` has passed without it. For waiting on another process or a server's
/// requests in flight, which no callback announces.
public func waitUntil(
    _ what: Comment, every interval: Duration = .milliseconds(10), atMost limit: Duration = .seconds(30),
    sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out after \(limit): \(what)", sourceLocation: sourceLocation)
            throw WaitTimedOut()
        }
        try await Task.sleep(for: interval)
    }
}

/// Thrown by `waitUntil` after recording the failure, to end the test there.
public struct WaitTimedOut: Error {}
