import HTTPTypes
import Hummingbird
import SandboxSupport
import Synchronization

/// The emulated server's request pipeline, in Medplum's middleware order (contract 1.1):
/// security headers → CORS (preflight answered here) → authentication → request rate limiter →
/// body parsers → routers → error handler.
struct MedplumServer: Sendable {
    let store: MedplumStore
    let key: SigningKey
    let baseURL: BaseURL
    let responseHeaders: ResponseHeaders
    let limits: MedplumSandboxLimits
    let requestLimiter = FixedWindowLimiter(window: 60, alignment: .firstRequest)
    let quota: FhirQuota
    let clock: SandboxClock

    init(store: MedplumStore, key: SigningKey, baseURL: BaseURL, configuration: MedplumSandboxConfiguration) {
        self.store = store
        self.key = key
        self.baseURL = baseURL
        self.responseHeaders = ResponseHeaders(
            allowedOrigins: configuration.allowedOrigins, appBaseURL: configuration.appBaseUrl)
        self.limits = configuration.limits
        self.quota = FhirQuota(limits: configuration.limits)
        self.clock = configuration.clock
    }

    /// Answers one request with Medplum's headers on it.
    func respond(to request: Request, context: some ConnectionAwareRequestContext) async -> Response {
        let incoming = IncomingRequest(request, peerAddress: context.clientAddress)
        let origin = responseHeaders.allowedOrigin(incoming)
        if incoming.method == "OPTIONS", let origin {
            return responseHeaders.preflight(incoming, origin: origin).response(head: false)
        }
        let reply = await pipeline(request, incoming)
        return responseHeaders.decorate(reply, origin: origin).response(head: incoming.method == "HEAD")
    }

    private func pipeline(_ request: Request, _ incoming: IncomingRequest) async -> Reply {
        let auth: AuthState?
        do throws(Outcome) {
            auth = try await authenticate(incoming)
        } catch {
            // Thrown while attaching the request context, so there are no tracing ids yet.
            return .outcome(error, tracing: nil)
        }
        var rateLimit: String?
        if limits.requestsPerMinute >= 0 {
            let decision = consumeRequest(incoming, auth: auth)
            rateLimit = "\"requests\";r=\(decision.remaining);t=\(decision.secondsBeforeReset)"
            guard decision.allowed else {
                var reply = Reply.json(FhirQuota.throttled(decision, limit: decision.limit).json(), status: 429)
                reply.setHeader("RateLimit", rateLimit ?? "")
                return reply
            }
        }
        var reply: Reply
        do throws(Outcome) {
            let body = try await RequestBodyParser.parse(request, contentType: incoming.header("Content-Type"))
            reply = await route(incoming, body: body, auth: auth)
        } catch {
            reply = .outcome(error, tracing: incoming.tracing)
        }
        if let rateLimit {
            reply.setHeader("RateLimit", ([rateLimit] + [reply.fhirInteractions].compactMap { $0 }).joined(separator: ", "))
        }
        return reply
    }

    /// Medplum's `attachRequestContext`: Bearer or Basic credentials, `X-Medplum: extended` and
    /// `X-Medplum-On-Behalf-Of`.
    private func authenticate(_ incoming: IncomingRequest) async throws(Outcome) -> AuthState? {
        let credential = await Credential.parse(incoming.header("Authorization")) { token in
            await store.claims(of: token, key: key)
        }
        guard let credential else { return nil }
        let issuer = baseURL.value
        let now = store.now
        let extended = incoming.header("X-Medplum") == "extended"
        let onBehalfOf = incoming.header("X-Medplum-On-Behalf-Of")
        return try await store.authenticate(
            credential, issuer: issuer, now: now, extendedMode: extended, onBehalfOf: onBehalfOf)
    }

    /// The request limiter: per client IP, with its own bucket for `/auth/*` (but exactly
    /// `/auth/me`) and `/oauth2/*`, and the project's `rateLimit`/`authRateLimit` settings once
    /// the request is authenticated.
    private func consumeRequest(_ incoming: IncomingRequest, auth: AuthState?) -> FixedWindowLimiter.Decision {
        let url = incoming.originalURL
        let isAuthURL = url != "/auth/me" && (url.hasPrefix("/auth/") || url.hasPrefix("/oauth2/"))
        var limit = isAuthURL ? limits.authRequestsPerMinute : limits.requestsPerMinute
        if let auth {
            let name = isAuthURL ? "authRateLimit" : "rateLimit"
            let setting = auth.project["systemSetting"]?.arrayValue?.first { $0["name"]?.stringValue == name }
            if let value = setting?["valueInteger"]?.numberValue, value != 0 { limit = Int(value) }
        }
        let key = incoming.clientIP + (isAuthURL ? ":auth" : "")
        return requestLimiter.consume(key: key, limit: limit, now: clock.now())
    }
}

/// The base URL, known once the server listens (port 0 picks the port).
final class BaseURL: Sendable {
    private let storage = Mutex("")

    var value: String { storage.withLock { $0 } }

    func set(_ url: String) {
        storage.withLock { $0 = url }
    }

    /// `http://HOST:PORT/`, as `ListeningAddress.baseURL` writes it.
    static func string(host: String, port: Int) -> String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "http://\(bracketed):\(port)/"
    }
}

extension Reply {
    /// The Hummingbird response; `head` drops the body but keeps its length.
    func response(head: Bool) -> Response {
        var fields = HTTPFields()
        for header in headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        if head {
            if fields[.contentLength] == nil { fields[.contentLength] = String(body.count) }
            return Response(status: .init(code: status), headers: fields)
        }
        return Response(
            status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
