import Foundation
import PlumblineCore
import PlumblineHTTP

/// Talks to one Stytch B2B project with HTTP Basic (project id and secret) on every request
/// (contract 1.2), through the shared transport.
public final class StytchClient: Sendable {
    public let connection: StytchConnection
    let transport: HTTPTransport
    private let authorization: String

    public init(connection: StytchConnection, transport: HTTPTransport) {
        self.connection = connection
        self.transport = transport
        authorization = Self.basicAuthorization(connection.projectId, connection.secret, redactor: transport.redactor)
    }

    /// `Basic base64(user:secret)`, with the secret and the encoded pair registered for redaction.
    static func basicAuthorization(_ user: String, _ secret: Secret<String>, redactor: Redactor) -> String {
        let credentials = Data("\(user):\(secret.reveal())".utf8).base64EncodedString()
        redactor.register(secret.reveal())
        redactor.register(credentials)
        return "Basic \(credentials)"
    }

    /// Sends a request and returns its JSON body; throws `StytchError` for any status ≥ 400.
    /// `path` segments must already be percent-encoded (see `segment`).
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        route: String, retry: RetryClass? = nil, isRead: Bool? = nil
    ) async throws -> JSONValue {
        try decode(try await send(method, path, query: query, body: body, route: route, retry: retry, isRead: isRead), of: "\(method.rawValue) \(route)")
    }

    /// The same request, answered before its body is parsed (see `decode`): what a paged read
    /// glances at.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        route: String, retry: RetryClass? = nil, isRead: Bool? = nil
    ) async throws -> HTTPResponse {
        var components = URLComponents(string: connection.baseURL.description + path) ?? URLComponents()
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        var headers: [(name: String, value: String)] = [("Authorization", authorization), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await transport.send(HTTPRequest(
            method: method, url: components.url ?? URL(fileURLWithPath: "/"), headers: headers, body: body?.encoded(),
            route: route, retry: retry, isRead: isRead
        ))
    }

    /// The JSON of a successful answer to `request` (`POST /v1/…`); `StytchError` for any other.
    func decode(_ response: HTTPResponse, of request: String) throws -> JSONValue {
        try decode(response, of: request, parsedBy: JSONValue.parse)
    }

    /// The same, the body read by `parse` (which throws only for text that is not JSON).
    func decode<Parsed>(_ response: HTTPResponse, of request: String, parsedBy parse: (Data) throws -> Parsed) throws -> Parsed {
        guard response.isSuccess, let parsed = try? parse(response.body) else {
            throw StytchError(request: request, status: response.status, body: try? JSONValue.parse(response.body), raw: response.body)
        }
        return parsed
    }

    /// A path segment percent-encoded with nothing kept (`@` → `%40`), as Stytch's SDKs send it.
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
