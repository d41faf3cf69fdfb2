import Foundation

/// An HTTP method.
public enum HTTPMethod: String, Sendable, Hashable, Codable {
    case get = "GET", head = "HEAD", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", options = "OPTIONS"
}

/// One request as a provider describes it: what to send, how to count it, and whether it may be
/// sent again after a failure.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: URL
    /// Header names are sent as given; `Authorization` is never logged.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The route template the request counter and logs use, e.g. `/fhir/R4/ProjectMembership/:id`.
    public var route: String
    public var retry: RetryClass
    /// Overrides the transport's default timeout.
    public var timeout: Duration?
    /// Whether the request only reads: GET, HEAD and OPTIONS are; a POST that reads (a search, a
    /// token request) says so. A read-only transport refuses everything else.
    public var isRead: Bool

    public init(
        method: HTTPMethod, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil,
        route: String, retry: RetryClass? = nil, timeout: Duration? = nil, isRead: Bool? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.route = route
        self.retry = retry ?? RetryClass.default(for: method)
        self.timeout = timeout
        self.isRead = isRead ?? [.get, .head, .options].contains(method)
    }

    /// The value of the first header named `name` (case-insensitively).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `GET /fhir/R4/ProjectMembership`: how requests are counted and logged.
    public var countedAs: String { "\(method.rawValue) \(route)" }
}

/// Whether a request may be sent again after a failure that may or may not have reached the
/// server.
public enum RetryClass: Sendable, Hashable {
    /// Repeating it cannot change the outcome: reads, PUT with If-Match, DELETE, conditional
    /// creates, searches.
    case idempotent
    /// Repeating it after it reached the server could do the work twice (an invitation, a create):
    /// retried only when the failure proves the server did not process it (429, connection refused).
    case onlyIfNotProcessed

    static func `default`(for method: HTTPMethod) -> RetryClass {
        switch method {
        case .get, .head, .options, .put, .delete: .idempotent
        case .post, .patch: .onlyIfNotProcessed
        }
    }
}

/// A response: status, headers (looked up case-insensitively) and the whole body.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.body = body
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
