import Foundation

/// Why a request produced no usable response. Messages never contain credentials: they name the
/// request by method and route, not by its headers or body.
public enum TransportError: Error, Sendable, CustomStringConvertible, Equatable {
    /// `http:` to a host that is not this machine: credentials would travel in clear text.
    case insecureURL(host: String)
    /// The connection failed, timed out or broke, after every retry the request allowed.
    case unreachable(request: String, host: String, reason: String, attempts: Int)
    /// The server kept answering a retryable status (429, 5xx) until the retries ran out.
    case exhaustedRetries(request: String, status: Int, attempts: Int)
    /// The run is being cancelled (SIGTERM); the request was not sent.
    case cancelled

    public var description: String {
        switch self {
        case .insecureURL(let host):
            "refusing plain http to \(host): only loopback servers may be reached without TLS; use https"
        case .unreachable(let request, let host, let reason, let attempts):
            "\(request) to \(host) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
        case .exhaustedRetries(let request, let status, let attempts):
            "\(request) still answered HTTP \(status) after \(attempts) attempts; the server is overloaded or failing, try again later"
        case .cancelled:
            "cancelled before the request was sent"
        }
    }
}

/// A read-only transport was asked to send a request that could change something. It never
/// reaches the server: a bug in plumbline, reported as such.
public struct ReadOnlyViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let request: String

    public init(request: String) { self.request = request }

    public var description: String {
        "refused to send \(request): this command only reads, and the request could change the server (a plumbline bug; please report it)"
    }
}
