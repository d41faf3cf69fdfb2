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
        default:
            var outcome = Outcome.serverError(status.reasonPhrase)
            outcome.issues[0].text = status.reasonPhrase
            reply = .outcome(outcome, tracing: tracing)
        }
        reply.status = status.code
        return ResponseHeaders(allowedOrigins: [], appBaseURL: nil).decorate(reply, origin: nil).response(head: false)
    }
}
