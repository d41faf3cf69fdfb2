/// The routers Medplum mounts (at `/` and `/api/`), and Express's 404 for everything else.
extension MedplumServer {
    func route(_ incoming: IncomingRequest, body: ParsedBody, auth: AuthState?) async -> Reply {
        let segments = incoming.segments(droppingFirst: 0)
        let method = incoming.method
        let isRead = method == "GET" || method == "HEAD"
        let notFound = ExpressPages.notFound(method: method, path: incoming.originalPath)
        if method == "OPTIONS", let allowed = Self.automaticOptions(segments) {
            return .html(allowed.joined(separator: ","), status: 200, allow: allowed)
        }
        guard let first = segments.first else {
            return isRead ? .text("OK") : notFound
        }
        switch first {
        case "robots.txt" where segments.count == 1 && isRead:
            return .text("User-agent: *\nDisallow: /")
        case "healthcheck" where segments.count == 1 && isRead:
            return PublicEndpoints.healthcheck()
        case "openapi.json" where segments.count == 1 && isRead:
            return PublicEndpoints.openAPI(baseURL: baseURL.value)
        case ".well-known" where isRead:
            return wellKnown(Array(segments.dropFirst())) ?? notFound
        case "oauth2":
            return await oauth(incoming, segments: Array(segments.dropFirst()), body: body, auth: auth) ?? notFound
        case "auth":
            return await authRoutes(incoming, segments: Array(segments.dropFirst()), body: body, auth: auth) ?? notFound
        case "admin":
            return await admin(incoming, segments: Array(segments.dropFirst()), body: body, auth: auth) ?? notFound
        case "scim" where segments.count >= 2 && segments[1] == "v2":
            // Only SCIM's guard is emulated: non-admins are refused as Medplum refuses them.
            if let refusal = adminGuard(incoming, auth: auth) { return refusal }
            return notFound
        case "fhir" where segments.count >= 2 && segments[1] == "R4":
            return await fhir(incoming, segments: Array(segments.dropFirst(2)), body: body, auth: auth)
        default:
            return notFound
        }
    }

    /// Express answers `OPTIONS` on a path whose routes exist for other methods with `200` and
    /// an `Allow` list (before any route-level authentication runs). Routers with router-wide
    /// authentication (`/admin/`, `/scim/`, `/fhir/R4/`) never get here: they answer 401 first.
    static func automaticOptions(_ segments: [String]) -> [String]? {
        let readOnly = ["GET", "HEAD"]
        if segments.count == 2, segments[0] == ".well-known", PublicEndpoints.wellKnownNames.contains(segments[1]) {
            return readOnly
        }
        switch segments {
        case [], ["robots.txt"], ["healthcheck"], ["openapi.json"], ["auth", "me"]: return readOnly
        case ["oauth2", "token"], ["auth", "revoke"]: return ["POST"]
        case ["oauth2", "logout"], ["oauth2", "userinfo"]: return ["GET", "HEAD", "POST"]
        default: return nil
        }
    }

    /// `/.well-known/*` (also served under `fhir/R4/` for the SMART documents).
    func wellKnown(_ segments: [String]) -> Reply? {
        guard segments.count == 1 else { return nil }
        let base = baseURL.value
        switch segments[0] {
        case "jwks.json": return .json(["keys": [key.publicJWK]])
        case "openid-configuration", "oauth-authorization-server": return PublicEndpoints.openIDConfiguration(baseURL: base)
        case "oauth-protected-resource": return PublicEndpoints.protectedResource(baseURL: base)
        case "smart-configuration": return PublicEndpoints.smartConfiguration(baseURL: base)
        case "smart-styles.json": return PublicEndpoints.smartStyles
        default: return nil
        }
    }

    /// 401 for anonymous callers.
    func requireAuth(_ incoming: IncomingRequest, _ auth: AuthState?) -> Reply? {
        auth == nil ? .outcome(.unauthorized, tracing: incoming.tracing) : nil
    }

    /// The admin and SCIM routers' guard: 401, then 403 unless project admin or super admin.
    func adminGuard(_ incoming: IncomingRequest, auth: AuthState?) -> Reply? {
        guard let auth else { return .outcome(.unauthorized, tracing: incoming.tracing) }
        guard auth.caller.kind == .projectAdmin || auth.caller.kind == .superAdmin else {
            return .outcome(.forbidden, tracing: incoming.tracing)
        }
        return nil
    }

    private func admin(_ incoming: IncomingRequest, segments: [String], body: ParsedBody, auth: AuthState?) async
        -> Reply?
    {
        if let refusal = adminGuard(incoming, auth: auth) { return refusal }
        guard let auth else { return nil }
        if segments.first == "super" {
            return auth.caller.kind == .superAdmin ? nil : .outcome(.forbidden, tracing: incoming.tracing)
        }
        let context = AdminContext(
            auth: auth, tracing: incoming.tracing, now: store.now, baseURL: baseURL.value,
            appBaseURL: responseHeaders.appBaseURL ?? "http://localhost:3000/")
        let method = incoming.method
        let json = body.json
        return await runReplying { state in
            state.admin(method: method, segments: segments, body: json, context: context)
        }
    }

    /// Runs a store step that answers with a reply (or nil); a thrown error is a 500.
    func runReplying(_ body: @Sendable (inout StoreState) throws -> Reply?) async -> Reply? {
        do {
            return try await store.run(body)
        } catch let outcome as Outcome {
            return .outcome(outcome, tracing: nil)
        } catch {
            return ExpressPages.internalServerError
        }
    }
}
