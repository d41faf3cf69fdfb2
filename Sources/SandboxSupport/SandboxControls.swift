import Foundation
import Hummingbird
import HTTPTypes

/// The test-only controls every sandbox offers under `/_sandbox/` (DESIGN §7): the clock offset,
/// fault injection and request counters. Real servers have no such path, so no client written for
/// them can come to depend on it by accident.
public struct SandboxControls: Sendable {
    public let clock: SandboxClock
    public let stats: RequestStats
    public let faults: FaultInjector

    public init(
        clock: SandboxClock = SandboxClock(),
        stats: RequestStats = RequestStats(),
        faults: FaultInjector = FaultInjector()
    ) {
        self.clock = clock
        self.stats = stats
        self.faults = faults
    }
}

/// Counts every request and applies armed faults before the sandbox handles it.
///
/// `errorResponse` renders the emulated server's own error body for a status, so that an injected
/// 503 or 429 looks exactly like one the real server would send.
public struct SandboxControlMiddleware<Context: ConnectionAwareRequestContext>: RouterMiddleware {
    public let controls: SandboxControls
    public let errorResponse: @Sendable (HTTPResponse.Status) -> Response

    public init(controls: SandboxControls, errorResponse: @escaping @Sendable (HTTPResponse.Status) -> Response) {
        self.controls = controls
        self.errorResponse = errorResponse
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let method = request.method.rawValue
        guard !path.hasPrefix("/_sandbox/") else { return try await next(request, context) }
        return try await controls.stats.record(method: method, path: path) {
            try await answer(request, method: method, path: path, context: context, next: next)
        }
    }

    /// The answer, or the fault armed for it.
    private func answer(
        _ request: Request, method: String, path: String, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let fault = controls.faults.take(method: method, path: path) else {
            return try await next(request, context)
        }
        if let delay = fault.delayMs {
            try await Task.sleep(for: .milliseconds(delay))
        }
        if fault.drop {
            context.channel.close(mode: .all, promise: nil)
            throw DroppedConnection()
        }
        guard let status = fault.status else { return try await next(request, context) }
        var response = errorResponse(HTTPResponse.Status(code: status))
        for (name, value) in fault.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }
}

/// Thrown after an injected fault closed the connection: there is nobody left to answer.
public struct DroppedConnection: Error, Sendable {}

extension Router where Context: ConnectionAwareRequestContext {
    /// Adds `GET|DELETE /_sandbox/stats`, `GET|POST|DELETE /_sandbox/faults` and
    /// `GET|POST /_sandbox/clock`.
    public func addSandboxRoutes(_ controls: SandboxControls) {
        let group = self.group("_sandbox")
        group.get("stats") { _, _ in try jsonResponse(controls.stats.snapshot()) }
        group.delete("stats") { _, _ in
            controls.stats.reset()
            return Response(status: .noContent)
        }
        group.get("faults") { _, _ in try jsonResponse(ArmedFaults(armed: controls.faults.armed)) }
        group.post("faults") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            do {
                try controls.faults.arm(try FaultRequest.decode(Data(body.readableBytesView)))
            } catch let error as FaultRuleError {
                return try jsonResponse(ControlError(error: error.message), status: .badRequest)
            } catch {
                return try jsonResponse(ControlError(error: "invalid fault: \(error)"), status: .badRequest)
            }
            return try jsonResponse(ArmedFaults(armed: controls.faults.armed))
        }
        group.delete("faults") { _, _ in
            controls.faults.clear()
            return Response(status: .noContent)
        }
        group.get("clock") { _, _ in try jsonResponse(ClockState(controls.clock)) }
        group.post("clock") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            guard let change = try? JSONDecoder().decode(ClockChange.self, from: Data(body.readableBytesView)) else {
                return try jsonResponse(ControlError(error: "expected {\"offsetSeconds\": number}"), status: .badRequest)
            }
            controls.clock.setOffset(change.offsetSeconds)
            return try jsonResponse(ClockState(controls.clock))
        }
    }
}

/// `POST /_sandbox/faults` takes one rule, an array of rules, or `{"faults": [rules]}`.
enum FaultRequest {
    struct Wrapped: Decodable { let faults: [FaultRule] }

    static func decode(_ data: Data) throws -> [FaultRule] {
        let decoder = JSONDecoder()
        if let rules = try? decoder.decode([FaultRule].self, from: data) { return rules }
        if let wrapped = try? decoder.decode(Wrapped.self, from: data) { return wrapped.faults }
        return [try decoder.decode(FaultRule.self, from: data)]
    }
}

struct ArmedFaults: Encodable { let armed: [FaultRule] }
struct ControlError: Encodable { let error: String }
struct ClockChange: Decodable { let offsetSeconds: Double }

struct ClockState: Encodable {
    let offsetSeconds: Double
    let now: String

    init(_ clock: SandboxClock) {
        offsetSeconds = clock.offsetSeconds
        now = clock.now().formatted(.iso8601)
    }
}

/// A JSON response with `Content-Type: application/json`.
public func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    return Response(
        status: status,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(bytes: data))
    )
}
