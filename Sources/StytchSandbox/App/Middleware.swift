import Foundation
import Hummingbird
import Logging
import SandboxSupport

/// Renders every failure of an API request as Stytch's error body (contract §1.6), so that no
/// response, not even an unexpected one, lacks the five fields the SDKs parse.
struct StytchErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !request.uri.path.hasPrefix("/_sandbox/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as StytchError {
            return try error.render()
        } catch let error as any HTTPResponseError {
            return try StytchError.forStatus(error.status).render()
        } catch {
            context.logger.error("unexpected error: \(error)")
            return try StytchError.internalServerError.render()
        }
    }
}

/// HTTP Basic authentication (contract §1.2, §8.1): project id and secret on the B2B API, the
/// workspace management key on `/pwa/`. Neither pair is accepted on the other surface. The JWKS
/// is public, as a JWKS must be: the SDK's `PyJWKClient` fetches it without credentials.
struct StytchAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let credentials: StytchSandboxCredentials

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix("/_sandbox/"), !path.hasPrefix("/v1/b2b/sessions/jwks/") else {
            return try await next(request, context)
        }
        let expected =
            path.hasPrefix("/pwa/")
            ? (credentials.managementKeyId, credentials.managementSecret) : (credentials.projectId, credentials.secret)
        guard let given = Self.basicCredentials(request.headers[.authorization]), given == expected else {
            throw StytchError.unauthorizedCredentials
        }
        return try await next(request, context)
    }

    /// The user and password of a `Basic` authorization header.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else {
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

/// Fixed-window rate limits per endpoint (contract §9): 429 `too_many_requests`, with
/// `Retry-After` only when configured.
struct StytchRateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limits: StytchSandboxLimits
    let routes: APIRouteTable
    let clock: SandboxClock
    let limiter: FixedWindowLimiters

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !request.uri.path.hasPrefix("/_sandbox/") else { return try await next(request, context) }
        let endpoint = routes.endpoint(method: request.method, path: request.uri.path)
        let limit = limits.limit(for: endpoint)
        guard limit.requests >= 0 else { return try await next(request, context) }
        let decision = limiter.limiter(windowSeconds: limit.windowSeconds)
            .consume(key: endpoint, limit: limit.requests, now: clock.now())
        guard decision.allowed else {
            var headers: HTTPFields = [:]
            if limits.retryAfter { headers[.retryAfter] = String(max(1, decision.secondsBeforeReset)) }
            return try StytchError.tooManyRequests.render(extraHeaders: headers)
        }
        return try await next(request, context)
    }
}

/// One wall-clock-aligned limiter per window length, created up front from the configuration.
struct FixedWindowLimiters: Sendable {
    private let byWindow: [Double: FixedWindowLimiter]

    init(limits: StytchSandboxLimits) {
        let windows = Set([limits.search.windowSeconds, limits.other.windowSeconds] + limits.overrides.values.map(\.windowSeconds))
        byWindow = Dictionary(uniqueKeysWithValues: windows.map { ($0, FixedWindowLimiter(window: $0, alignment: .wallClock)) })
    }

    func limiter(windowSeconds: Double) -> FixedWindowLimiter {
        byWindow[windowSeconds] ?? FixedWindowLimiter(window: windowSeconds, alignment: .wallClock)
    }
}

/// Dispatches API requests through the route table; unknown paths are 404 `route_not_found`,
/// known paths with another method 405 `method_not_allowed`.
struct StytchDispatchMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: APIRouteTable
    let store: StytchStore

    /// Bodies are small JSON documents; this is far above any the API takes.
    static var maxBodySize: Int { 8 * 1024 * 1024 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix("/_sandbox/") else { return try await next(request, context) }
        switch routes.match(method: request.method, path: path) {
        case .notFound: throw StytchError.routeNotFound(request.method.rawValue, path)
        case .methodNotAllowed: throw StytchError.methodNotAllowed(request.method.rawValue, path)
        case .found(let route, let parameters):
            let buffer = try await request.body.collect(upTo: Self.maxBodySize)
            let call = StytchCall(
                request: request, parameters: parameters, query: StytchCall.parseQuery(request.uri.query),
                body: Data(buffer.readableBytesView), store: store)
            return try await route.handler(call)
        }
    }
}
