/// `/oauth2/*` and `/auth/*`.
extension MedplumServer {
    func oauth(_ incoming: IncomingRequest, segments: [String], body: ParsedBody, auth: AuthState?) async -> Reply? {
        guard segments.count == 1 else { return nil }
        switch (incoming.method, segments[0]) {
        case ("POST", "token"):
            // `req.is(...)` is false for a request without a body (no Content-Length or
            // Transfer-Encoding), whatever its Content-Type says.
            let hasBody = incoming.header("Content-Length") != nil || incoming.header("Transfer-Encoding") != nil
            guard hasBody, RequestBodyParser.kind(of: incoming.header("Content-Type")) == .form else {
                return .html("Unsupported content type", status: 400)
            }
            let request = TokenRequest(
                form: body.formPairs, authorization: incoming.header("Authorization"), remoteAddress: incoming.clientIP,
                userAgent: incoming.header("User-Agent"))
            let key = key
            let base = baseURL.value
            let now = store.now
            return await runReplying { state in state.token(request, key: key, baseURL: base, now: now) }
        case ("GET", "logout"), ("POST", "logout"):
            if let refusal = requireAuth(incoming, auth) { return refusal }
            guard let auth else { return nil }
            let tracing = incoming.tracing
            return await runReplying { state in
                state.logout(auth)
                return .outcome(.allOK, tracing: tracing)
            }
        case ("GET", "userinfo"), ("POST", "userinfo"):
            if let refusal = requireAuth(incoming, auth) { return refusal }
            guard let auth else { return nil }
            return await runReplying { state in state.userInfo(auth) }
        default:
            return nil
        }
    }

    func authRoutes(_ incoming: IncomingRequest, segments: [String], body: ParsedBody, auth: AuthState?) async
        -> Reply?
    {
        guard segments.count == 1 else { return nil }
        switch (incoming.method, segments[0]) {
        case ("GET", "me"), ("HEAD", "me"):
            if let refusal = requireAuth(incoming, auth) { return refusal }
            guard let auth else { return nil }
            return await runReplying { state in state.me(auth) }
        case ("POST", "revoke"):
            if let refusal = requireAuth(incoming, auth) { return refusal }
            guard let auth else { return nil }
            let loginID = body.json["loginId"]?.stringValue
            let tracing = incoming.tracing
            return await runReplying { state in state.revoke(loginID: loginID, auth: auth, tracing: tracing) }
        default:
            return nil
        }
    }
}
