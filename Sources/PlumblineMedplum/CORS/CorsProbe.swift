import Foundation
import PlumblineCore
import PlumblineHTTP

/// What a Medplum server answered to a browser's CORS preflight from one origin.
public struct PreflightAnswer: Sendable, Equatable {
    public let origin: String
    public let status: Int
    /// `Access-Control-Allow-Origin` as sent (nil when absent).
    public let allowOrigin: String?
    public let allowCredentials: Bool

    public init(origin: String, status: Int, allowOrigin: String?, allowCredentials: Bool) {
        self.origin = origin
        self.status = status
        self.allowOrigin = allowOrigin
        self.allowCredentials = allowCredentials
    }

    /// Whether a browser on `origin` may call the API with credentials.
    public var allowed: Bool {
        (200..<300).contains(status) && (allowOrigin == origin || allowOrigin == "*") && allowCredentials
    }

    /// Whether the server answered with a wildcard, which no browser accepts with credentials.
    public var wildcard: Bool { allowOrigin == "*" }

    /// The answer as the core judges it.
    public var observation: CorsObservation {
        CorsObservation(
            origin: origin, status: status, allowed: allowed, wildcard: wildcard,
            withoutCredentials: (200..<300).contains(status) && allowOrigin == origin && !allowCredentials
        )
    }
}

/// Checks Medplum's CORS configuration from outside, as a browser would (DESIGN §4): Medplum's
/// allowed origins live in the server's configuration, not its API, so a preflight `OPTIONS`
/// against the FHIR path is the only way to see them.
public struct CorsProbe: Sendable {
    let baseURL: ServerURL
    let transport: HTTPTransport

    public init(baseURL: ServerURL, transport: HTTPTransport) {
        self.baseURL = baseURL
        self.transport = transport
    }

    /// Preflights from every declared origin and from `CorsCheck.canary`; the observations are
    /// in that order.
    public func check(_ origins: [WebOrigin]) async throws -> [CorsObservation] {
        try await preflights(from: origins.map(\.description) + [CorsCheck.canary]).map(\.observation)
    }

    /// A preflight from each origin, side by side; the answers are in the origins' order.
    public func preflights(from origins: [String]) async throws -> [PreflightAnswer] {
        let probe = self
        return try await BoundedConcurrency.map(origins, limit: origins.count) { try await probe.preflight(from: $0) }
    }

    /// The preflight a browser sends before `GET fhir/R4/Patient` with a bearer token.
    public func preflight(from origin: String, path: String = "fhir/R4/Patient") async throws -> PreflightAnswer {
        guard let url = URL(string: baseURL.description + path) else {
            throw TransportError.insecureURL(host: baseURL.host)
        }
        let request = HTTPRequest(
            method: .options, url: url,
            headers: [
                ("Origin", origin), ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "authorization,content-type"),
            ],
            route: "/\(path)", retry: .idempotent
        )
        let response = try await transport.send(request)
        return PreflightAnswer(
            origin: origin, status: response.status, allowOrigin: response.header("access-control-allow-origin"),
            allowCredentials: response.header("access-control-allow-credentials")?.lowercased() == "true"
        )
    }
}
