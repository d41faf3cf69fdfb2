import Foundation

/// The headers Medplum's first two middlewares put on every response: the security headers of
/// `standardHeaders` (contract 1.2) and the CORS decision of `cors.ts` (contract 6.1).
struct ResponseHeaders: Sendable {
    /// `allowedOrigins`; `["*"]` means every origin.
    let allowedOrigins: [String]
    let appBaseURL: String?

    static let standard: [Reply.Header] = [
        .init(name: "Cache-Control", value: "no-store, no-cache, must-revalidate"),
        .init(name: "Pragma", value: "no-cache"),
        .init(
            name: "Content-Security-Policy",
            value: "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none';"),
        .init(
            name: "Permissions-Policy",
            value:
                "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
        ),
        .init(name: "Referrer-Policy", value: "no-referrer"),
        .init(name: "X-Content-Type-Options", value: "nosniff"),
        .init(name: "X-Frame-Options", value: "DENY"),
        .init(name: "X-XSS-Protection", value: "1; mode=block"),
    ]

    /// The paths CORS covers in 5.0.10 (the `/api/` alias is not among them).
    static let corsPrefixes = [
        "/.well-known/", "/admin/", "/auth/", "/email/", "/fhir/", "/fhircast/", "/oauth2/", "/keyvalue/", "/storage/",
    ]

    static let exposedHeaders = "Content-Location,ETag,Last-Modified,Location"

    /// The request's `Origin` when CORS applies to it, else nil.
    func allowedOrigin(_ request: IncomingRequest) -> String? {
        guard let origin = request.header("Origin") else { return nil }
        let originAllowed =
            (appBaseURL?.hasPrefix(origin) ?? false) || allowedOrigins == ["*"]
            || allowedOrigins.contains { $0.trimmingCharacters(in: .whitespaces) == origin }
        let pathAllowed = Self.corsPrefixes.contains { request.originalPath.hasPrefix($0) }
        return originAllowed && pathAllowed ? origin : nil
    }

    /// The preflight answer the `cors` package gives itself: 204, empty, methods and the request's
    /// `Access-Control-Request-Headers` reflected.
    func preflight(_ request: IncomingRequest, origin: String) -> Reply {
        var reply = Reply(status: 204)
        reply.headers.append(contentsOf: Self.standard)
        reply.appendHeader("Access-Control-Allow-Origin", origin)
        reply.addVary("Origin")
        reply.appendHeader("Access-Control-Allow-Credentials", "true")
        reply.appendHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
        reply.addVary("Access-Control-Request-Headers")
        if let requested = request.header("Access-Control-Request-Headers"), !requested.isEmpty {
            reply.appendHeader("Access-Control-Allow-Headers", requested)
        }
        reply.appendHeader("Access-Control-Expose-Headers", Self.exposedHeaders)
        reply.appendHeader("Content-Length", "0")
        return reply
    }

    /// Adds the standard headers (unless the response already set its own, as Express's 404 page
    /// does for `Content-Security-Policy`), the CORS headers when allowed, and `Vary:
    /// Accept-Encoding` on compressible bodies as the `compression` middleware does.
    func decorate(_ reply: Reply, origin: String?) -> Reply {
        var decorated = Reply(status: reply.status, headers: [], body: reply.body)
        for header in Self.standard where reply.header(header.name) == nil {
            decorated.headers.append(header)
        }
        if let origin {
            decorated.appendHeader("Access-Control-Allow-Origin", origin)
            decorated.addVary("Origin")
            decorated.appendHeader("Access-Control-Allow-Credentials", "true")
            decorated.appendHeader("Access-Control-Expose-Headers", Self.exposedHeaders)
        }
        for header in reply.headers {
            if header.name.lowercased() == "vary" {
                decorated.addVary(header.value)
            } else {
                decorated.headers.append(header)
            }
        }
        if let type = reply.header("Content-Type"), Self.isCompressible(type) {
            decorated.addVary("Accept-Encoding")
        }
        return decorated
    }

    private static func isCompressible(_ contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.hasPrefix("text/") || type.contains("json") || type.contains("javascript") || type.contains("xml")
    }
}
