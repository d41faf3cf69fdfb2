import Foundation
import PlumblineCore
import PlumblineHTTP

/// Talks to one Medplum project as a client-credentials ClientApplication (contract §2): a cached
/// bearer token renewed once on 401, FHIR requests under `fhir/R4/`, admin requests under
/// `admin/projects/:id/`, every request through the shared transport.
public final class MedplumClient: Sendable {
    public let connection: MedplumConnection
    let transport: HTTPTransport
    private let tokens = TokenCache()

    /// `X-Medplum: extended`: responses keep `meta.author` (contract 4.5), which drift reports.
    public static let extendedMode: (name: String, value: String) = ("X-Medplum", "extended")

    public init(connection: MedplumConnection, transport: HTTPTransport) {
        self.connection = connection
        self.transport = transport
        transport.redactor.register(connection.client.clientSecret.reveal())
    }

    /// `baseUrl` + `path` (a path relative to the server root, e.g. `fhir/R4/AccessPolicy`).
    func url(_ path: String, query: [(String, String)] = []) -> URL {
        var components = URLComponents(string: connection.baseURL.description + path) ?? URLComponents()
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        // `+` is a space in form encoding; Medplum decodes queries that way, so send it escaped.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url ?? URL(fileURLWithPath: "/")
    }

    /// Sends an authenticated request; on 401 renews the token once and tries again.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let token = try await accessToken()
        let response = try await transport.send(authorized(request, token))
        guard response.status == 401 else { return response }
        await tokens.invalidate(token)
        return try await transport.send(authorized(request, try await accessToken()))
    }

    /// Sends a request and decodes its JSON body, throwing `MedplumError` for any status ≥ 400.
    func json(_ request: HTTPRequest) async throws -> JSONValue {
        try await json(request, parsedBy: JSONValue.parse)
    }

    private func json<Parsed>(_ request: HTTPRequest, parsedBy parse: (Data) throws -> Parsed) async throws -> Parsed {
        try decode(try await successfulResponse(request), of: request.countedAs, parsedBy: parse)
    }

    /// The response to `request`, throwing `MedplumError` for any status ≥ 400.
    func successfulResponse(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await send(request)
        guard response.isSuccess else {
            let raw = String(decoding: response.body, as: UTF8.self)
            let explanation = MedplumError.explanation(of: try? JSONValue.parse(response.body), raw: raw)
            throw MedplumError(request: request.countedAs, status: response.status, message: transport.redactor.redact(explanation))
        }
        return response
    }

    /// A successful response's body, parsed; `MedplumError` when it is not JSON.
    func decode<Parsed>(_ response: HTTPResponse, of request: String, parsedBy parse: (Data) throws -> Parsed) throws -> Parsed {
        guard let parsed = try? parse(response.body) else {
            throw MedplumError(request: request, status: response.status, message: "the body is not JSON")
        }
        return parsed
    }

    /// A JSON request: body encoded, FHIR content type, route for counting.
    func request(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        headers: [(name: String, value: String)] = [], route: String, retry: RetryClass? = nil
    ) -> HTTPRequest {
        var allHeaders = headers + [("Accept", "application/fhir+json")]
        if body != nil { allHeaders.append(("Content-Type", "application/fhir+json")) }
        return HTTPRequest(method: method, url: url(path, query: query), headers: allHeaders, body: body?.encoded(), route: route, retry: retry)
    }

    private func authorized(_ request: HTTPRequest, _ token: String) -> HTTPRequest {
        var request = request
        request.headers.append((name: "Authorization", value: "Bearer \(token)"))
        return request
    }

    private func accessToken() async throws -> String {
        try await tokens.token { [self] in try await self.fetchToken() }
    }

    /// `POST /oauth2/token` with the client-credentials grant (form body; contract 2.1).
    private func fetchToken() async throws -> (String, Duration) {
        var form = URLComponents()
        form.queryItems = [
            URLQueryItem(name: "grant_type", value: "client_credentials"),
            URLQueryItem(name: "client_id", value: connection.client.clientId),
            URLQueryItem(name: "client_secret", value: connection.client.clientSecret.reveal()),
        ]
        let body = (form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        let request = HTTPRequest(
            method: .post, url: url("oauth2/token"),
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Data(body.utf8), route: "/oauth2/token", retry: .idempotent, isRead: true
        )
        let response = try await transport.send(request)
        let json = try? JSONValue.parse(response.body)
        guard response.isSuccess, let issued = json.flatMap(Self.token(from:)) else {
            let explanation = MedplumError.explanation(of: json, raw: String(decoding: response.body, as: UTF8.self))
            // The token endpoint answers 400 for refused credentials; report them as such.
            throw MedplumError(request: "POST /oauth2/token", status: response.status == 400 ? 401 : response.status, message: "client credentials refused: \(transport.redactor.redact(explanation)); check medplum.clientId and medplum.clientSecret")
        }
        transport.redactor.register(issued.value)
        return issued
    }

    /// The access token of a token response and its lifetime (an hour when not given).
    static func token(from response: JSONValue) -> (value: String, lifetime: Duration)? {
        guard let token = response["access_token"]?.string else { return nil }
        return (token, .seconds(response["expires_in"]?.int ?? 3_600))
    }
}
