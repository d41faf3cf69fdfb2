import Foundation
import Hummingbird
import SandboxSupport

/// The application's responder: `/_sandbox/` goes to the control router; every other request is
/// counted, possibly faulted, and then handled by the emulated server. Medplum's routing does not
/// map onto a router trie (the `/api/` mount, Express's 404 page, FHIR's dynamic paths), so the
/// server dispatches its own paths.
struct MedplumResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let controlRoutes: RouterResponder<SandboxRequestContext>
    let controlMiddleware: SandboxControlMiddleware<SandboxRequestContext>
    let server: MedplumServer

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/_sandbox/") {
            return try await controlRoutes.respond(to: request, context: context)
        }
        return try await controlMiddleware.handle(request, context: context) { request, context in
            await server.respond(to: request, context: context)
        }
    }
}

/// The body an injected fault answers with: what Medplum itself sends for that status.
enum FaultReplies {
    static func response(for status: HTTPResponse.Status) -> Response {
        let tracing = Tracing(requestID: MedplumID.generate(), traceID: MedplumID.generate())
        var reply: Reply
        switch status.code {
        case 400: reply = .outcome(.badRequest("Bad Request"), tracing: tracing)
        case 401: reply = .outcome(.unauthorized, tracing: tracing)
        case 403: reply = .outcome(.forbidden, tracing: tracing)
        case 404: reply = .outcome(.notFound, tracing: tracing)
        case 409: reply = .outcome(.conflict("Conflict"), tracing: tracing)
        case 410: reply = .outcome(.gone, tracing: tracing)
        case 412: reply = .outcome(.preconditionFailed, tracing: tracing)
        case 429:
            // A limiter with no budget yields the state of an exhausted window.
            let decision = FixedWindowLimiter(window: 60, alignment: .firstRequest)
                .consume(key: "fault", limit: 0, now: Date())
            reply = .json(FhirQuota.throttled(decision, limit: 60_000).json(), status: 429)
            reply.setHeader("RateLimit", "\"requests\";r=0;t=60")
        case 500: reply = ExpressPages.internalServerError
        case 504:
            let outcome = Outcome(
                id: "server-timeout", issues: [.init(severity: "error", code: "timeout", text: "Gateway Timeout")])
            reply = .outcome(outcome, tracing: tracing)
        default:
            let phrase = reasonPhrases[status.code] ?? "Error"
            var outcome = Outcome.serverError(phrase)
            outcome.issues[0].text = phrase
            reply = .outcome(outcome, tracing: tracing)
        }
        reply.status = status.code
        return ResponseHeaders(allowedOrigins: [], appBaseURL: nil).decorate(reply, origin: nil).response(head: false)
    }

    /// `HTTPResponse.Status(code:)` carries no phrase, so the usual ones are named here.
    private static let reasonPhrases: [Int: String] = [
        405: "Method Not Allowed", 408: "Request Timeout", 413: "Payload Too Large", 415: "Unsupported Media Type",
        422: "Unprocessable Entity", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
    ]
}
