import Foundation
import PlumblineCore
import PlumblineHTTP

/// A Stytch error, keeping what Stytch says about it (contract 1.6): the HTTP status, its
/// `error_type`, `error_message` and `request_id` (what Stytch support asks for). Never the secret.
public struct StytchError: Error, Sendable, CustomStringConvertible {
    public let request: String
    public let status: Int
    public let errorType: String?
    public let errorMessage: String
    public let requestId: String?

    public var description: String {
        var text = "Stytch answered HTTP \(status) to \(request)"
        if let errorType { text += ": \(errorType)" }
        text += " — \(errorMessage)"
        if let requestId, !requestId.isEmpty { text += " (request_id \(requestId))" }
        return text
    }

    public var category: FailureCategory {
        switch status {
        case 401, 403: .credentials
        case 429, 500...599: .unavailable
        default: .rejected
        }
    }

    init(request: String, status: Int, body: JSONValue?, raw: Data) {
        self.request = request
        self.status = status
        errorType = body?["error_type"]?.string ?? body?["error"]?.string
        let text = String(decoding: raw.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        errorMessage = body?["error_message"]?.string ?? body?["error_description"]?.string ?? (text.isEmpty ? "no explanation" : text)
        requestId = body?["request_id"]?.string
    }
}

extension TransportError {
    var category: FailureCategory {
        switch self {
        case .insecureURL: .rejected
        default: .unavailable
        }
    }
}
