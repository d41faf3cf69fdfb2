import Foundation
@testable import MedplumSandbox
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer as a test sees it.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    /// A header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON (fails the test when it is not).
    var json: JSON {
        get throws { try JSONParser.parse([UInt8](body)) }
    }
}

/// A URLSession-based client for the sandbox (libcurl underneath, as plumbline's transport).
struct SandboxClient: Sendable {
    let baseURL: String
    let credentials: MedplumSandboxCredentials

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        return URLSession(configuration: configuration)
    }()

    init(_ sandbox: RunningMedplumSandbox) {
        self.init(baseURL: sandbox.baseURL, credentials: sandbox.credentials)
    }

    init(baseURL: String, credentials: MedplumSandboxCredentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }

    /// Sends a request to `path` (relative to the base URL, no leading slash needed).
    func send(
        _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> HTTPAnswer {
        let url = path.hasPrefix("http") ? path : baseURL + (path.hasPrefix("/") ? String(path.dropFirst()) : path)
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        return HTTPAnswer(status: http.statusCode, headers: fields, body: data)
    }

    /// Sends JSON (`application/fhir+json` unless told otherwise) with a Bearer token or other auth.
    func send(
        _ method: String, _ path: String, json: JSON, auth: String?, contentType: String = "application/fhir+json",
        headers: [String: String] = [:]
    ) async throws -> HTTPAnswer {
        var all = headers
        all["Content-Type"] = contentType
        if let auth { all["Authorization"] = auth }
        return try await send(method, path, headers: all, body: Data(JSONWriter.serialize(json)))
    }

    /// A GET with an `Authorization` value.
    func fetch(_ path: String, auth: String?, headers: [String: String] = [:]) async throws -> HTTPAnswer {
        var all = headers
        if let auth { all["Authorization"] = auth }
        return try await send("GET", path, headers: all)
    }

    /// A form-encoded `POST /oauth2/token`.
    func token(form: [(String, String)], headers: [String: String] = [:]) async throws -> HTTPAnswer {
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        let body = form.map { "\(URLEncoding.encodeComponent($0.0))=\(URLEncoding.encodeComponent($0.1))" }
            .joined(separator: "&")
        return try await send("POST", "oauth2/token", headers: all, body: Data(body.utf8))
    }

    /// A Bearer token of the project-admin client.
    func adminBearer() async throws -> String {
        try await bearer(clientID: credentials.clientId, secret: credentials.clientSecret)
    }

    /// A Bearer token of the super-admin client.
    func superAdminBearer() async throws -> String {
        try await bearer(clientID: credentials.superAdminClientId, secret: credentials.superAdminClientSecret)
    }

    func bearer(clientID: String, secret: String) async throws -> String {
        let answer = try await token(form: [
            ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret),
        ])
        #expect(answer.status == 200, "token request failed: \(answer.text)")
        return "Bearer " + (try answer.json["access_token"]?.stringValue ?? "")
    }

    /// HTTP Basic for a client.
    static func basic(_ clientID: String, _ secret: String) -> String {
        "Basic " + Data("\(clientID):\(secret)".utf8).base64EncodedString()
    }
}

/// Boots a sandbox on 127.0.0.1:0 for one test.
func withSandbox<T: Sendable>(
    _ configuration: MedplumSandboxConfiguration = MedplumSandboxConfiguration(),
    _ body: (SandboxClient, RunningMedplumSandbox) async throws -> T
) async throws -> T {
    try await MedplumSandbox.withRunning(configuration) { sandbox in
        try await body(SandboxClient(sandbox), sandbox)
    }
}

extension JSON {
    /// The first issue's `details.text` of an OperationOutcome.
    var issueText: String? { self["issue"]?.arrayValue?.first?["details"]?["text"]?.stringValue }
    /// The first issue's `code`.
    var issueCode: String? { self["issue"]?.arrayValue?.first?["code"]?.stringValue }
}
