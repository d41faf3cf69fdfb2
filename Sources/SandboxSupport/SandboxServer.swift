import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Where a running sandbox listens.
public struct ListeningAddress: Sendable, Equatable {
    public let host: String
    public let port: Int

    /// `http://HOST:PORT/`, the form both vendors' clients expect as a base URL.
    public var baseURL: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "http://\(bracketed):\(port)/"
    }
}

/// Runs Hummingbird applications for exactly as long as a caller needs them: structured, so that
/// a test, a `--sandbox` command or `plumbline sandbox` can never leak a server.
public enum SandboxServer {
    /// Builds an application with `makeApplication`, starts it, waits until it listens, runs `body`
    /// with its address, then shuts it down gracefully and returns `body`'s result.
    ///
    /// `makeApplication` receives the `onServerRunning` callback to pass to the `Application`.
    public static func withRunning<App: ApplicationProtocol, Result: Sendable>(
        host: String,
        makeApplication: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> App,
        body: (ListeningAddress) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try makeApplication { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger)
        )
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await group.run()
                continuation.finish()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                // The server stopped before it listened: surface its error.
                try await tasks.next()
                throw SandboxStartError(message: "the sandbox stopped before it started listening")
            }
            do {
                let result = try await body(ListeningAddress(host: host, port: port))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

/// A sandbox that could not start (for example: the port is taken).
public struct SandboxStartError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
