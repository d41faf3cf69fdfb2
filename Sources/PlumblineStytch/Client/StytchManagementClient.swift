import Foundation
import PlumblineCore
import PlumblineHTTP

/// Talks to Stytch's Management API (contract 8.1) with the workspace management key (HTTP Basic,
/// key id and secret), under `/pwa/v3/projects/{project_slug}/environments/{environment_slug}/`.
public final class StytchManagementClient: Sendable {
    public let connection: StytchManagementConnection
    let transport: HTTPTransport
    private let authorization: String

    public init(connection: StytchManagementConnection, transport: HTTPTransport) {
        self.connection = connection
        self.transport = transport
        authorization = StytchClient.basicAuthorization(connection.keyId, connection.secret, redactor: transport.redactor)
    }

    /// `projectSlug/environmentSlug`: how plans key this environment's configuration.
    public var key: String { "\(connection.projectSlug)/\(connection.environmentSlug)" }

    /// Sends a request below the environment's path and returns its JSON body; throws
    /// `StytchError` for anything but 200/201 (what Stytch's own management client accepts).
    func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, route: String) async throws -> JSONValue {
        let environment = "pwa/v3/projects/\(StytchClient.segment(connection.projectSlug))/environments/\(StytchClient.segment(connection.environmentSlug))"
        var headers: [(name: String, value: String)] = [("Authorization", authorization), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = HTTPRequest(
            method: method, url: URL(string: connection.baseURL.description + "\(environment)/\(path)") ?? URL(fileURLWithPath: "/"),
            headers: headers, body: body?.encoded(), route: "/pwa/v3/projects/:slug/environments/:slug/\(route)"
        )
        let response = try await transport.send(request)
        let json = try? JSONValue.parse(response.body)
        guard response.status == 200 || response.status == 201, let json else {
            throw StytchError(request: request.countedAs, status: response.status, body: json, raw: response.body)
        }
        return json
    }
}
