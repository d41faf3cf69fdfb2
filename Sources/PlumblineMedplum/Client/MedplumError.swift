import Foundation
import PlumblineCore
import PlumblineHTTP

/// A Medplum request that did not succeed, described without any credential: the request by
/// method and route, the status, and the server's own explanation (OperationOutcome text or
/// OAuth `error_description`).
public struct MedplumError: Error, Sendable, CustomStringConvertible {
    public let request: String
    public let status: Int
    public let message: String

    public var description: String {
        "Medplum answered HTTP \(status) to \(request): \(message)"
    }

    /// Which exit code this failure means (DESIGN §3).
    public var category: FailureCategory {
        switch status {
        case 401, 403: .credentials
        case 412: .stale
        case 429, 500...599: .unavailable
        default: .rejected
        }
    }

    /// Reads the explanation out of an error body: an OperationOutcome's issue texts, an OAuth
    /// error, or the start of whatever else came back.
    static func explanation(of body: JSONValue?, raw: String) -> String {
        if let issues = body?["issue"]?.array {
            let texts = issues.compactMap { issue in
                issue["details"]?["text"]?.string ?? issue["diagnostics"]?.string
            }
            if !texts.isEmpty { return texts.joined(separator: "; ") }
        }
        if let description = body?["error_description"]?.string { return description }
        if let message = body?["msg"]?.string { return message }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "no explanation" : String(trimmed.prefix(200))
    }
}

/// Turns a transport failure into the same vocabulary.
extension TransportError {
    var category: FailureCategory {
        switch self {
        case .insecureURL: .rejected
        case .unreachable, .exhaustedRetries, .cancelled: .unavailable
        }
    }
}
