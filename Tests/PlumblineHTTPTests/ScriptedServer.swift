import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SandboxSupport
import Synchronization

/// A loopback server whose answers a test scripts: each path answers from a queue of canned
/// responses (then 200 "ok"), and the server counts attempts and the most requests it saw at once.
final class ScriptedServer: Sendable {
    struct Canned: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String = ""
        var delayMilliseconds: Int = 0
    }

    private struct State {
        var queues: [String: [Canned]] = [:]
        var attempts: [String: Int] = [:]
        var inFlight = 0
        var maxInFlight = 0
    }

    private let state = Mutex(State())

    func script(_ path: String, _ responses: [Canned]) {
        state.withLock { $0.queues[path, default: []] += responses }
    }

    func attempts(_ path: String) -> Int { state.withLock { $0.attempts[path] ?? 0 } }
    var maxInFlight: Int { state.withLock { $0.maxInFlight } }

    private func next(for path: String) -> Canned {
        state.withLock { state in
            state.attempts[path, default: 0] += 1
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            guard var queue = state.queues[path], !queue.isEmpty else { return Canned(status: 200, body: "ok") }
            let canned = queue.removeFirst()
            state.queues[path] = queue
            return canned
        }
    }

    private func finish() { state.withLock { $0.inFlight -= 1 } }

    /// Runs the server for the duration of `body`, passing its base URL.
    func run<T: Sendable>(_ body: (URL) async throws -> T) async throws -> T {
        var logger = Logger(label: "scripted")
        logger.logLevel = .warning
        return try await SandboxServer.withRunning(host: "127.0.0.1") { onServerRunning in
            let router = Router(context: SandboxRequestContext.self)
            router.on("{path}", method: .get) { request, _ in try await self.answer(request) }
            router.on("{path}", method: .post) { request, _ in try await self.answer(request) }
            router.on("{path}", method: .put) { request, _ in try await self.answer(request) }
            return Application(
                router: router,
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning,
                logger: logger
            )
        } body: { address in
            try await body(URL(string: address.baseURL)!)
        }
    }

    private func answer(_ request: Request) async throws -> Response {
        let canned = next(for: request.uri.path)
        defer { finish() }
        if canned.delayMilliseconds > 0 { try await Task.sleep(for: .milliseconds(canned.delayMilliseconds)) }
        var headers = HTTPFields()
        for (name, value) in canned.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
        return Response(status: .init(code: canned.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: canned.body)))
    }
}
